"""Art. 30 completeness: the items an auditor expects in every fiche."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ... import codes
from ...law.geography import outside_eea
from ...loading.register import ControllerActivity, SourcedActivity
from ...models.common import todo_paths
from .base import Context, Finding, rule


@rule(codes.A30001, on="register")
def eu_representative(ctx: Context) -> Iterator[Finding]:
    """
    What it checks:
    An organisation established outside the EU/EEA names its EU representative
    (`eu_representative`).

    Why:
    Art. 27 and 30(1)(a) GDPR: the record contains the name and contact details of the
    controller's representative.

    Fails:
    An organisation established in Switzerland with no `eu_representative`.

    ```yaml
    # registry.yaml
    organisation:
      address: {street: 1 rue du Lac, postcode: "1201", city: Genève, country: CH}
    ```

    Fix:
    Add `eu_representative: {name: …, email: …, address: …}`.
    """
    settings = ctx.register.settings
    if outside_eea(settings.organisation.country) and settings.eu_representative is None:
        yield Finding(("organisation", "address", "country"), "an organisation outside the EU/EEA names its EU "
                                                              "representative (Art. 27)", in_settings=True)


@rule(codes.A30002, on="controller_activity")
def recipients(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    Every activity lists who receives or accesses the data, internal departments included.

    Why:
    Art. 30(1)(d) GDPR: the categories of recipients, including processors and recipients in
    third countries. The CNIL: "Lister l'ensemble des personnes qui ont accès aux données".

    Fails:
    An activity that names no recipient (and transmits nothing).

    ```yaml
    recipients: []
    ```

    Fix:
    `recipients: [{ref: sales}, {ref: ovhcloud}]`.
    """
    model = activity.model
    if not model.recipient_ids:
        yield Finding((), "list the recipients of the data (at least the department that uses them)")


@rule(codes.A30003, on="activity")
def security(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    Every activity refers to the security measures that protect it.

    Why:
    Art. 30(1)(g) and 30(2)(d) GDPR: where possible, a general description of the technical and
    organisational measures of Art. 32.

    Fails:
    An activity that refers to no security measure.

    ```yaml
    security_measures: []
    ```

    Fix:
    `security_measures: [{ref: access-control}, {ref: backup}]`.
    """
    if not activity.model.security_measures:
        yield Finding((), "refer to the security measures that protect these data")


@rule(codes.A30004, on="register")
def dpo(ctx: Context) -> Iterator[Finding]:
    """
    What it checks:
    The register names a data protection officer (ignore the rule in `checks.ignore` when none
    is designated). A public authority, which must designate one, is A30008's.

    Why:
    Art. 30(1)(a) GDPR: the record contains the DPO's contact details where one is designated;
    Art. 37 makes a DPO mandatory for public bodies and for large-scale monitoring or sensitive
    data.

    Fails:
    A register without `dpo`.

    ```yaml
    # registry.yaml
    dpo: null
    ```

    Fix:
    Add `dpo: {kind: internal, name: …, email: …}`.
    """
    settings = ctx.register.settings
    if settings.dpo is None and not settings.organisation.public_authority:
        yield Finding((), "no data protection officer is named", in_settings=True)


@rule(codes.A30008, on="register")
def public_authority_dpo(ctx: Context) -> Iterator[Finding]:
    """
    What it checks:
    A public authority (`organisation.public_authority: true`) names its data protection
    officer (`dpo`).

    Why:
    Art. 37(1)(a) GDPR: a controller that is a public authority or body (except courts acting
    in their judicial capacity) designates a DPO, whatever it processes; Art. 30(1)(a) puts
    the DPO's contact details in the record and Art. 13(1)(b) in every notice.

    Fails:
    A public authority without `dpo`.

    ```yaml
    # registry.yaml
    organisation:
      public_authority: true
    dpo: null
    ```

    Fix:
    Designate the DPO, declare it to the CNIL, and add `dpo: {kind: …, name: …, email: …}`.
    """
    settings = ctx.register.settings
    if settings.dpo is None and settings.organisation.public_authority:
        yield Finding(("organisation", "public_authority"), "a public authority designates a data protection "
                                                            "officer (Art. 37(1)(a)): add 'dpo'", in_settings=True)


@rule(codes.A30005, on="activity")
def to_complete(ctx: Context, activity: SourcedActivity) -> Iterator[Finding]:
    """
    What it checks:
    No fact is left as `todo`: a legal basis, a retention, an Art. 9 exception, the
    department in charge, the categories of persons or of data, or any text (how consent
    is withdrawn, the consequence of not giving data, a transfer's documentation…).

    Why:
    `todo` keeps a draft or an imported register valid while the DPO finds the answer, and
    the register shows "À compléter" there; but a register handed to an auditor answers
    every Art. 30 item, and a notice cannot be published without its legal bases and
    retention periods (Art. 13(1)(c), 13(2)(a)).

    Fails:
    A purpose whose legal basis is still to be found.

    ```yaml
    purposes:
      main: {label: Gestion des commandes, basis: todo}
    ```

    Fix:
    Replace `todo` by the fact, e.g. `basis: contract`.
    """
    for loc in todo_paths(activity.model):
        yield Finding(loc, f"'{loc[-1]}' is still to be completed: replace todo by the fact")


@rule(codes.A30006, on="register")
def organisation_to_complete(ctx: Context) -> Iterator[Finding]:
    """
    What it checks:
    Nothing in registry.yaml is left as `todo`: the organisation's address, email and legal
    representative, a processor's service or country.

    Why:
    Art. 30(1)(a) GDPR: the record contains the name and contact details of the controller;
    every notice gives them too (Art. 13(1)(a)). `todo` marks them missing after an import
    from a spreadsheet that did not hold them.

    Fails:
    An organisation whose email is still to be found.

    ```yaml
    # registry.yaml
    organisation:
      email: todo
    ```

    Fix:
    Write the fact, e.g. `email: contact@example.fr`.
    """
    for loc in todo_paths(ctx.register.settings):
        yield Finding(loc, f"'{'.'.join(map(str, loc))}' is still to be completed: replace todo by the fact",
                      in_settings=True)


@rule(codes.A30009, on="register")
def activities_recorded(ctx: Context) -> Iterator[Finding]:
    """
    What it checks:
    The register records at least one processing activity (a file in `activities/`).

    Why:
    Art. 30(1) and 30(2) GDPR: the record is a record of processing activities; every
    organisation keeps at least its staff administration and payroll, its suppliers and its
    customers. A register just started by `registry init` has none yet.

    Fails:
    A register whose `activities/` folder holds no YAML file.

    ```yaml
    # activities/: no file
    ```

    Fix:
    Add one file per processing activity, e.g. `activities/paie.yaml` (`registry schema
    activity` lists the keys; `registry init DIR --example` shows complete fiches).
    """
    if not ctx.register.activities:
        yield Finding((), "no processing activity is recorded: add one file per activity in activities/",
                      in_settings=True)


@rule(codes.A30007, on="controller_activity")
def joint_controller_processor(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    No body is both a joint controller of an activity and one of its processors.

    Why:
    Art. 26 and 28 GDPR are exclusive for one processing: a joint controller determines the
    purposes and means with the organisation (an arrangement, Art. 26(2), and rights that
    people may exercise against it, Art. 26(3)); a processor only acts on the organisation's
    instructions (a contract, Art. 28(3)). The EDPB Guidelines 07/2020 on the concepts of
    controller and processor: the same role cannot be both for the same purposes.

    Fails:
    The ticketing provider named as joint controller of the activity it hosts.

    ```yaml
    joint_controllers:
      - {name: Freshworks Inc., email: privacy@freshworks.example, responsibilities: Support}
    recipients: [{ref: freshworks}]
    ```

    Fix:
    Decide the body's role for this activity: remove it from `joint_controllers` if it acts on
    instructions under an Art. 28 contract, or from the recipients if it decides with you.
    """
    model = activity.model
    processors = {_plain(ctx.register.name_of(ref, "fr")): ref for ref in model.recipient_ids
                  if ctx.register.recipient_kind(ref) == "processors"}
    for index, joint in enumerate(model.joint_controllers):
        ref = processors.get(_plain(joint.name))
        if ref is not None:
            yield Finding(("joint_controllers", index, "name"),
                          f"'{joint.name}' is both a joint controller of this activity and its processor '{ref}': "
                          "one body has one role for one processing (Art. 26, 28)")


def _plain(name: str) -> str:
    """A body's name as compared: case, punctuation and spacing aside."""
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())
