"""Renderers: the register as HTML (Jinja2) and as PDF (WeasyPrint, imported only when needed)."""
