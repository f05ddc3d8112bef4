"""Information of the people (Art. 12-14 GDPR): the register holds what their notices must say."""

from __future__ import annotations

from collections.abc import Iterator

from ... import codes
from ...loading.register import ControllerActivity
from .base import Context, Finding, rule


@rule(codes.IN001, on="controller_activity")
def notice_facts(ctx: Context, activity: ControllerActivity) -> Iterator[Finding]:
    """
    What it checks:
    The register records every fact the activity's privacy notices must state: the same list,
    through the same composer, that makes `registry notice` refuse to write a notice (N001).
    Facts that a rule of their own already reports as an error (the legitimate interest, LB001;
    how consent is withdrawn, LB008; retention, RT001…) are left to it.

    Why:
    Art. 13 and 14 GDPR list what people are told (the legitimate interest pursued, how to
    withdraw consent, whether data are mandatory and the consequence of not giving them, the
    retention period, the source of indirectly collected data…); a register that lacks one
    cannot produce a lawful notice.

    Fails:
    Mandatory data without the consequence of not giving them (Art. 13(2)(e)).

    ```yaml
    data_categories:
      - category: identity
        description: Nom, email
        mandatory: true
        retention: {duration: P3Y, from: end_of_contract}
    ```

    Fix:
    Fill the field the message names; `registry notice --draft` shows where each fact appears.
    """
    from ...i18n import Messages  # the notices import the views, which import the rules: only when run
    from ...notices.content import NoticeWriter
    from ...notices.facts import REQUIRED_FACTS, Facts

    facts = Facts(ctx.register, Messages(ctx.register.settings.settings.language), draft=False)
    writer = NoticeWriter(facts, version="")
    writer.full(activity)
    writer.short(activity)
    seen = set()
    for fact, in_settings, loc, message in facts.missing_facts:
        if REQUIRED_FACTS[fact].rule is None and (in_settings, loc) not in seen:
            seen.add((in_settings, loc))
            yield Finding(loc, message, in_settings=in_settings)
