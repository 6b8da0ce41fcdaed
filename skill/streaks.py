"""What the coach says about the user's practice: "This week: two of your three days."

One or two sentences, never a list of dates: the user is asking in passing, often mid-exercise.
The week against the weekly goal comes first (skill.weeks: the evidence asks for days a week);
days in a row are added only where they help, and nothing here ever scolds: a week not yet met is
"still open" or "a fresh start", a gap is never counted out loud. The numbers come from
:class:`skill.history.History` and :mod:`skill.weeks`; the words from the locale's catalogue (skill/words.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from skill import weeks
from skill.history import History
from skill.words import Words

WORTH_MENTIONING = 2
"""Days in a row (or weeks in a row) are mentioned from two (one is every first day)."""


@dataclass(frozen=True)
class Week:
    """Whose week: their goal (days a week) and the first day of their week (skill.weeks)."""

    goal: int = weeks.GOAL_DEFAULT
    first: int = weeks.MONDAY


def week_sentence(history: History, today: str, week: Week, words: Words) -> str:
    """ "This week: 2 of your 3 days." / "... so your goal of 3 is met." / still open."""
    done = weeks.this_week(history.days, today, week.first)
    if done >= week.goal:
        return words("WEEK_MET", done=words.count("DAYS", done), goal=week.goal)
    if done == 0:
        return words("WEEK_NOT_STARTED", goal=words.count("DAYS", week.goal))
    return words.count("WEEK_SO_FAR", week.goal, done=done, goal=week.goal)


def summary(history: History, today: str, week: Week, words: Words, *, in_routine: bool = False) -> str:
    """The answer to "how am I doing": the week against the goal, then the weeks in a row the goal
    was met, or else days in a row when there are some (mid-routine: no advice to start one)."""
    if history.total == 0:
        return words("STREAK_NONE_IN_ROUTINE" if in_routine else "STREAK_NONE")
    sentence = week_sentence(history, today, week, words)
    met = weeks.weeks_met(history.days, today, week.first, week.goal)
    streak = history.streak(today)
    if met >= WORTH_MENTIONING:
        sentence += " " + words("WEEKS_IN_A_ROW", weeks=words.count("WEEKS", met))
    elif streak >= WORTH_MENTIONING:
        sentence += " " + words("STREAK_ALSO", days=words.count("DAYS", streak))
    return sentence


def on_finishing(before: History, after: History, today: str, week: Week, words: Words) -> str:
    """The sentence after finishing, when there is one worth saying: the very first; the goal met
    (with the weeks in a row); how far into the goal this week is; else days in a row. A second
    finish on the same day says nothing new."""
    if after.total == 1:
        return words("FINISHED_FIRST")
    if today in before.days:
        return ""
    done = weeks.this_week(after.days, today, week.first)
    if done == week.goal:
        met = weeks.weeks_met(after.days, today, week.first, week.goal)
        if met >= WORTH_MENTIONING:
            return words(
                "FINISHED_GOAL_WEEKS", done=words.count("DAYS", done), weeks=words.count("WEEKS", met)
            )
        return words("FINISHED_GOAL_MET", done=words.count("DAYS", done))
    if done < week.goal:
        return words.count("FINISHED_WEEK_SO_FAR", week.goal, done=done, goal=week.goal)
    streak = after.streak(today)
    if streak >= WORTH_MENTIONING:
        return words("FINISHED_STREAK", days=words.count("DAYS", streak))
    return ""


def last_week(history: History, today: str, week: Week, words: Words) -> str:
    """Last week's result in one sentence, for the first visit of a new week; "" for a week with
    no practice (the coach never counts what was not done)."""
    done = weeks.last_week(history.days, today, week.first)
    if done == 0:
        return ""
    if done < week.goal:
        return words("LAST_WEEK_SOME", done=words.count("DAYS", done))
    start = weeks.week_start(today, week.first)
    # Weeks in a row ending last week: counted from a day of last week, where it is "this week".
    last_day = weeks.previous_week(start)
    met = weeks.weeks_met(history.days, last_day, week.first, week.goal)
    if met >= WORTH_MENTIONING:
        return words("LAST_WEEK_MET_RUN", done=words.count("DAYS", done), weeks=words.count("WEEKS", met))
    return words("LAST_WEEK_MET", done=words.count("DAYS", done))
