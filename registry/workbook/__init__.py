"""Spreadsheets in and out: a workbook described once, written as xlsx or ods, and read back as grids.

The register's exports describe *what* goes in which cell (:mod:`.book`);
:mod:`.xlsx` and :mod:`.ods` turn that into files, with openpyxl and as streamed XML.
Imports read any workbook into :class:`~.grid.Grid` objects, which name their
cells as a spreadsheet user does (``Fiche 3!B12``).
"""
