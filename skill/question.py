"""The question the coach has open: the one thing a bare "yes", "no" or "I'm fine" can answer.

Its value is what the session keeps between turns (the ``awaiting`` attribute, unchanged since
before this enum existed, so a session that was mid-question when this code shipped still
works). Which rule answers it is decided in one place, :func:`skill.coach.answers.route`, from
this value and the answer's intent, never from the order the handlers are registered in.
"""

from __future__ import annotations

from enum import StrEnum


class Question(StrEnum):
    """What the coach asked last; ``NONE`` when nothing is open."""

    NONE = ""
    RESUME = "resume"
    """ "Say ready when you're in position, or start over." (going back into an exercise)"""
    ANOTHER_ROUND = "another_round"
    """ "You've already done your foot routine today. Another round?" """
    EXERCISE = "exercise"
    """ "Which exercise would you like?" """
    HELP = "help"
    """ "Would you like some help?" after three misunderstandings in a row."""
    STEP_UP = "step_up"
    """ "Want to try fifteen raises next time?" after five good routines at one dose."""
    STEP_DOWN = "step_down"
    """ "Shall we make it easier today?" on the visit after a pain."""
    ROUTINE = "routine"
    """ "Would you like Alexa to start your foot routine for you?" (skill.automation)"""
    GAP = "gap"
    """ "It's been a few weeks. Shall we start gently again?" """
    FEELING = "feeling"
    """ "How are you feeling today?" on the visit after a safety stop."""


def read_question(stored: object) -> Question:
    """The open question from what the session holds; anything unknown (a hand-made request, a
    question this version no longer asks) is no question at all."""
    if isinstance(stored, str):
        try:
            return Question(stored)
        except ValueError:
            return Question.NONE
    return Question.NONE
