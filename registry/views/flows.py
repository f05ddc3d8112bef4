"""An activity's data flows, read from its fiche alone: the picture can never say what the tables do not.

Left, whom the data are about and where they come from; middle, the activity with its purposes and bases;
right, the recipients grouped by kind, each flow leaving the EU/EEA with its country and safeguard, "À
compléter" where the fiche has none. A processor's fiche draws its clients, its processing and its
sub-processors the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Messages
from ..law.geography import outside_eea
from .fiche import FicheView, RecipientView

GROUPS: tuple[tuple[str, frozenset[str]], ...] = (
    ("departments", frozenset({"departments"})),
    ("processors", frozenset({"processors"})),
    ("partners", frozenset({"partners"})),
    ("authorities", frozenset({"public_authority"})),
    ("others", frozenset({"institutional_partner", "international_organisation", "other"})),
)
"""The recipients' groups, in the order drawn, with the catalogue kinds each holds."""


@dataclass(frozen=True)
class FlowNode:
    label: str
    note: str | None = None
    """A second line: a recipient's country, a purpose's basis."""
    unknown: bool = False
    """Whether the label or note is a gap ("À compléter"), drawn as one."""


@dataclass(frozen=True)
class FlowTarget:
    """A recipient and the flow to it."""

    node: FlowNode
    leaves: str | None
    """Where a flow leaving the EU/EEA goes ("Hors UE/EEE : États-Unis"): drawn marked, with its safeguard."""
    safeguard: FlowNode | None
    """The transfer's safeguard, "À compléter" when the flow leaves with none recorded; None when it stays."""
    placed: bool
    """Whether the register says in which country the recipient is (or that it is the public online)."""


@dataclass(frozen=True)
class FlowGroup:
    heading: str
    targets: list[FlowTarget]


@dataclass(frozen=True)
class FlowColumn:
    heading: str
    nodes: list[FlowNode]


@dataclass(frozen=True)
class FlowView:
    id: str
    anchor: str
    title: str
    sources: list[FlowColumn]
    """The left side: data subjects, then the sources of the data (or a processor's clients)."""
    activity: FlowNode
    purposes: list[FlowNode]
    groups: list[FlowGroup]
    """The right side; no group when the fiche names no recipient (``no_recipient`` says so)."""
    no_recipient: str | None
    description: str
    """The picture in words, its text alternative."""


def flow_view(fiche: FicheView, t: Messages) -> FlowView:
    """The flows of one fiche, in the fiche's language."""
    todo = t("document.to_complete")
    if fiche.processor is not None:
        sources = [FlowColumn(t("flows.clients"), [FlowNode(c.name) for c in fiche.processor.clients])]
        purposes = [FlowNode(p) for p in fiche.processor.processing]
        recipients = fiche.processor.sub_processors
        groups = [FlowGroup(t("flows.group.sub_processors"), [_target(r, fiche, t) for r in recipients])]
        groups = [g for g in groups if g.targets]
    else:
        assert fiche.controller is not None
        c = fiche.controller
        subjects = [FlowNode(s.category) for s in c.subjects] or [FlowNode(todo, unknown=True)]
        origins = list(dict.fromkeys(d.source for d in c.data))
        sources = [FlowColumn(t("flows.subjects"), subjects)]
        if origins:
            sources.append(FlowColumn(t("flows.sources"), [FlowNode(s) for s in origins]))
        purposes = [FlowNode(p.label, p.basis or todo, p.basis is None) for p in c.purposes]
        recipients = c.recipients
        groups = [FlowGroup(t(f"flows.group.{name}"), [_target(r, fiche, t) for r in c.recipients
                                                       if r.kind_key in kinds])
                  for name, kinds in GROUPS]
        if c.authorities:
            groups.append(FlowGroup(t("flows.group.inquiry"), [_target(r, fiche, t) for r in c.authorities]))
        groups = [g for g in groups if g.targets]
    no_recipient = None if recipients else t("flows.no_recipient", todo=todo)
    return FlowView(
        id=fiche.id,
        anchor=fiche.anchor,
        title=t("flows.title", name=fiche.name),
        sources=sources,
        activity=FlowNode(fiche.name),
        purposes=purposes,
        groups=groups,
        no_recipient=no_recipient,
        description=_description(sources, groups, no_recipient, t),
    )


def same_flows(before: FlowView, after: FlowView) -> bool:
    """Whether two pictures draw the same flows: the same sources and recipients, each going where it went."""
    return (before.sources, before.groups, before.no_recipient) == (after.sources, after.groups, after.no_recipient)


def _target(recipient: RecipientView, fiche: FicheView, t: Messages) -> FlowTarget:
    """The flow to a recipient; its safeguard is the fiche's transfer to it, or "À compléter"."""
    placed = recipient.name not in fiche.unplaced
    node = FlowNode(recipient.name, recipient.country, not placed)
    if not outside_eea(recipient.country_code):
        return FlowTarget(node, None, None, placed)
    transfer = next((x for x in fiche.transfers if x.recipient_id == recipient.id), None)
    tool = transfer.tool if transfer else None
    safeguard = FlowNode(tool) if tool else FlowNode(t("document.to_complete"), unknown=True)
    return FlowTarget(node, t("flows.leaves", country=recipient.country), safeguard, placed)


def _description(sources: list[FlowColumn], groups: list[FlowGroup], no_recipient: str | None,
                 t: Messages) -> str:
    """Every node and marked flow of the picture, as sentences."""
    parts = [t("flows.describe.column", heading=column.heading, names=t.join([n.label for n in column.nodes]))
             for column in sources if column.nodes]
    parts += [t("flows.describe.column", heading=group.heading,
                names=t.join([f"{x.node.label} ({x.node.note})" if x.node.note else x.node.label
                              for x in group.targets]))
              for group in groups]
    if no_recipient:
        parts.append(no_recipient)
    leaving = [t("flows.describe.transfer", name=x.node.label, country=x.node.note, safeguard=x.safeguard.label)
               for g in groups for x in g.targets if x.safeguard]
    if leaving:
        parts.append(t("flows.describe.leaving", flows=t.join(leaving)))
    return " ".join(parts)
