"""Opening the skill: "Alexa, start my foot routine" / "Alexa, resume my foot routine".

A new user hears a short welcome, the safety note (once, ever), how long it takes, then how to
get ready for the first exercise, and can answer within about forty seconds. A returning user with
an unfinished routine hears one sentence about where they were and is asked to resume or start
over. Someone who finished today is congratulated and offered more.
"""

from __future__ import annotations

from ask_sdk_model.response import Response

from skill import phrases
from skill.handlers.base import CoachHandler
from skill.segments import ROUTINE_SCOPE
from skill.session import ANOTHER_ROUND_QUESTION, RESUME_QUESTION, Turn, text


def notice_sentence(turn: Turn) -> str:
    """What happened to a stored position that no longer fit (said once, when the user returns)."""
    if turn.notice == "unreadable":
        return phrases.PROGRESS_RESET
    if turn.notice == "moved_to_exercise_start" and turn.position is not None:
        return phrases.ROUTINE_CHANGED.format(name=turn.where(turn.position)[0])
    if turn.notice == "moved_to_start":
        return phrases.ROUTINE_CHANGED_START
    return ""


def where_you_were(turn: Turn) -> str:
    """One sentence about the place the user will go on from (never a part they finished)."""
    position = turn.place
    if position is None:
        return ""
    exercise = turn.engine.routine.exercise(position.exercise)
    if position.key.is_setup:
        return phrases.WHERE_YOU_WERE_READY.format(name=exercise.name)
    template = phrases.WHERE_YOU_WERE_SIDE if position.side else phrases.WHERE_YOU_WERE
    return template.format(
        name=exercise.name,
        unit=exercise.unit,
        set=phrases.number(position.set),
        side=position.side,
        side_word=exercise.side_word,
    )


class LaunchHandler(CoachHandler):
    request_type = "LaunchRequest"

    def answer(self, turn: Turn) -> Response:
        if not turn.record.welcomed:
            return turn.begin(ROUTINE_SCOPE)
        notice = notice_sentence(turn)
        if turn.position is not None:
            turn.awaiting = RESUME_QUESTION
            speech = text(phrases.WELCOME_BACK, notice, where_you_were(turn), phrases.ASK_RESUME)
            return turn.ask(speech, phrases.REPROMPT_QUESTION)
        if turn.record.finished_on and turn.record.finished_on == turn.today():
            turn.awaiting = ANOTHER_ROUND_QUESTION
            return turn.ask(text(phrases.FINISHED_TODAY), phrases.FINISHED_TODAY_REPROMPT)
        return turn.begin(ROUTINE_SCOPE, phrases.WELCOME_BACK, notice)
