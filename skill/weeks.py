"""The weekly goal: practice days counted by the user's own week (issue #23).

The evidence for older adults asks for days a week, not days in a row: the WHO's 2020 guidelines
recommend balance and strength exercise on at least three days a week after 65, and the Otago
falls-prevention programme schedules it three times a week with walking between. A streak that
breaks on a rest day discourages exactly the people this skill is for, so the coach counts the
week against a goal (three days unless the user chose another, one to seven) and counts the weeks
in a row the goal was met.

Weeks start on Sunday or Monday as the user's locale does. Babel (CLDR) is not a dependency of
the skill, so the first day of the week comes from the small table ``FIRST_DAY`` for the five
locales the skill ships; any other locale gets ISO 8601's Monday.

Pure, with no clock: every function takes the user's day (an ISO date in their time zone) from
the caller, and the days from :class:`skill.history.History`.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import Final, Literal

GOAL_DEFAULT: Final = 3
"""Days a week: the WHO's "at least three days a week" for balance and strength after 65."""
GOAL_MIN: Final = 1
GOAL_MAX: Final = 7

MONDAY: Final = 0
SUNDAY: Final = 6
FIRST_DAY: Final = {
    "en-US": SUNDAY,
    "en-CA": SUNDAY,
    "en-GB": MONDAY,
    "en-AU": MONDAY,
    "en-IN": MONDAY,
}
"""The first day of the week (``date.weekday()`` numbers) for each locale the skill ships: the
United States and Canada start on Sunday, the United Kingdom, Australia and India (as the product
decided for #23) on Monday. Not CLDR itself: Babel is not installed (see docs/conversation.md)."""

DayState = Literal["done", "partly", "rest"]


def first_weekday(locale: object) -> int:
    """The first day of the user's week for a request's locale (Monday when unknown)."""
    return FIRST_DAY.get(locale if isinstance(locale, str) else "", MONDAY)


def parse(day: str) -> date | None:
    try:
        return date.fromisoformat(day) if len(day) == 10 else None
    except ValueError:
        return None


def week_start(today: str, first: int) -> str:
    """The ISO date of the first day of the week ``today`` is in ("" for a day that is not one)."""
    parsed = parse(today)
    if parsed is None:
        return ""
    return (parsed - timedelta(days=(parsed.weekday() - first) % 7)).isoformat()


def days_in_week(days: Collection[str], start: str) -> int:
    """Practice days in the seven days from ``start``."""
    first = parse(start)
    if first is None:
        return 0
    week = {(first + timedelta(days=offset)).isoformat() for offset in range(7)}
    return len(week.intersection(days))


def previous_week(start: str) -> str:
    first = parse(start)
    return (first - timedelta(days=7)).isoformat() if first is not None else ""


def this_week(days: Collection[str], today: str, first: int) -> int:
    """Practice days so far in the week ``today`` is in."""
    return days_in_week(days, week_start(today, first))


def last_week(days: Collection[str], today: str, first: int) -> int:
    """Practice days in the week before the one ``today`` is in."""
    return days_in_week(days, previous_week(week_start(today, first)))


def weeks_met(days: Collection[str], today: str, first: int, goal: int) -> int:
    """Weeks in a row the goal was met, up to this one.

    This week counts once its goal is met; until then it does not break the run (it is not over),
    so the count runs back from last week. It can only see the days kept in the history
    (``skill.history.KEEP_DAYS``: about eight weeks).
    """
    start = week_start(today, first)
    if not start:
        return 0
    count = 1 if days_in_week(days, start) >= goal else 0
    start = previous_week(start)
    while start and days_in_week(days, start) >= goal:
        count += 1
        start = previous_week(start)
    return count


def last_seven(days: Collection[str], whole: Collection[str], today: str) -> list[tuple[str, DayState]]:
    """The seven days ending ``today``, oldest first, each done (the whole routine), partly (an
    exercise on its own) or a rest day: what an Echo Show draws."""
    end = parse(today)
    if end is None:
        return []
    found: list[tuple[str, DayState]] = []
    for offset in range(6, -1, -1):
        day = (end - timedelta(days=offset)).isoformat()
        state: DayState = "done" if day in whole else "partly" if day in days else "rest"
        found.append((day, state))
    return found


def days_since(last: str, today: str) -> int | None:
    """Whole days from ``last`` to ``today`` (None if either is not a date)."""
    then, now = parse(last), parse(today)
    if then is None or now is None:
        return None
    return (now - then).days
