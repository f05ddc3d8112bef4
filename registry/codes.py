"""Every problem code the tool can report, declared once: its name, its severity, and what it means.

As pyflakes declares its messages, each code is an object the stages raise by name:
``V005.at(path, line, column, message)`` builds the problem with the declared severity, or
``N001.at(path, line, column, what=…)`` fills the declared message template. Only the settings
(``checks.severity`` in registry.yaml) and draft mode re-grade a problem afterwards.

The codes of the stages — reading and validating files (V), importing a spreadsheet (I),
writing notices (N), building the register document (B), rendering templates (T), the tool's own failures (X) — carry
their explanation here; a compliance rule's code is documented by its rule's docstring
(``registry.lint.rules``), whose decorator takes the code declared here.
``registry explain`` and ``registry rules --all`` read these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .problems import Problem, Severity


@dataclass(frozen=True)
class Code:
    """A problem the tool can report; the stages raise it by name, so its severity is said once."""

    code: str
    name: str
    severity: Severity
    template: str = field(default="", kw_only=True)
    """The message with ``{names}`` to fill, when every problem of this code says the same thing."""

    def at(self, path: str, line: int, column: int, message: str | None = None, **args: object) -> Problem:
        """This problem at a place (1-based line and column), graded as declared: ``message`` as
        given, or the declared template filled with ``args``."""
        if (message is None) == (not self.template) or (args and message is not None):
            raise TypeError(f"{self.code} takes {'template arguments' if self.template else 'a message'}")
        return Problem(path, line, column, self.code, self.template.format_map(args) if message is None else message,
                       self.severity)


@dataclass(frozen=True)
class StageCode(Code):
    """A code of a stage other than the compliance rules: no docstring documents it, so it says here
    what it means and what the DPO does about it."""

    summary: str
    """What the problem means, in one line."""
    fix: str
    """What the DPO does about it."""

    @property
    def doc(self) -> str:
        return f"What it means:\n{self.summary}\n\nFix:\n{self.fix}"


# The stages.

V001 = StageCode("V001", "invalid-yaml", Severity.ERROR,
    "The file is not YAML the register accepts: a syntax error, a custom tag, or a key that is not a plain word.",
    "Correct the line shown; indent with spaces and quote text that contains ': ' or starts with a symbol.")

V002 = StageCode("V002", "duplicate-key", Severity.ERROR,
    "A key appears twice in the same mapping; YAML would silently keep only the last value.",
    "Keep one of the two keys and merge their values.")

V003 = StageCode("V003", "unknown-key", Severity.ERROR,
    "A key the model does not know, often a misspelling; it would otherwise be ignored.",
    "Use the suggested spelling, or one of the allowed keys listed in the message.")

V004 = StageCode("V004", "missing-key", Severity.ERROR,
    "A required key is absent, or a list that needs at least one entry is empty.",
    "Add the key named in the message, with its value.")

V005 = StageCode("V005", "wrong-type", Severity.ERROR,
    "A value has the wrong form: text where a list is expected, a malformed date, duration or address.",
    "Write the value in the form the message names (e.g. a date as YYYY-MM-DD, a duration as P3Y).")

V006 = StageCode("V006", "invalid-choice", Severity.ERROR,
    "A value outside its controlled vocabulary (legal basis, data category, country…).",
    "Use one of the values the message lists; 'registry schema' shows them all.")

V007 = StageCode("V007", "unknown-reference", Severity.ERROR,
    "An activity refers to an id that no catalogue of registry.yaml defines.",
    "Correct the id, or add the entry to the catalogue of registry.yaml.")

V008 = StageCode("V008", "duplicate-id", Severity.ERROR,
    "Two catalogue entries, or two activities, share an id.",
    "Give each entry and each activity its own id.")

V010 = StageCode("V010", "unreadable-file", Severity.ERROR,
    "The file cannot be read as text: binary, not UTF-8, too large, or refused by the system.",
    "Save the file as UTF-8 text; split a very large file.")

V011 = StageCode("V011", "alias", Severity.ERROR,
    "A YAML alias (*name) is used; the register refuses them so that every fact is written where it applies.",
    "Write the value again, or refer to a catalogue entry by its id.")

V012 = StageCode("V012", "empty-file", Severity.ERROR,
    "The file holds no data.",
    "Fill the file, or delete it.")

V013 = StageCode("V013", "no-registry-yaml", Severity.ERROR,
    "The folder has no registry.yaml, so it is not a register.",
    "Run the command on the register's folder, or create one with 'registry init'.",
    template="no {settings} in {root}: a register needs one (create it with 'registry init')")

V014 = StageCode("V014", "nested-too-deep", Severity.ERROR,
    "Mappings and lists are nested deeper than any register needs (32 levels).",
    "Correct the indentation or the brackets; a register file is a few levels deep.")

V015 = StageCode("V015", "link-outside-register", Severity.ERROR,
    "A file of the register is a symbolic link to a file outside the register's folder, or to a hidden one in it.",
    "Copy the file into the register instead of linking to it.",
    template="this is a link to a file outside the register's folder, or to a hidden one in it (.git, .env): "
             "copy the file into the register")

V016 = StageCode("V016", "forbidden-character", Severity.ERROR,
    "A control character (terminal escape, bell…), a direction override or a noncharacter (U+FFFE, U+FFFF…) is in the text.",
    "Delete the character; write plain text.")

V017 = StageCode("V017", "over-limit", Severity.ERROR,
    "A value is longer, or a list longer, than a register allows (20,000 characters, 1,000 entries, "
    "a file of 1 MiB, 5,000 activities).",
    "Shorten the text, or split the list or the file; link to a long document instead of copying it.")

N001 = StageCode("N001", "notice-fact-missing", Severity.ERROR,
    "A notice must state a fact (Art. 13/14 GDPR) that the register does not record.",
    "Fill the field named in the message; use --draft to see the notice with placeholders meanwhile.",
    template="the notice needs {what} ({why}): fill '{field}'")

N002 = StageCode("N002", "notice-text-untranslated", Severity.WARNING,
    "A text has no version in the notice's language, so the notice shows another language.",
    "Write the text per language: {fr: …, en: …}.",
    template="no '{language}' text here: the notice shows the text of another language")

T001 = StageCode("T001", "template-error", Severity.ERROR,
    "A template of the register cannot be rendered: a syntax error, an unknown name, or a construct the "
    "sandbox refuses (access to Python internals).",
    "Correct the template at the line shown; templates read the views' fields and call the filters only.",
    template='template error: {error}')

I001 = StageCode("I001", "sheet-skipped", Severity.INFO,
    "An imported spreadsheet's sheet that is neither a fiche nor the list of activities (the tutorial, the "
    "drop-down lists, the CNIL's example, the blank model): it is not imported.",
    "Nothing, unless the sheet is a fiche: then give it the template's labels ('Nom du traitement'…).")

I002 = StageCode("I002", "duplicate-fiche", Severity.WARNING,
    "Two sheets of an imported spreadsheet hold the same fiche (a sheet duplicated under a new name): it is "
    "imported once.",
    "Delete the copy in the spreadsheet, or ignore the warning.")

I003 = StageCode("I003", "kept-as-text", Severity.INFO,
    "A value of an imported spreadsheet is not in the register's vocabulary (a legal basis, a type of "
    "recipient, a country…): it is kept as the nearest field's free text, never dropped.",
    "Read the imported YAML at the place named and choose the value that applies.")

I004 = StageCode("I004", "unreadable-date", Severity.WARNING,
    "A date of an imported spreadsheet cannot be read, or contradicts another: it is left out.",
    "Write the date in the YAML as YYYY-MM-DD, or let git history date the fiche.")

I005 = StageCode("I005", "not-a-register", Severity.ERROR,
    "The spreadsheet holds no fiche and no list of activities in the CNIL template's layout.",
    "Import the CNIL register spreadsheet (registre-traitement-simplifie.ods or its Excel copy).")

I006 = StageCode("I006", "spreadsheet-over-limit", Severity.ERROR,
    "An imported spreadsheet asks for more than a register holds: an archive that unpacks to too much or "
    "too many times its size, cells repeated or filled beyond the limits, a cell longer than a spreadsheet "
    "cell; it is refused before anything is expanded.",
    "Open the file in a spreadsheet program, delete the cells named, save it again and import it.")

I007 = StageCode("I007", "character-removed", Severity.WARNING,
    "A cell of an imported spreadsheet holds a character a register refuses (a control character, a "
    "direction override, a noncharacter, V016): it is removed from the imported text.",
    "Check the imported text at the cell named; retype it in the YAML if it lost more than an invisible mark.")

# issue 26: an export read back, nothing dropped, dates in words
I008 = StageCode("I008", "changed-since-export", Severity.INFO,
    "A sheet of a registry export was changed in the spreadsheet since it was exported: its cells are read, "
    "and the export's data sheet gives only the ids, kinds and facts its cells do not say.",
    "Nothing: read the imported YAML of that fiche; what the cells say wins.")

I009 = StageCode("I009", "fiche-removed", Severity.WARNING,
    "An activity of a registry export has no sheet in the spreadsheet any more (the sheet was deleted): it is "
    "not imported.",
    "Nothing if the activity was meant to go; otherwise copy its file from the register the export came from.")

I010 = StageCode("I010", "kept-as-note", Severity.INFO,
    "A cell of an imported spreadsheet that no row or column of the template names (an extra column, a "
    "comment typed beside a table): it is kept, with its cell, in the activity's `notes`.",
    "Read the activity's `notes` and move each fact to the field it belongs to, or leave it as a note.")

I011 = StageCode("I011", "ambiguous-date", Severity.WARNING,
    "A date of an imported spreadsheet reads two ways (03/04/2022: 3 April or 4 March): it is read day "
    "first, as in France, and both readings are named.",
    "Check the date in the imported YAML and correct it if the month came first.")

I012 = StageCode("I012", "data-sheet-unreadable", Severity.WARNING,
    "The hidden data sheet of a registry export cannot be read (it was edited or cut): the fiches are "
    "imported from their cells alone, as any CNIL spreadsheet.",
    "Export the register again, or complete in the YAML what the cells did not say (ids, kinds, translations).")

B001 = StageCode("B001", "register-gap", Severity.WARNING,
    "The register document marks a recommended fact 'À compléter' because the register does not record it.",
    "Fill the field named in the message so the auditor reads the fact instead of the mark.",
    template="the register document marks {what} as to be completed: fill '{field}'")

X001 = StageCode("X001", "internal-error", Severity.ERROR,
    "A compliance rule failed on an activity or on the register: a defect of the tool, reported where "
    "it happened; the other rules still ran.",
    "Report the message to the tool's maintainers; the other findings of the run stand.",
    template="internal error: rule {rule} could not check this {subject} ({error}); the other rules ran: "
             "please report it")


# The compliance rules: documented by their rule's docstring.

# Art. 30 completeness (lint/rules/a30_record.py)
A30001 = Code("A30001", "eu-representative-missing", Severity.ERROR)
A30002 = Code("A30002", "recipients-missing", Severity.ERROR)
A30003 = Code("A30003", "security-measures-missing", Severity.WARNING)
A30004 = Code("A30004", "data-protection-officer-missing", Severity.INFO)
A30005 = Code("A30005", "fact-to-complete", Severity.ERROR)
A30006 = Code("A30006", "settings-fact-to-complete", Severity.ERROR)
A30007 = Code("A30007", "joint-controller-is-processor", Severity.ERROR)
A30008 = Code("A30008", "public-authority-without-dpo", Severity.ERROR)
# DPIA (lint/rules/dp_dpia.py)
DP001 = Code("DP001", "dpia-required", Severity.ERROR)
DP002 = Code("DP002", "dpia-review-due", Severity.WARNING)
DP003 = Code("DP003", "sensitive-criterion-without-data", Severity.WARNING)
# freshness (lint/rules/fr_freshness.py)
FR001 = Code("FR001", "activity-not-reviewed", Severity.WARNING)
FR002 = Code("FR002", "updated-date-behind-changes", Severity.WARNING)
# information of the people (lint/rules/in_information.py)
IN001 = Code("IN001", "notice-fact-missing", Severity.ERROR)
# legal basis (lint/rules/lb_legal_basis.py)
LB001 = Code("LB001", "legitimate-interest-not-stated", Severity.ERROR)
LB002 = Code("LB002", "balancing-test-missing", Severity.WARNING)
LB003 = Code("LB003", "public-authority-legitimate-interests", Severity.ERROR)
LB004 = Code("LB004", "consent-of-employees", Severity.WARNING)
LB005 = Code("LB005", "contract-for-marketing", Severity.ERROR)
LB006 = Code("LB006", "contract-beyond-necessity", Severity.WARNING)
LB007 = Code("LB007", "legal-reference-missing", Severity.WARNING)
LB008 = Code("LB008", "consent-mechanism-missing", Severity.ERROR)
LB009 = Code("LB009", "basis-not-admitted-for-kind", Severity.ERROR)
LB010 = Code("LB010", "marketing-on-the-contract", Severity.ERROR)
LB011 = Code("LB011", "contract-for-contact-persons", Severity.ERROR)
LB012 = Code("LB012", "contact-persons-unstated", Severity.WARNING)
LB013 = Code("LB013", "automated-decision-without-ground", Severity.ERROR)
# minimisation (lint/rules/mn_minimisation.py)
MN001 = Code("MN001", "data-unusual-for-purpose", Severity.WARNING)
MN002 = Code("MN002", "card-security-code-kept", Severity.ERROR)
# prospecting (lint/rules/pr_prospecting.py)
PR001 = Code("PR001", "electronic-prospecting-without-consent", Severity.ERROR)
PR002 = Code("PR002", "phone-prospecting-without-consent", Severity.ERROR)
PR003 = Code("PR003", "objection-not-offered-at-collection", Severity.ERROR)
PR004 = Code("PR004", "unsubscribe-missing", Severity.ERROR)
PR005 = Code("PR005", "prospecting-file-from-third-party", Severity.WARNING)
# transmission to partners (lint/rules/pt_transmission.py)
PT001 = Code("PT001", "electronic-transmission-without-consent", Severity.ERROR)
PT002 = Code("PT002", "transmission-without-objection", Severity.ERROR)
PT003 = Code("PT003", "partner-list-not-published", Severity.ERROR)
PT004 = Code("PT004", "sensitive-data-transmitted", Severity.ERROR)
PT005 = Code("PT005", "partner-privacy-policy-missing", Severity.WARNING)
PT006 = Code("PT006", "partner-list-not-current", Severity.WARNING)
# retention (lint/rules/rt_retention.py)
RT001 = Code("RT001", "retention-missing", Severity.ERROR)
RT002 = Code("RT002", "retention-indefinite", Severity.ERROR)
RT003 = Code("RT003", "prospect-retention-too-long", Severity.WARNING)
RT004 = Code("RT004", "opposition-list-retention", Severity.WARNING)
RT005 = Code("RT005", "inactive-accounts-kept", Severity.WARNING)
RT006 = Code("RT006", "pseudonymised-is-not-anonymous", Severity.ERROR)
RT007 = Code("RT007", "archive-without-reason", Severity.WARNING)
RT008 = Code("RT008", "retention-ends-on-absent-basis", Severity.ERROR)
RT009 = Code("RT009", "retention-ends-for-one-basis-only", Severity.WARNING)
RT010 = Code("RT010", "retention-said-twice", Severity.WARNING)
RT011 = Code("RT011", "legal-retention-not-stated", Severity.WARNING)
# special categories (lint/rules/sc_special_categories.py)
SC001 = Code("SC001", "special-category-without-exception", Severity.ERROR)
SC002 = Code("SC002", "sensitive-profiling-without-explicit-consent", Severity.ERROR)
SC003 = Code("SC003", "nir-in-commercial-activity", Severity.ERROR)
# transfers (lint/rules/tr_transfers.py)
TR001 = Code("TR001", "adequacy-not-recognised", Severity.ERROR)
TR002 = Code("TR002", "derogation-undocumented", Severity.ERROR)
TR003 = Code("TR003", "transfer-documentation-missing", Severity.WARNING)
TR004 = Code("TR004", "transfer-not-declared", Severity.ERROR)
TR005 = Code("TR005", "processor-contract-missing", Severity.ERROR)
TR006 = Code("TR006", "recipient-country-unknown", Severity.WARNING)
# waivers (lint/rules/w_waivers.py)
W001 = Code("W001", "waiver-unknown-rule", Severity.ERROR)
W002 = Code("W002", "waiver-without-reason", Severity.ERROR)
W003 = Code("W003", "unknown-rule-in-settings", Severity.ERROR)


# Consent (lint/rules/cs_consent.py)
CS001 = Code("CS001", "consent-box-pre-ticked", Severity.ERROR)
CS002 = Code("CS002", "consent-through-general-terms", Severity.ERROR)
CS003 = Code("CS003", "consent-as-condition", Severity.ERROR)
CS004 = Code("CS004", "consent-bundled", Severity.ERROR)
CS005 = Code("CS005", "consent-facts-missing", Severity.WARNING)

# Issue 25: the CNIL's référentiels as data (lint/rules/rf_referentiels.py, registry/data/referentiels.yaml)
RF001 = Code("RF001", "retention-beyond-referentiel", Severity.WARNING)
RF002 = Code("RF002", "legal-archive-missing", Severity.WARNING)
RF003 = Code("RF003", "restricted-data-to-every-department", Severity.WARNING)
# Issue 27, a newcomer's first hour (lint/rules/a30_record.py)
A30009 = Code("A30009", "no-activity-recorded", Severity.ERROR)

DECLARED: dict[str, Code] = {value.code: value for value in list(globals().values()) if isinstance(value, Code)}
"""Every code, rule or not, by its text (``"V015"``), the way a printed problem names it."""
assert all(globals()[text] is code for text, code in DECLARED.items()), "a code is declared under another name"

RULE_CODES: dict[str, Code] = {text: code for text, code in DECLARED.items() if not isinstance(code, StageCode)}
"""The compliance rules' codes: what a waiver or ``checks.severity`` may name."""
