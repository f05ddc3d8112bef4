"""Message catalogues: both languages say everything, and every vocabulary value has a label."""

from __future__ import annotations

import re
import string

import pytest

from registry.i18n import Messages, catalogue
from registry.models import vocabulary
from registry.models.vocabulary import values

LABELLED = {
    "status": vocabulary.Status,
    "register_kind": vocabulary.RegisterKind,
    "basis": vocabulary.LegalBasis,
    "subject": vocabulary.SubjectCategory,
    "data_category": vocabulary.DataCategory,
    "special_category": vocabulary.SpecialCategory,
    "exception": vocabulary.SpecialCategoryException,
    "transfer_tool": vocabulary.TransferTool,
    "security": vocabulary.SecurityCategory,
    "channel": vocabulary.Channel,
    "audience": vocabulary.Audience,
    "source": vocabulary.SourceKind,
    "dpia_status": vocabulary.DpiaStatus,
    "dpia_criterion": vocabulary.DpiaCriterion,
    "purpose_kind": vocabulary.PurposeKind,
    "requirement": vocabulary.ProvisionRequirement,
}


def placeholders(message: object) -> set[str]:
    texts = message.values() if isinstance(message, dict) else [message]
    return {name for text in texts for _, name, _, _ in string.Formatter().parse(str(text)) if name}


def test_languages_have_the_same_keys_and_placeholders() -> None:
    french, english = catalogue("fr"), catalogue("en")
    assert set(french) == set(english)
    for key in french:
        assert placeholders(french[key]) == placeholders(english[key]), key


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_vocabulary_value_has_a_label(language: str) -> None:
    messages = Messages(language)
    for name, vocabulary_type in LABELLED.items():
        for value in values(vocabulary_type):
            assert messages.label(name, value)
    for value in values(vocabulary.RetentionStart):
        assert messages(f"retention.from.{value}")
    for value in values(vocabulary.RetentionUntil):
        assert messages(f"retention.until.{value}")
    for value in values(vocabulary.EndAction):
        assert messages(f"retention.end.{value}") and messages(f"retention.end_only.{value}")
    for value in values(vocabulary.Channel):
        assert messages(f"notice.unsubscribe.{value}") and messages(f"notice.contact_details.{value}")


def test_templates_hold_no_words_of_their_own() -> None:
    """Labels live in the catalogues: template text outside tags is markup, punctuation or symbols."""
    from registry.resources import templates_dir

    for path in templates_dir().rglob("*"):
        if path.suffix not in (".html", ".md", ".txt"):
            continue
        text = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}|<[^>]+>", " ", path.read_text(encoding="utf-8"), flags=re.S)
        words = [w for w in re.findall(r"[A-Za-zÀ-ÿ]{3,}", text)]
        assert not words, f"{path.name}: {words[:5]}"


def test_plural_forms_follow_the_language() -> None:
    assert Messages("fr").plural("document.activity_count", 1) == "1 activité de traitement"
    assert Messages("fr").plural("document.activity_count", 2) == "2 activités de traitement"
    assert Messages("en").plural("document.activity_count", 1) == "1 processing activity"


def test_dates_and_durations_are_localised() -> None:
    from datetime import date

    from registry.models.duration import Duration

    assert Messages("fr").date(date(2026, 3, 1)) == "1 mars 2026"
    assert Messages("en").date(date(2026, 3, 1)) == "1 March 2026"
    assert Messages("fr").duration(Duration(years=1, months=6)) == "1\xa0an et 6\xa0mois"  # CLDR: no line break
    assert Messages("en").duration(Duration(months=13)) == "13 months"
