"""Facts of direct-marketing law shared by the prospecting (PR) and transmission (PT) rules."""

from __future__ import annotations

from datetime import date

from ...models import Activity

PHONE_OPT_IN_FROM = date(2026, 8, 11)
"""Loi n° 2025-594: from this date, phone canvassing of consumers needs their prior consent."""


def relies_on_consent(activity: Activity) -> bool:
    return any(p.basis == "consent" for p in activity.purposes.all())
