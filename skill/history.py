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
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

Kind = Literal["routine", "exercise"]

KEEP_DAYS = 60
"""Practice days kept: enough for "five of the last seven days" and a two-month streak, while the
record (which also travels in every session) stays well under a kilobyte."""


@dataclass(frozen=True)
class History:
    """Practice days (sorted ISO dates, newest last), totals, the current run and the best streak.

    ``run`` is the length of the streak that ends on the newest practice day. It is kept as a
    number, like ``best``, because a long streak outgrows the bounded list of days.
    """

    days: tuple[str, ...] = ()
    routines: int = 0
    exercises: int = 0
    run: int = 0
    best: int = 0
    whole: tuple[str, ...] = ()
    """The days (of ``days``) on which the whole routine was finished, not only an exercise: an
    Echo Show draws those as done and the others as partly done (issue #23)."""

    def done(self, day: str, kind: Kind) -> History:
        """The history after completing the routine or one exercise on ``day``."""
        days = _bounded({*self.days, day})
        last = self.days[-1] if self.days else None
        if last == day:
            run = self.run
        elif last is not None and _next_day(last) == day:
            run = self.run + 1
        else:  # the first day, a gap, or a day before the newest (a clock or time zone change)
            run = _chain(days)
            if last is not None and days[-1] == last:
                run = max(run, self.run)  # the old run may reach past the kept days
        routines = self.routines + (kind == "routine")
        exercises = self.exercises + (kind == "exercise")
        whole = _within((*self.whole, day) if kind == "routine" else self.whole, days)
        return History(days, routines, exercises, run, max(self.best, run), whole)

    @property
    def total(self) -> int:
        return self.routines + self.exercises

    def streak(self, today: str) -> int:
        """Consecutive practice days ending today, or yesterday if today is not done yet."""
        if not self.days:
            return 0
        yesterday = _next_day(today, -1)
        return self.run if yesterday is not None and self.days[-1] >= yesterday else 0

    def days_in_last(self, today: str, span: int = 7) -> int:
        """How many of the ``span`` days ending ``today`` had practice."""
        end = _parse(today)
        if end is None:
            return 0
        window = {(end - timedelta(days=offset)).isoformat() for offset in range(span)}
        return len(window.intersection(self.days))

    def to_stored(self) -> dict[str, Any]:
        return {
            "days": list(self.days),
            "routines": self.routines,
            "exercises": self.exercises,
            "run": self.run,
            "best": self.best,
            **({"whole": list(self.whole)} if self.whole else {}),
        }

    @classmethod
    def from_stored(cls, stored: Any) -> History:
        """Read a stored history; anything malformed is dropped field by field, never raised."""
        if not isinstance(stored, Mapping):
            return cls()
        raw_days = stored.get("days")
        days = _bounded(day for day in raw_days if _parse(day)) if isinstance(raw_days, list) else ()
        chain = _chain(days)
        # The stored run can only exceed what the kept days show when the chain reaches the oldest
        # of them (a streak longer than the days kept); otherwise the days decide.
        run = max(chain, _count(stored.get("run"))) if days and chain == len(days) else chain
        return cls(
            days=days,
            routines=_count(stored.get("routines")),
            exercises=_count(stored.get("exercises")),
            run=run,
            best=max(_count(stored.get("best")), run),
            whole=_within(_list(stored.get("whole")), days),
        )

    @staticmethod
    def merged(base: History, mine: History, theirs: History) -> History:
        """Both devices' practice since ``base``: days united, completions added, best kept.

        ``base`` is the history both sides started from; what ``mine`` added since is added on top
        of ``theirs``, so two routines finished on two devices count as two.
        """
        days = _bounded({*theirs.days, *mine.days})
        runs = [_chain(days)] + [
            side.run for side in (mine, theirs) if side.days and side.days[-1] == days[-1]
        ]
        run = max(runs) if days else 0
        return History(
            days=days,
            routines=theirs.routines + max(0, mine.routines - base.routines),
            exercises=theirs.exercises + max(0, mine.exercises - base.exercises),
            run=run,
            best=max(mine.best, theirs.best, run),
            whole=_within((*mine.whole, *theirs.whole), days),
        )


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _within(whole: Iterable[Any], days: tuple[str, ...]) -> tuple[str, ...]:
    """The whole-routine days that are still among the kept practice days, sorted."""
    kept = set(days)
    return tuple(sorted({day for day in whole if isinstance(day, str) and day in kept}))


def _chain(days: tuple[str, ...]) -> int:
    """How many of ``days`` (sorted) form an unbroken run ending at the newest."""
    count = 0
    expected = days[-1] if days else None
    for day in reversed(days):
        if day != expected:
            break
        count += 1
        expected = _next_day(day, -1)
    return count


def _next_day(day: str, step: int = 1) -> str | None:
    parsed = _parse(day)
    return (parsed + timedelta(days=step)).isoformat() if parsed is not None else None


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
