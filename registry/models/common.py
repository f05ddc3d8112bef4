"""Building blocks shared by both file kinds: strict base model, text, ids, references."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Annotated, Any, TypeVar

from babel import Locale
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    PlainSerializer,
    PlainValidator,
    Tag,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from . import duration as iso
from .vocabulary import TODO, Language, ToComplete, values

LANGUAGES: tuple[str, ...] = values(Language)


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt key must never be silently ignored.

    The string under each field documents it: ``registry schema`` gives it to editors (see
    :mod:`registry.schema`)."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
        defer_build=True,
    )


@dataclass(frozen=True)
class Text:
    """Free text (Markdown allowed), written once or once per language.

    ``"Gestion des clients"`` serves every language; ``{fr: …, en: …}`` lets
    the English register and notices speak English.
    """

    translations: tuple[tuple[str, str], ...]

    def get(self, language: str, fallback: str = "fr") -> str:
        found = dict(self.translations)
        for key in (language, "", fallback):
            if key in found:
                return found[key]
        return next(iter(found.values()))

    def has(self, language: str) -> bool:
        return any(key in (language, "") for key, _ in self.translations)

    def __str__(self) -> str:
        return self.get("fr")


def _parse_text(value: Any) -> Text:
    if isinstance(value, Text):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if isinstance(value, str):
        if not value.strip():
            raise PydanticCustomError("empty_text", "text must not be empty")
        return Text((("", value.strip()),))
    if isinstance(value, dict) and value:
        for key, text in value.items():
            if key not in LANGUAGES:
                hint = (" — inside {fr: …, en: …} a comma ends the text: put the text in quotes"
                        if " " in key else "")
                raise PydanticCustomError(
                    "text_language", "unknown language '{key}' (write the text under fr or en){hint}",
                    {"key": key, "hint": hint},
                )
            if not isinstance(text, str) or not text.strip():
                raise PydanticCustomError("empty_text", "the {key} text must be non-empty text", {"key": key})
        return Text(tuple((key, value[key].strip()) for key in LANGUAGES if key in value))
    raise PydanticCustomError("text_type", "expected text, or a mapping from language (fr, en) to text")


def _dump_text(text: Text) -> str | dict[str, str]:
    found = dict(text.translations)
    return found[""] if "" in found else found


LocalText = Annotated[
    Text,
    PlainValidator(_parse_text),
    PlainSerializer(_dump_text),
    WithJsonSchema({
        "anyOf": [
            {"type": "string", "minLength": 1},
            {
                "type": "object",
                "properties": {lang: {"type": "string", "minLength": 1} for lang in LANGUAGES},
                "additionalProperties": False,
                "minProperties": 1,
            },
        ],
        "description": "Text (Markdown allowed), or one text per language: {fr: …, en: …}",
    }),
]


def _checker(pattern: str, error: str, message: str) -> AfterValidator:
    compiled = re.compile(pattern)

    def check(value: str) -> str:
        if not compiled.match(value):
            raise PydanticCustomError(error, message, {"value": value})
        return value

    return AfterValidator(check)


Identifier = Annotated[
    str,
    _checker(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", "identifier",
             "'{value}' is not a valid id: use letters, digits, '-', '_' or '.', without spaces"),
]
Email = Annotated[str, _checker(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", "email", "'{value}' is not an email address")]
Url = Annotated[str, _checker(r"^https?://\S+$", "url", "'{value}' is not a web address (it must start with https://)")]


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 codes and their English names, from Babel's CLDR data."""
    return {code: name for code, name in Locale("en").territories.items() if re.fullmatch("[A-Z]{2}", code)}


def _check_country(value: str) -> str:
    if value not in country_names():
        hint = f"; did you mean '{value.upper()}'?" if value.upper() in country_names() else ""
        raise PydanticCustomError(
            "country", "'{value}' is not an ISO 3166 country code (FR, DE, US…){hint}", {"value": value, "hint": hint}
        )
    return value


Country = Annotated[str, AfterValidator(_check_country)]


def _parse_duration(value: Any) -> iso.Duration:
    if isinstance(value, iso.Duration):
        return value
    try:
        return iso.Duration.parse(str(value))
    except ValueError:
        raise PydanticCustomError(
            "duration", "'{value}' is not an ISO 8601 duration: write P3Y for 3 years, P6M for 6 months, P30D for 30 days",
            {"value": value},
        ) from None


IsoDuration = Annotated[
    iso.Duration,
    PlainValidator(_parse_duration),
    PlainSerializer(str),
    WithJsonSchema({"type": "string", "pattern": iso.PATTERN, "description": "ISO 8601 duration, e.g. P3Y, P6M, P30D"}),
]


GIVEN_TAG = "<given>"
TODO_TAG = "<todo>"
UNION_TAGS = frozenset({GIVEN_TAG, TODO_TAG})
"""The branches of a fact that may be ``todo``: pydantic puts them in an error's path, and
validation takes them out again so the user reads the YAML path."""


def _todo_or_given(value: Any) -> str:
    return TODO_TAG if value == TODO else GIVEN_TAG


Given = TypeVar("Given")
OrTodo = Annotated[Annotated[ToComplete, Tag(TODO_TAG)] | Annotated[Given, Tag(GIVEN_TAG)],
                   Discriminator(_todo_or_given)]
"""``OrTodo[X]``: a fact that may be written ``todo``. ``todo`` is taken as such and anything else
is checked as X alone, so a mistake gets X's own error message."""


def todo_paths(value: Any, loc: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Where ``value`` (a model, a list, a fact) holds ``todo``, as paths of the YAML file."""
    if isinstance(value, BaseModel):  # asked first: a model compared with a text is a slow way to say no
        return [found for name, info in type(value).model_fields.items()
                for found in todo_paths(getattr(value, name), (*loc, info.alias or name))]
    if isinstance(value, list):
        return [found for index, item in enumerate(value) for found in todo_paths(item, (*loc, index))]
    if isinstance(value, Text):
        return [loc] if any(text == TODO for _, text in value.translations) else []
    return [loc] if value == TODO else []


@dataclass(frozen=True)
class RefTo:
    """Marks a string as the id of an entry in one of the named catalogues of ``registry.yaml``."""

    catalogues: tuple[str, ...]


RECIPIENT_CATALOGUES = ("departments", "processors", "partners", "recipients")

DepartmentRef = Annotated[str, RefTo(("departments",))]
ProcessorRef = Annotated[str, RefTo(("processors",))]
PartnerRef = Annotated[str, RefTo(("partners",))]
MeasureRef = Annotated[str, RefTo(("security_measures",))]
RecipientRef = Annotated[str, RefTo(RECIPIENT_CATALOGUES)]


class Address(Strict):
    street: str
    postcode: str
    city: str
    country: Country = "FR"


class Contact(Strict):
    """A person or body reachable by the DPO, the auditor or the data subject."""

    name: str
    address: Address | None = None
    email: Email | None = None
    phone: str | None = None
