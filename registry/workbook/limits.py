"""What an imported spreadsheet may cost, checked before anything is expanded: a file of a few
kilobytes can declare billions of cells or gigabytes of text, and is refused at the cell that says so."""

from __future__ import annotations

from ..errors import RegistryError

MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
"""Excel's and LibreOffice's own sheet size: a cell beyond it was not typed by anyone."""
MAX_CELLS = 500_000
"""A register spreadsheet holds a few thousand filled cells (5,000 activities at most, V017)."""
MAX_CELL_TEXT = 32_767
"""Excel's limit for one cell."""
MAX_CHARACTERS = 20_000_000
"""All the text of all the cells, repeated cells counted each time."""


class OverLimit(RegistryError):
    """The spreadsheet asks for more than a register can hold; ``where`` is the cell (``Fiche 3!B12``)
    or the part of the file that says so."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.reason = message


class Budget:
    """The cells and characters read so far in a workbook, refused as soon as a sheet would pass a limit."""

    def __init__(self) -> None:
        self.cells = 0
        self.characters = 0

    def take(self, where: str, row: int, column: int, text_length: int, copies: int = 1) -> None:
        """Account for ``copies`` cells of ``text_length`` characters at ``row``, ``column`` (the first copy),
        before they are made."""
        if row > MAX_ROWS or column > MAX_COLUMNS:
            raise OverLimit(where, f"a filled cell beyond row {MAX_ROWS:,} or column {MAX_COLUMNS:,}, the largest "
                                   "sheet a spreadsheet program makes; this is not a register")
        if text_length > MAX_CELL_TEXT:
            raise OverLimit(where, f"a cell of {text_length:,} characters, more than a spreadsheet cell holds "
                                   f"({MAX_CELL_TEXT:,}); this is not a register")
        self.cells += copies
        self.characters += copies * text_length
        if self.cells > MAX_CELLS:
            raise OverLimit(where, f"more than {MAX_CELLS:,} filled cells (repeated cells counted); "
                                   "this is not a register")
        if self.characters > MAX_CHARACTERS:
            raise OverLimit(where, f"more than {MAX_CHARACTERS:,} characters of text (repeated cells counted); "
                                   "this is not a register")
