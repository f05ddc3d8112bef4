"""How a transfer's safeguard is named wherever the transfer appears: fiche, annex, spreadsheet."""

from __future__ import annotations

from ..i18n import Messages
from ..models.activity import Transfer
from ..models.vocabulary import TODO
from .geography import covering_decision


def safeguard_wording(transfer: Transfer, messages: Messages, label: str) -> str | None:
    """The safeguard as ``label`` names the tool (``vocabulary.transfer_tool`` or the CNIL template's
    ``cnil.tool``), a partial adequacy decision with its scope and reference from the adequacy list;
    None while the register does not hold a safeguard: ``todo``, or adequacy where no decision covers
    the recipient (TR001 reports it)."""
    if transfer.tool == TODO:
        return None
    if transfer.tool != "adequacy":
        return messages(f"{label}.{transfer.tool}")
    decision = covering_decision(transfer.country, transfer.adequacy_scope)
    if decision is None:
        return None
    if decision.scope is None:
        return messages(f"{label}.adequacy")
    scope = decision.scope.labels.get(messages.language, decision.scope.labels["en"])
    return messages("fiche.partial_adequacy", scope=scope, decision=decision.cited(messages.language))
