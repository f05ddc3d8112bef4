"""Find the CNIL template's blocks in a user's workbook, wherever they moved.

Nothing is read by fixed cell address: a label is recognised in its row
(whatever the column), a table's columns by its header row, and a section
runs until the next section title. So inserted rows, extra or reordered
columns, merged titles and a renamed sheet are all read the same way. Every
value keeps the cell it came from, for the import report.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..workbook.grid import Grid
from .labels import is_label, is_to_complete, normalise, numbered, spellings

SECTIONS = ("description_section", "actors", "purposes_section", "data_section", "sensitive_section",
            "subjects_section", "recipients_section", "security_section", "transfers_section", "complements_section")
FIELDS = ("organisation", "last_name", "first_name", "company", "address", "email", "postcode", "city", "country",
          "phone")
BLOCKS: dict[str, tuple[str, ...]] = {
    "controller_block": FIELDS, "representative_block": FIELDS, "dpo_block": FIELDS,
    "organisation_section": ("legal_form", "registration", "website", "headcount", "public_authority",
                             "representative_role", "privacy_policy", "partner_list", "rights_contact"),
    "recipients_details": (),
}
"""The blocks of the first sheet and the labels of their rows: the template's three, then our exports' own
(the organisation's details, and the table of recipients, whose columns are :data:`RECIPIENT_COLUMNS`)."""
RECIPIENT_COLUMNS = ("recipient_name", "recipient_kind", "recipient_service", "recipient_country",
                     "recipient_contract", "recipient_address")
HEADERS = {
    "actors": ("actor_name", "actor_address", "actor_postcode", "actor_city", "actor_country", "actor_phone",
               "actor_email"),
    "purposes_section": ("data_description", "legal_basis"),
    "data_section": ("data_description", "retention"),
    "sensitive_section": ("data_description", "retention"),
    "subjects_section": ("data_description", "details"),
    "recipients_section": ("recipient_type_column", "details", "more"),
    "security_section": ("security_type_column", "details"),
    "transfers_section": ("transfer_recipient", "transfer_country", "transfer_tool", "transfer_documentation"),
    "complements_section": ("complement_item", "complement_value"),
}
LABELLED = {"description_section": ("name", "ref", "created", "updated", "fiche_description", "owner"),
            "actors": ("controller", "dpo", "dpo_company", "representative", "joint_controllers"),
            "purposes_section": ("main_purpose",)}
"""The sections whose rows the import reads by their label: a row of another label there is kept as a note."""
WIDTH = {"description_section": 1, "actors": 7, "purposes_section": 2, "data_section": 2, "sensitive_section": 2,
         "subjects_section": 2, "recipients_section": 3, "security_section": 2, "transfers_section": 4,
         "complements_section": 2}
"""How many cells right of its label a row of each section holds, when no header names its columns."""
NOTE = "note:"
"""A column of the list of activities that the template does not have: ``note:<its header>``."""
LIST_COLUMNS = ("name", "ref", "list_created", "list_updated", "list_purpose", "list_sensitive", "sensitive_yes_no")


@dataclass(frozen=True)
class Value:
    """A cell's text and where it is (``Fiche 3!B12``), with its raw value (a date cell stays a date)."""

    text: str
    ref: str
    raw: object = None

    def __bool__(self) -> bool:
        return bool(self.text)


@dataclass
class Row:
    """A row of a section: its label cell and its other cells by column header (or by position)."""

    label: Value
    cells: dict[str, Value]
    rest: list[Value]
    """The filled cells right of the label, left to right, for tables without a header."""

    def get(self, key: str, position: int | None = None) -> Value | None:
        if key in self.cells:
            return self.cells[key] or None
        if position is not None and not self.cells and position < len(self.rest):
            return self.rest[position]
        return None


@dataclass
class FicheSheet:
    grid: Grid
    sections: dict[str, list[Row]] = field(default_factory=dict)
    loose: list[tuple[str, str]] = field(default_factory=list)
    """Cells no label or column of the template names (a comment column, a remark beside a table), with their
    cell: kept as the activity's notes."""

    def field(self, key: str) -> Value | None:
        """A labelled value of the description section ('Nom du traitement' -> its cell)."""
        for row in self.sections.get("description_section", []):
            if is_label(row.label.text, key):
                return row.rest[0] if row.rest else None
        return None

    def signature(self) -> tuple[tuple[str, ...], ...]:
        """What the sheet says, without where: two sheets with the same signature are the same fiche."""
        return tuple(tuple(v.text for v in (row.label, *row.rest)) for rows in self.sections.values() for row in rows)


def _value(grid: Grid, row: int, column: int) -> Value:
    text = grid.text(row, column)
    if is_to_complete(text):
        return Value("", grid.ref(row, column))
    return Value(text, grid.ref(row, column), grid.value(row, column))


def _header_keys(section: str, texts: list[tuple[int, str]]) -> dict[int, str]:
    """The columns a section's header row names. The description column is often left without a header (the
    purposes' "Base légale" stands alone over the third column): it is then the column before the first named."""
    keys = HEADERS.get(section, ())
    found = {}
    for column, text in texts:
        key = next((k for k in keys if normalise(text) in spellings(k)), None)
        if key:
            found[column] = key
    if found and keys and keys[0] not in found.values() and (before := min(found) - 1) > 1 and before not in found:
        found[before] = keys[0]
    return dict(sorted(found.items()))


def read_fiche(grid: Grid) -> FicheSheet | None:
    """The sections of a fiche sheet, or None when the sheet is not one (no purpose section)."""
    sheet = FicheSheet(grid)
    section: str | None = None
    columns: dict[int, str] = {}
    extra: dict[int, str] = {}
    for r in range(1, grid.rows + 1):
        texts = grid.row(r)
        if not texts:
            continue
        first_column, first = texts[0]
        title = next((s for s in SECTIONS if is_label(first, s)), None)
        if title and len(_header_keys(title, texts[1:])) == len(texts) - 1:
            section, columns, extra = title, _header_keys(title, texts[1:]), {}
            sheet.sections.setdefault(section, [])
            continue
        if section is None:
            if not is_label(first, "fiche_heading"):
                sheet.loose += [(grid.ref(r, c), text) for c, text in texts]
            continue
        header = _header_keys(section, texts)
        if header and len(header) >= max(1, len(texts) - 1) and not columns:
            columns, extra = header, {c: text for c, text in texts if c not in header}
            continue
        label = _value(grid, r, first_column)
        if section in LABELLED and not (any(is_label(first, k) for k in LABELLED[section])
                                        or numbered(first, "sub_purpose") is not None):
            sheet.loose.append((grid.ref(r, first_column), " : ".join(text for _, text in texts)))
            continue
        rest = [_value(grid, r, c) for c, _ in texts[1:]]
        cells = {key: _value(grid, r, c) for c, key in columns.items()}
        stray = [(c, text) for c, text in texts[1:] if c not in columns] if columns else texts[1 + WIDTH[section]:]
        sheet.loose += [(grid.ref(r, c), f"{extra[c]} : {text}" if c in extra else text) for c, text in stray]
        sheet.sections[section].append(Row(label, cells, [v for v in rest if v.ref not in
                                                          {grid.ref(r, c) for c, _ in stray}]))
    has_purposes = any(rows for key, rows in sheet.sections.items() if key == "purposes_section")
    return sheet if has_purposes or sheet.field("name") else None


@dataclass
class ListSheet:
    grid: Grid
    blocks: dict[str, dict[str, Value]] = field(default_factory=dict)
    """controller_block, representative_block, dpo_block -> field -> value."""
    title: str = ""
    rows: list[dict[str, Value]] = field(default_factory=list)
    """The list of activities, one mapping of column -> value per row."""
    recipients: list[dict[str, Value]] = field(default_factory=list)
    """An export's table of recipients, one mapping of column (:data:`RECIPIENT_COLUMNS`) -> value per row."""


def read_list(grid: Grid) -> ListSheet | None:
    """The organisation blocks and the list of activities, or None when the sheet has neither."""
    sheet = ListSheet(grid)
    block: str | None = None
    header: dict[int, str] | None = None
    recipient_columns: dict[int, str] = {}
    for r in range(1, grid.rows + 1):
        texts = grid.row(r)
        if not texts:
            if recipient_columns:  # the table of recipients ends at its first empty row
                block, recipient_columns = None, {}
            continue
        if header is not None:
            row = {key: _value(grid, r, c) for c, key in header.items()}
            if any(row.values()):
                sheet.rows.append(row)
            continue
        first_column, first = texts[0]
        if not sheet.title and r <= 3 and len(texts) == 1 and not any(is_label(first, b) for b in BLOCKS):
            sheet.title = first
        found = next((b for b in BLOCKS if is_label(first, b)), None)
        if found:
            block = found
            sheet.blocks.setdefault(block, {})
            continue
        keys = {c: k for c, t in texts for k in LIST_COLUMNS if normalise(t) in spellings(k)}
        if {"name", "ref"} <= set(keys.values()) or "name" in keys.values() and len(keys) >= 3:
            header = {**keys, **{c: f"{NOTE}{t}" for c, t in texts if c not in keys}}
            continue
        if block == "recipients_details":
            if recipient_columns:
                sheet.recipients.append({key: _value(grid, r, c) for c, key in recipient_columns.items()})
            else:
                recipient_columns = {c: k for c, t in texts for k in RECIPIENT_COLUMNS if is_label(t, k)}
            continue
        if block:
            key = next((k for k in BLOCKS[block] if is_label(first, k)), None)
            if key and len(texts) > 1:
                sheet.blocks[block][key] = _value(grid, r, texts[1][0])
    return sheet if sheet.blocks or sheet.rows else None


def is_example(grid: Grid, fiche: FicheSheet | None) -> bool:
    """The CNIL's worked example ("(EXEMPLE) Gestion de la paie", sheet "4 - Exemple de fiche")."""
    name = fiche.field("name") if fiche else None
    return "exemple" in normalise(grid.name).split() or bool(name and normalise(name.text).startswith("exemple"))

