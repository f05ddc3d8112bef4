"""The register's PDF: laid out in chunks over processes, then assembled."""
