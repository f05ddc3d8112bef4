"""Message catalogues (``registry/locales/*.yaml``) and locale-aware formatting (Babel).

Templates and notices never hold words of their own: they ask a
:class:`Messages` for a label by key, for the label of a vocabulary value, or
for a date, duration or country in the document's language.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.units import format_unit

from .errors import RegistryError
from .loading.yamlsource import parse_file
from .models import Text
from .models.duration import Duration
from .models.vocabulary import TODO

if TYPE_CHECKING:
    from .loading.register import Register

LOCALES_DIR = Path(__file__).parent / "locales"
FORMAT_LOCALES = {"en": "en_GB"}
"""English documents are in British spelling; their dates are British too (30 September 2026)."""


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in tree.items():
        if isinstance(value, dict) and set(value) != {"one", "other"}:
            flat.update(_flatten(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def catalogue(language: str) -> dict[str, Any]:
    """All messages of a language, with dotted keys (``fiche.purposes``)."""
    return _read(language)[0]


def _read(language: str) -> tuple[dict[str, Any], str]:
    """A catalogue and the hash of its wording, read again whenever its file changes: ``registry serve``
    shows an edited message at once, and what was cached with the old wording is not found."""
    path = LOCALES_DIR / f"{language}.yaml"
    try:
        stamp = path.stat()
    except OSError:
        return _parsed(path, 0, 0)
    return _parsed(path, stamp.st_mtime_ns, stamp.st_size)


@lru_cache(maxsize=8)
def _parsed(path: Path, modified: int, size: int) -> tuple[dict[str, Any], str]:
    parsed = parse_file(path, path.name)
    if not parsed.ok:
        raise RegistryError(f"broken message catalogue: {parsed.problems[0]}")
    return _flatten(parsed.data), parsed.digest


class Messages:
    """Labels and formats of one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.locale = Locale.parse(FORMAT_LOCALES.get(language, language))
        self._messages, self.digest = _read(language)  # the digest: the wording, for caches of what it wrote

    def __call__(self, key: str, **values: Any) -> str:
        try:
            message = self._messages[key]
        except KeyError:
            raise RegistryError(f"no message '{key}' in the {self.language} catalogue") from None
        return message.format(**values) if values else message

    def plural(self, key: str, n: int) -> str:
        forms = self._messages[key]
        return forms.get(self.locale.plural_form(n), forms["other"]).format(n=n)

    def label(self, vocabulary: str, value: str) -> str:
        return self(f"vocabulary.{vocabulary}.{value}")

    def labels(self, vocabulary: str, values: Sequence[str]) -> str:
        return self.join([self.label(vocabulary, v) for v in values])

    def join(self, items: Sequence[str]) -> str:
        return format_list(items, locale=self.locale) if items else ""

    def text(self, text: Text | None) -> str | None:
        """Free text in this language; "À compléter" where it is still ``todo``."""
        return self.fact(text.get(self.language)) if text is not None else None

    def fact(self, value: str | None) -> str | None:
        """A fact written as plain text; "À compléter" where it is still ``todo``, as for every fact."""
        return self("document.to_complete") if value == TODO else value

    def name_of(self, register: Register, entry_id: str) -> str:
        """A catalogue entry's name in this language; "À compléter" where it is still ``todo``."""
        written = register.name_of(entry_id, self.language)
        return self("document.to_complete") if written == TODO else written

    def date(self, day: date | None) -> str | None:
        return format_date(day, format="long", locale=self.locale) if day else None

    def duration(self, duration: Duration) -> str:
        return _duration(self.locale, duration)

    def country(self, code: str) -> str:
        return self.locale.territories.get(code, code)


@lru_cache(maxsize=4096)
def _duration(locale: Locale, duration: Duration) -> str:
    """Babel's unit formatting is slow, and a register repeats a handful of durations thousands of times."""
    parts = [
        format_unit(amount, f"duration-{unit}", length="long", locale=locale)
        for amount, unit in ((duration.years, "year"), (duration.months, "month"),
                             (duration.weeks, "week"), (duration.days, "day"))
        if amount
    ]
    return format_list(parts, locale=locale) if parts else ""
