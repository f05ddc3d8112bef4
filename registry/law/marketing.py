"""Which choices a collection form offers, derived from the marketing purposes: kind × audience × channel.

CPCE art. L.34-5 and the CNIL's guidance set one regime per pair: consumers by email,
SMS or automated calls need prior consent (an unticked box); customers about similar
products (the soft opt-in, for details collected at a sale) and professionals at work
may be emailed on legitimate interests if they can object when their details are
collected; post and phone on legitimate interests need the same objection. A box is
derived from a purpose, never from the activity as a whole, so it names only the
channels that purpose uses; a consent box asks for one channel, and an objection box
is printed only when the register says the form offers it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Activity
from ..models.activity import Purpose
from ..models.vocabulary import ELECTRONIC_CHANNELS, values
from ..models.vocabulary import Channel as ChannelVocabulary
from .purposes import is_marketing

CHANNEL_ORDER = values(ChannelVocabulary)
KIND_CHANNELS: dict[str, frozenset[str]] = {
    "prospecting_electronic": ELECTRONIC_CHANNELS,
    "newsletter": ELECTRONIC_CHANNELS,
    "prospecting_post": frozenset({"post"}),
    "prospecting_phone": frozenset({"phone"}),
}
"""The channels a kind of purpose can use; other marketing kinds may use any."""


@dataclass(frozen=True)
class Box:
    kind: str
    """``own_consent``, ``own_soft`` (customers, at a sale), ``own_professional``, ``own_objection``,
    ``partner_consent`` or ``partner_objection``: the catalogue's ``notice.checkbox_<kind>``."""
    channels: tuple[str, ...]


def _ordered(channels: set[str]) -> tuple[str, ...]:
    return tuple(c for c in CHANNEL_ORDER if c in channels)


def own_marketing(activity: Activity) -> list[Purpose]:
    """The purposes by which the organisation markets to people itself (not those handing files to partners)."""
    if activity.prospecting is None:
        return []
    return [p for p in activity.purposes.all() if is_marketing(p, activity) and p.kind != "file_transmission"]


def channels_of(purpose: Purpose, activity: Activity) -> set[str]:
    """The channels a marketing purpose uses: its own, else those of ``prospecting`` its kind allows (a purpose
    on consent without a kind: those that need consent)."""
    if purpose.channels:
        return set[str](purpose.channels)
    offered = set[str](activity.prospecting.channels) if activity.prospecting else set()
    default = ELECTRONIC_CHANNELS if purpose.basis == "consent" else offered
    return offered & KIND_CHANNELS.get(purpose.kind or "", default)


def audience_of(purpose: Purpose, activity: Activity) -> set[str]:
    """Whom a marketing purpose addresses: its own audience, else that of ``prospecting``."""
    if purpose.audience:
        return set(purpose.audience)
    prospecting = activity.prospecting
    if prospecting is None:
        return set()
    return set(prospecting.audience) | ({"customers"} if prospecting.existing_customers else set())


def needs_objection_at_collection(activity: Activity) -> set[str]:
    """The channels on which the organisation prospects without consent: people must be able to object
    when their details are collected (CPCE L.34-5 for the soft opt-in and B2B; CNIL for post and phone)."""
    return {c for p in own_marketing(activity) if p.basis not in ("consent", "todo") for c in channels_of(p, activity)}


def form_boxes(activity: Activity) -> list[Box]:
    """Every choice the collection form offers, one per kind of box, with the channels concerned."""
    wanted: dict[str, set[str]] = {}
    prospecting = activity.prospecting
    objection_offered = prospecting is not None and prospecting.objection_at_collection
    for purpose in own_marketing(activity):
        channels = channels_of(purpose, activity)
        electronic, offline = channels & ELECTRONIC_CHANNELS, channels - ELECTRONIC_CHANNELS
        audience = audience_of(purpose, activity)
        if purpose.basis == "consent":
            wanted.setdefault("own_consent", set()).update(channels)
            continue
        if not objection_offered:
            continue
        if electronic and "customers" in audience:
            wanted.setdefault("own_soft", set()).update(electronic & {"email", "sms"})
        if electronic and "professionals" in audience:
            wanted.setdefault("own_professional", set()).update(electronic)
        if offline:
            wanted.setdefault("own_objection", set()).update(offline)
    transmission = activity.transmission
    if transmission is not None:
        electronic = set[str](transmission.channels) & ELECTRONIC_CHANNELS
        if electronic and any(p.basis == "consent" for p in activity.purposes.all()):
            wanted["partner_consent"] = electronic
        offline = set[str](transmission.channels) - ELECTRONIC_CHANNELS
        if offline and transmission.objection_at_collection:
            wanted["partner_objection"] = offline
    order = ("own_consent", "own_soft", "own_professional", "own_objection", "partner_consent", "partner_objection")
    boxes = []
    for kind in (k for k in order if wanted.get(k)):
        if kind.endswith("consent"):  # consent is specific to each means of contact (CPCE L.34-5, Art. 7(2))
            boxes += [Box(kind, (channel,)) for channel in _ordered(wanted[kind])]
        else:
            boxes.append(Box(kind, _ordered(wanted[kind])))
    return boxes
