"""ISO 8601 durations (``P3Y``, ``P1Y6M``, ``P13M``, ``P30D``) as retention periods use them."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")
PATTERN = _PATTERN.pattern


@dataclass(frozen=True)
class Duration:
    """A calendar duration; time parts are not accepted (retention is counted in days at least)."""

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @classmethod
    def parse(cls, text: str) -> Duration:
        match = _PATTERN.match(text)
        if not match or text == "P":
            raise ValueError(text)
        years, months, weeks, days = (int(part or 0) for part in match.groups())
        duration = cls(years, months, weeks, days)
        if not duration.approximate_days:
            raise ValueError(text)
        return duration

    @property
    def approximate_days(self) -> int:
        """For comparing durations (a year counts 365 days, a month 30)."""
        return self.years * 365 + self.months * 30 + self.weeks * 7 + self.days

    def __str__(self) -> str:
        parts = [f"{n}{unit}" for n, unit in zip((self.years, self.months, self.weeks, self.days), "YMWD") if n]
        return "P" + "".join(parts)
