"""The CNIL spreadsheet (``registre-traitement-simplifie.ods``): the register laid out as the CNIL
template, written by :mod:`.export` and read back, with real users' variations, by :mod:`.importer`."""
