"""What the coach says about the user's practice: "Four days in a row, and five of the last seven days."

One or two sentences, never a list of dates: the user is asking in passing, often mid-exercise.
The numbers come from :class:`skill.history.History`; the words from :mod:`skill.phrases`.
"""

from __future__ import annotations

from skill import phrases
from skill.history import History

WORTH_MENTIONING = 2
"""Finishing mentions the streak from two days in a row (one day is every first day)."""
BEST_WORTH_MENTIONING = 3


def summary(history: History, today: str, *, in_routine: bool = False) -> str:
    """The answer to "how am I doing" / "what's my streak" (mid-routine: no advice to start one)."""
    if history.total == 0:
        return phrases.STREAK_NONE_IN_ROUTINE if in_routine else phrases.STREAK_NONE
    streak = history.streak(today)
    recent = phrases.number(history.days_in_last(today))
    done_today = bool(history.days) and history.days[-1] == today
    if streak >= WORTH_MENTIONING:
        sentence = phrases.STREAK_RUN.format(days=phrases.capitalise(phrases.number(streak)), recent=recent)
    elif done_today:
        sentence = phrases.STREAK_TODAY.format(recent=recent)
    elif streak == 1:
        sentence = phrases.STREAK_YESTERDAY
    elif history.days_in_last(today):
        sentence = phrases.STREAK_BROKEN.format(recent=phrases.capitalise(recent))
    else:
        sentence = phrases.STREAK_LONG_AGO
    if history.best > max(streak, BEST_WORTH_MENTIONING - 1):
        sentence += " " + phrases.STREAK_BEST.format(best=phrases.number(history.best))
    return sentence


def on_finishing(history: History, today: str) -> str:
    """The sentence after finishing, when there is one worth saying: a streak, or the very first."""
    if history.total == 1:
        return phrases.FINISHED_FIRST
    streak = history.streak(today)
    if streak >= WORTH_MENTIONING:
        return phrases.FINISHED_STREAK.format(days=phrases.number(streak))
    return ""
