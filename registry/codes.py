"""Every problem code that is not a compliance rule, declared once with its meaning.

Compliance rules declare themselves (``registry.lint.rules``); this table holds the
codes of the other stages: reading and validating files (V), importing a
spreadsheet (I), writing notices (N), building the register document (B) and
rendering templates (T).
``registry explain`` and ``registry rules --all`` read it, and a test keeps the
codes used in the package and listed in the README equal to it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .problems import Severity


@dataclass(frozen=True)
class Code:
    code: str
    name: str
    severity: Severity
    summary: str
    """What the problem means, in one line."""
    fix: str
    """What the DPO does about it."""

    @property
    def doc(self) -> str:
        return f"What it means:\n{self.summary}\n\nFix:\n{self.fix}"


_TABLE = (
    Code("V001", "invalid-yaml", Severity.ERROR,
         "The file is not YAML the register accepts: a syntax error, a custom tag, or a key that is not a plain word.",
         "Correct the line shown; indent with spaces and quote text that contains ': ' or starts with a symbol."),
    Code("V002", "duplicate-key", Severity.ERROR,
         "A key appears twice in the same mapping; YAML would silently keep only the last value.",
         "Keep one of the two keys and merge their values."),
    Code("V003", "unknown-key", Severity.ERROR,
         "A key the model does not know, often a misspelling; it would otherwise be ignored.",
         "Use the suggested spelling, or one of the allowed keys listed in the message."),
    Code("V004", "missing-key", Severity.ERROR,
         "A required key is absent, or a list that needs at least one entry is empty.",
         "Add the key named in the message, with its value."),
    Code("V005", "wrong-type", Severity.ERROR,
         "A value has the wrong form: text where a list is expected, a malformed date, duration or address.",
         "Write the value in the form the message names (e.g. a date as YYYY-MM-DD, a duration as P3Y)."),
    Code("V006", "invalid-choice", Severity.ERROR,
         "A value outside its controlled vocabulary (legal basis, data category, country…).",
         "Use one of the values the message lists; 'registry schema' shows them all."),
    Code("V007", "unknown-reference", Severity.ERROR,
         "An activity refers to an id that no catalogue of registry.yaml defines.",
         "Correct the id, or add the entry to the catalogue of registry.yaml."),
    Code("V008", "duplicate-id", Severity.ERROR,
         "Two catalogue entries, or two activities, share an id.",
         "Give each entry and each activity its own id."),
    Code("V010", "unreadable-file", Severity.ERROR,
         "The file cannot be read as text: binary, not UTF-8, too large, or refused by the system.",
         "Save the file as UTF-8 text; split a very large file."),
    Code("V011", "alias", Severity.ERROR,
         "A YAML alias (*name) is used; the register refuses them so that every fact is written where it applies.",
         "Write the value again, or refer to a catalogue entry by its id."),
    Code("V012", "empty-file", Severity.ERROR,
         "The file holds no data.",
         "Fill the file, or delete it."),
    Code("V013", "no-registry-yaml", Severity.ERROR,
         "The folder has no registry.yaml, so it is not a register.",
         "Run the command on the register's folder, or create one with 'registry init'."),
    Code("V014", "nested-too-deep", Severity.ERROR,
         "Mappings and lists are nested deeper than any register needs (32 levels).",
         "Correct the indentation or the brackets; a register file is a few levels deep."),
    Code("V015", "link-outside-register", Severity.ERROR,
         "A file of the register is a symbolic link to a file outside the register's folder.",
         "Copy the file into the register instead of linking to it."),
    Code("V016", "forbidden-character", Severity.ERROR,
         "A control character (terminal escape, bell…) or a direction override is in the text.",
         "Delete the character; write plain text."),
    Code("V017", "over-limit", Severity.ERROR,
         "A value is longer, or a list longer, than a register allows (20,000 characters, 1,000 entries, "
         "a file of 1 MiB, 5,000 activities).",
         "Shorten the text, or split the list or the file; link to a long document instead of copying it."),
    Code("N001", "notice-fact-missing", Severity.ERROR,
         "A notice must state a fact (Art. 13/14 GDPR) that the register does not record.",
         "Fill the field named in the message; use --draft to see the notice with placeholders meanwhile."),
    Code("N002", "notice-text-untranslated", Severity.WARNING,
         "A text has no version in the notice's language, so the notice shows another language.",
         "Write the text per language: {fr: …, en: …}."),
    Code("T001", "template-error", Severity.ERROR,
         "A template of the register cannot be rendered: a syntax error, an unknown name, or a construct the "
         "sandbox refuses (access to Python internals).",
         "Correct the template at the line shown; templates read the views' fields and call the filters only."),
    Code("I001", "sheet-skipped", Severity.INFO,
         "An imported spreadsheet's sheet that is neither a fiche nor the list of activities (the tutorial, the "
         "drop-down lists, the CNIL's example, the blank model): it is not imported.",
         "Nothing, unless the sheet is a fiche: then give it the template's labels ('Nom du traitement'…)."),
    Code("I002", "duplicate-fiche", Severity.WARNING,
         "Two sheets of an imported spreadsheet hold the same fiche (a sheet duplicated under a new name): it is "
         "imported once.",
         "Delete the copy in the spreadsheet, or ignore the warning."),
    Code("I003", "kept-as-text", Severity.INFO,
         "A value of an imported spreadsheet is not in the register's vocabulary (a legal basis, a type of "
         "recipient, a country…): it is kept as the nearest field's free text, never dropped.",
         "Read the imported YAML at the place named and choose the value that applies."),
    Code("I004", "unreadable-date", Severity.WARNING,
         "A date of an imported spreadsheet cannot be read, or contradicts another: it is left out.",
         "Write the date in the YAML as YYYY-MM-DD, or let git history date the fiche."),
    Code("I005", "not-a-register", Severity.ERROR,
         "The spreadsheet holds no fiche and no list of activities in the CNIL template's layout.",
         "Import the CNIL register spreadsheet (registre-traitement-simplifie.ods or its Excel copy)."),
    Code("I006", "spreadsheet-over-limit", Severity.ERROR,
         "An imported spreadsheet asks for more than a register holds: an archive that unpacks to too much or "
         "too many times its size, cells repeated or filled beyond the limits, a cell longer than a spreadsheet "
         "cell; it is refused before anything is expanded.",
         "Open the file in a spreadsheet program, delete the cells named, save it again and import it."),
    Code("I007", "character-removed", Severity.WARNING,
         "A cell of an imported spreadsheet holds a character a register refuses (a control character, a "
         "direction override, a noncharacter, V016): it is removed from the imported text.",
         "Check the imported text at the cell named; retype it in the YAML if it lost more than an invisible mark."),
    Code("B001", "register-gap", Severity.WARNING,
         "The register document marks a recommended fact 'À compléter' because the register does not record it.",
         "Fill the field named in the message so the auditor reads the fact instead of the mark."),
)

CODES: dict[str, Code] = {code.code: code for code in _TABLE}
assert len(CODES) == len(_TABLE), "two codes declared twice"


@dataclass(frozen=True)
class Described:
    """Any code, rule or not, as ``registry explain`` and ``registry rules --all`` show it."""

    code: str
    name: str
    severity: Severity
    summary: str
    doc: str


def every_code() -> list[Described]:
    """The codes of the stages, then the compliance rules, each sorted."""
    from .lint.rules import RULES  # the rules import the whole model: only when asked

    own = [Described(c.code, c.name, c.severity, c.summary, c.doc) for c in CODES.values()]
    rules = [Described(r.code, r.name, r.severity, r.summary, r.doc) for r in RULES.values()]
    return sorted(own, key=lambda d: d.code) + rules


def describe(code: str) -> Described | None:
    return next((d for d in every_code() if d.code == code.upper()), None)
