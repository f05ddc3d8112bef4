"""Privacy notices (Art. 13/14 GDPR) generated from the register: what to say, then how to print it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..build import Artifact
from ..errors import RegistryError
from ..i18n import Messages
from ..models import Activity
from ..problems import Problem
from ..register import Register
from ..templating import environment
from .content import NoticeWriter
from .facts import Facts
from .model import Notice

NOTICE_FORMATS = ("md", "html", "txt")
Layer = Literal["short", "full"]


@dataclass(frozen=True)
class NoticeSet:
    notices: list[Notice]
    problems: list[Problem]
    """Missing facts (errors, or warnings in draft mode) and untranslated texts (warnings)."""


def compose(register: Register, activity_ids: list[str], layer: Layer, language: str | None = None,
            draft: bool = False, policy: bool = False, partners: bool = False) -> NoticeSet:
    """Notices for the chosen activities (all when none is named), the policy page or the partner list."""
    if register.is_processor:
        raise RegistryError("a processor's register has no privacy notices: its clients, the controllers, write them")
    facts = Facts(register, Messages(language or register.settings.settings.language), draft)
    writer = NoticeWriter(facts)
    activities = [a for a in register.activities if isinstance(a.model, Activity)
                  and (not activity_ids or a.model.id in activity_ids)]
    if policy:
        notices = [writer.policy(activities)]
    elif partners:
        notices = [writer.partners()]
    else:
        make = writer.short if layer == "short" else writer.full
        notices = [make(a) for a in sorted(activities, key=lambda a: activity_ids.index(a.model.id)
                                           if activity_ids else 0)]
    return NoticeSet(notices, sorted(facts.problems))


def render(register: Register, notices: list[Notice], fmt: str, language: str | None = None) -> list[Artifact]:
    """One file per notice, named like ``PR-01.full.fr.md``."""
    env = environment(register.root)
    template = env.get_template(f"notice/notice.{fmt}")
    lang = language or register.settings.settings.language
    return [Artifact(f"{n.name}.{fmt}", template.render(notice=n, lang=lang, top_level=1).encode()) for n in notices]
