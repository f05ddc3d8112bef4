"""What the exports write, taken from the views the register document is made of.

The same organisation and fiches, so the exports say what the document says: the same labels,
the same localised values, the same "À compléter" where the register says ``todo`` or lacks a
recommended fact, the same reference (the organisation's own, else the id) and address.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import Messages
from ..loading.register import Register
from ..views.document import OrganisationView, organisation_view
from ..views.fiche import ControllerPart, FicheView, FicheWriter, RecipientView
from ..views.gaps import Gaps


@dataclass(frozen=True)
class ControllerFiche:
    """A controller's fiche, with its Art. 30(1) part known to be there."""

    fiche: FicheView
    part: ControllerPart


@dataclass(frozen=True)
class ExportView:
    t: Messages
    organisation: OrganisationView
    fiches: list[FicheView]
    """Every activity's fiche, in the register's order."""
    recipients: dict[str, RecipientView]
    """Every recipient the controller fiches name (transfers included), by id, in order of first mention."""

    @property
    def controller(self) -> list[ControllerFiche]:
        return [ControllerFiche(f, f.controller) for f in self.fiches if f.controller is not None]

    @property
    def mark(self) -> str:
        """The "À compléter" mark, as the documents write it where a fact is missing."""
        return self.t("document.to_complete")

    def shown(self, value: str | None) -> str:
        """A fact the document marks when it is missing: the fact, or the "À compléter" mark."""
        return self.mark if value is None else value


def export_view(register: Register, messages: Messages) -> ExportView:
    gaps = Gaps(register)
    organisation = organisation_view(register, messages, gaps)
    writer = FicheWriter(register, messages, gaps)
    fiches = [writer.fiche(sourced) for sourced in register.ordered]
    named = [ref for fiche in fiches if fiche.controller for ref in
             [*(r.id for r in fiche.controller.recipients), *(t.recipient_id for t in fiche.transfers)]]
    recipients = {ref: writer.recipient(ref, None) for ref in dict.fromkeys(named)}
    return ExportView(messages, organisation, fiches, recipients)
