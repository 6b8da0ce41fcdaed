"""What the user has done: the days they practised, their streaks and their totals.

Pure data with no clock: every function takes the day (an ISO date in the user's time zone) from
the caller. The stored form stays small and DynamoDB-safe (strings and ints) however long someone
keeps the habit: only the last ``KEEP_DAYS`` practice days are kept, and the best streak is kept as
a number so it outlives the days it was made of.

Two devices can finish a routine at the same moment; :meth:`History.merged` combines their
histories against the one both started from, so neither completion is lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Any, Literal

Kind = Literal["routine", "exercise"]

KEEP_DAYS = 60
"""Practice days kept: enough for "five of the last seven days" and a two-month streak, while the
record (which also travels in every session) stays well under a kilobyte."""


@dataclass(frozen=True)
class History:
    """Practice days (sorted ISO dates, newest last), totals, and the best streak ever reached."""

    days: tuple[str, ...] = ()
    routines: int = 0
    exercises: int = 0
    best: int = 0

    def done(self, day: str, kind: Kind) -> History:
        """The history after completing the routine or one exercise on ``day``."""
        days = _bounded({*self.days, day})
        counted = replace(self, days=days)
        if kind == "routine":
            counted = replace(counted, routines=self.routines + 1)
        else:
            counted = replace(counted, exercises=self.exercises + 1)
        return replace(counted, best=max(self.best, counted.streak(day)))

    @property
    def total(self) -> int:
        return self.routines + self.exercises

    def streak(self, today: str) -> int:
        """Consecutive practice days ending today, or yesterday if today is not done yet."""
        practised = set(self.days)
        day = _parse(today)
        if day is None:
            return 0
        if today not in practised:
            day -= timedelta(days=1)
        count = 0
        while day.isoformat() in practised:
            count += 1
            day -= timedelta(days=1)
        return count

    def days_in_last(self, today: str, span: int = 7) -> int:
        """How many of the ``span`` days ending ``today`` had practice."""
        end = _parse(today)
        if end is None:
            return 0
        window = {(end - timedelta(days=offset)).isoformat() for offset in range(span)}
        return len(window.intersection(self.days))

    def to_stored(self) -> dict[str, Any]:
        return {"days": list(self.days), "routines": self.routines, "exercises": self.exercises, "best": self.best}

    @classmethod
    def from_stored(cls, stored: Any) -> History:
        """Read a stored history; anything malformed is dropped field by field, never raised."""
        if not isinstance(stored, Mapping):
            return cls()
        raw_days = stored.get("days")
        days = _bounded(day for day in raw_days if _parse(day) is not None) if isinstance(raw_days, list) else ()
        return cls(
            days=days,
            routines=_count(stored.get("routines")),
            exercises=_count(stored.get("exercises")),
            best=_count(stored.get("best")),
        )

    @staticmethod
    def merged(base: History, mine: History, theirs: History) -> History:
        """Both devices' practice since ``base``: days united, completions added, best kept.

        ``base`` is the history both sides started from; what ``mine`` added since is added on top
        of ``theirs``, so two routines finished on two devices count as two.
        """
        days = _bounded({*theirs.days, *mine.days})
        merged = History(
            days=days,
            routines=theirs.routines + max(0, mine.routines - base.routines),
            exercises=theirs.exercises + max(0, mine.exercises - base.exercises),
            best=max(mine.best, theirs.best),
        )
        latest = days[-1] if days else ""
        return replace(merged, best=max(merged.best, merged.streak(latest)))


def _bounded(days: Iterable[Any]) -> tuple[str, ...]:
    return tuple(sorted({str(day) for day in days}))[-KEEP_DAYS:]


def _parse(day: Any) -> date | None:
    if not isinstance(day, str) or len(day) != 10:
        return None
    try:
        return date.fromisoformat(day)
    except ValueError:
        return None


def _count(value: Any) -> int:
    if isinstance(value, bool):
        return 0
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return 0
    return number if number >= 0 and number == value else 0
