"""The CNIL spreadsheet (``registre-traitement-simplifie.ods``): the register laid out as the CNIL
template, written by :mod:`registry.export.cnil_workbook` and read back, with real users' variations,
by :mod:`.importer`: this package holds the import only."""
