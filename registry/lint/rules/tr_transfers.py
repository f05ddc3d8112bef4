"""Transfers outside the EU/EEA (Chapter V) and processors (Art. 28)."""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...law.geography import adequacy, adequacy_covers, outside_eea
from ...loading.register import ControllerActivity, SourcedActivity
from .base import Context, Finding, Loc, rule


@rule(codes.TR001, on="activity")
def adequacy_recognised(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    A transfer framed by an adequacy decision goes to a country that has one, according to
    the list kept with its date in the tool (`registry/data/adequacy.yaml`); where the decision
    covers only part of the country, the transfer records that the recipient is within it
    (`adequacy_scope`: `dpf` for the United States, `pipeda` for Canada, `appi` for Japan).

    Why:
    Art. 45 GDPR: only the Commission's decisions make a country adequate; the CNIL template's
    list is outdated (Privacy Shield). For the United States, adequacy covers only organisations
    certified under the Data Privacy Framework (decision C(2023) 4745): an uncertified
    recipient needs another tool.

    Fails:
    A transfer to India said to rest on adequacy.

    ```yaml
    recipients: [{ref: freshworks}]
    transfers:
      - {recipient: freshworks, country: IN, tool: adequacy}
    ```

    Fix:
    Frame the transfer with standard contractual clauses (`tool: scc`) and give the
    `documentation`; for a US recipient certified under the Data Privacy Framework, write
    `adequacy_scope: dpf` after checking its entry on the DPF list.
    """
    listed = adequacy()
    for index, transfer in enumerate(activity.model.transfers):
        if transfer.tool != "adequacy" or not outside_eea(transfer.country):
            continue
        decision = listed.countries.get(transfer.country)
        if decision is None:
            yield Finding(("transfers", index, "tool"), f"{transfer.country} has no adequacy decision "
                                                        f"(list as of {listed.as_of}): use another tool")
        elif not adequacy_covers(transfer.country, transfer.adequacy_scope):
            assert decision.scope is not None
            yield Finding(("transfers", index, "tool"),
                          f"the adequacy decision for {transfer.country} covers only recipients that are: "
                          f"{decision.scope.labels['en']}; write 'adequacy_scope: {decision.scope.id}' if this one is, "
                          "else use another tool")


@rule(codes.TR002, on="activity")
def derogation(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    A transfer relying on an Art. 49 derogation records the safeguards and the documentation.

    Why:
    Art. 30(1)(e) GDPR: for transfers under the second subparagraph of Art. 49(1), the register
    documents the suitable safeguards; derogations are exceptions, read strictly (EDPB
    Guidelines 2/2018).

    Fails:
    An Art. 49 derogation without safeguards or documentation.

    ```yaml
    recipients: [{ref: freshworks}]
    transfers:
      - {recipient: freshworks, country: US, tool: art49_derogation}
    ```

    Fix:
    Add `safeguards:` (what protects the data) and `documentation:` (where the assessment is).
    """
    for index, transfer in enumerate(activity.model.transfers):
        if transfer.tool == "art49_derogation" and not (transfer.safeguards and transfer.documentation):
            yield Finding(("transfers", index), "document the safeguards of an Art. 49 derogation: "
                                                "add 'safeguards' and 'documentation'")


@rule(codes.TR003, on="activity")
def transfer_documentation(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    A transfer framed by clauses, binding corporate rules, a code of conduct or a certification
    says where the document is (`documentation`).

    Why:
    The CNIL template asks for "Liens vers la documentation"; Art. 13(1)(f): people may obtain
    a copy of the safeguards, and the notice tells them where.

    Fails:
    Standard contractual clauses without saying where they are.

    ```yaml
    recipients: [{ref: freshworks}]
    transfers:
      - {recipient: freshworks, country: US, tool: scc}
    ```

    Fix:
    `documentation: https://…/clauses-contractuelles-types.pdf` or the contract reference.
    """
    for index, transfer in enumerate(activity.model.transfers):
        if transfer.tool not in ("adequacy", "art49_derogation") and not transfer.documentation:
            yield Finding(("transfers", index), "say where the framing document is: add 'documentation'")


@rule(codes.TR004, on="controller_activity")
def undeclared_transfer(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    A recipient located outside the EU/EEA has a matching entry under `transfers`.

    Why:
    Art. 30(1)(e) GDPR: the register identifies transfers to third countries; Art. 44: every
    transfer needs a Chapter V tool.

    Fails:
    A processor in the United States, and no transfer declared.

    ```yaml
    recipients: [{ref: freshworks}]
    ```

    Fix:
    ```yaml
    transfers:
      - recipient: freshworks
        country: US
        tool: scc
        documentation: https://…
    ```
    """
    model = activity.model
    declared = {t.recipient for t in model.transfers}
    located: list[tuple[Loc, str]] = [*((("recipients", i, "ref"), r.ref) for i, r in enumerate(model.recipients)),
               *((("transmission", "partners", i), p) for i, p in
                 enumerate(model.transmission.partners if model.transmission else []))]
    for loc, ref in located:
        country = ctx.register.country_of(ref)
        if outside_eea(country) and ref not in declared:
            declared.add(ref)
            yield Finding(loc, f"'{ref}' is in {country}, outside the EU/EEA: declare the transfer under 'transfers'")


@rule(codes.TR005, on="register")
def processor_contract(ctx: Context) -> Iterator[Finding]:
    """
    What it checks:
    Every processor in registry.yaml has the reference of its Art. 28 contract (`contract`).

    Why:
    Art. 28(3) GDPR: processing by a processor is governed by a contract setting out its
    obligations; the référentiel asks for it and the CNIL recommends keeping it with the
    register.

    Fails:
    A processor without its Art. 28 contract.

    ```yaml
    # registry.yaml
    processors:
      - {id: ovhcloud, contract: null}
    ```

    Fix:
    `contract: DPA signé le 2024-03-01`.
    """
    for index, processor in enumerate(ctx.register.settings.processors):
        if not processor.contract:
            yield Finding(("processors", index), f"processor '{processor.id}' has no Art. 28 contract reference",
                          in_settings=True)


@rule(codes.TR006, on="register")
def recipient_country(ctx: Context) -> Iterator[Finding]:
    """
    What it checks:
    Every processor, partner and other recipient in registry.yaml says where it processes the
    data (`country`); the public, reading what is published on the internet, says
    `online: true` instead.

    Why:
    Art. 30(1)(d)-(e) and 44 GDPR: the register identifies the recipients in third countries,
    and each transfer outside the EU/EEA needs a Chapter V tool, which TR004 can only ask for
    when the country is written. The documents never assume a country: without one, they say
    "Non précisé".

    Fails:
    A partner whose country is not written.

    ```yaml
    # registry.yaml
    partners:
      - {id: maison-confort, country: null}
    ```

    Fix:
    `country: FR` (or `todo` until it is known, which A30006 reports as an error).
    """
    settings = ctx.register.settings
    for catalogue in ("processors", "partners", "recipients"):
        for index, entry in enumerate(getattr(settings, catalogue)):
            if entry.country is None and not getattr(entry, "online", False):
                yield Finding((catalogue, index), f"'{entry.id}' does not say where it processes the data: add "
                                                  "'country' (the documents say 'Non précisé' meanwhile)",
                              in_settings=True)
