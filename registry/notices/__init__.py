"""Privacy notices (Art. 13/14 GDPR) generated from the register: what each one says.

How a notice is printed is :mod:`registry.render.notices`'s job.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import RegistryError
from ..i18n import Messages
from ..loading.register import Register
from ..loading.version import register_version
from ..problems import Problem
from ..views.document import version_label
from .content import NoticeWriter, indirect
from .facts import Facts
from .model import Notice


@dataclass(frozen=True)
class NoticeSet:
    notices: list[Notice]
    problems: list[Problem]
    """Missing facts (errors, or warnings in draft mode) and untranslated texts (warnings)."""


def compose(register: Register, activity_ids: list[str], layer: str = "full", language: str | None = None,
            draft: bool = False, policy: bool = False, partners: bool = False) -> NoticeSet:
    """Notices for the chosen activities (all when none is named), the policy page or the partner list."""
    if not register.controller_activities:
        raise RegistryError("a processor's register has no privacy notices: its clients, the controllers, write them")
    language = language or register.settings.settings.language
    writer = notice_writer(register, language, draft, version_label(register_version(register.root), Messages(language)))
    activities = [a for a in register.controller_activities if not activity_ids or a.model.id in activity_ids]
    if policy:
        notices = [writer.policy(activities)]
    elif partners:
        notices = [writer.partners()]
    else:
        make = {"full": writer.full, "short": writer.short, "first-contact": writer.first_contact}[layer]
        if layer == "first-contact":
            activities = [a for a in activities if indirect(a.model)]
            if not activities:
                raise RegistryError("no activity chosen holds data obtained from someone other than the person: "
                                    "a first-contact notice (Art. 14) is for those")
        notices = [make(a) for a in sorted(activities, key=lambda a: activity_ids.index(a.model.id)
                                           if activity_ids else 0)]
    return NoticeSet(notices, sorted(writer.facts.problems))


def notice_writer(register: Register, language: str, draft: bool, version: str) -> NoticeWriter:
    """Writes the register's notices in one language; its facts record what is missing. ``version`` is
    printed as the register's version (see :func:`~registry.views.document.version_label`)."""
    return NoticeWriter(Facts(register, Messages(language), draft), version)
