"""Moving through the routine: next, previous, repeat, resume, and yes / no to our questions."""

from __future__ import annotations

from ask_sdk_model.response import Response

from skill import phrases
from skill.handlers.base import CoachHandler, Turn, text
from skill.handlers.launch import ANOTHER_ROUND_QUESTION, RESUME_QUESTION
from skill.handlers.start import EXERCISE_QUESTION
from skill.segments import ROUTINE_SCOPE, finished_words


def not_started(turn: Turn) -> Response:
    """A command that needs a routine in progress, when there is none: say what would work."""
    return turn.ask(text(phrases.NOTHING_STARTED), phrases.HELP_REPROMPT)


class NextHandler(CoachHandler):
    intents = ("AMAZON.NextIntent",)

    def answer(self, turn: Turn) -> Response:
        if turn.position is None:
            return not_started(turn)
        step = turn.engine.next(turn.position)
        if step.position is None:
            # "Next" after a resumed final segment: close with the congratulations.
            position = turn.position
            return turn.finish(position, text(finished_words(turn.engine.routine, position.scope)))
        return turn.play(step.position)


class PreviousHandler(CoachHandler):
    intents = ("AMAZON.PreviousIntent",)

    def answer(self, turn: Turn) -> Response:
        if turn.position is None:
            return not_started(turn)
        step = turn.engine.previous(turn.position)
        assert step.position is not None
        if step.status == "at_start":
            return turn.play(step.position, phrases.AT_START)
        return turn.play(step.position)


class RepeatHandler(CoachHandler):
    """Say the current segment again exactly: re-rendered from the position, at the current pace."""

    intents = ("AMAZON.RepeatIntent",)

    def answer(self, turn: Turn) -> Response:
        if turn.position is None:
            return not_started(turn)
        return turn.play(turn.position)


class ResumeHandler(CoachHandler):
    """Carry on from the saved position, restarting the segment that was interrupted."""

    intents = ("AMAZON.ResumeIntent",)

    def answer(self, turn: Turn) -> Response:
        if turn.position is None:
            return turn.begin(ROUTINE_SCOPE, phrases.NOTHING_TO_RESUME)
        return turn.play(turn.position)


class YesHandler(CoachHandler):
    intents = ("AMAZON.YesIntent",)

    def answer(self, turn: Turn) -> Response:
        if turn.awaiting == RESUME_QUESTION and turn.position is not None:
            return turn.play(turn.position)
        if turn.awaiting == ANOTHER_ROUND_QUESTION:
            return turn.begin(ROUTINE_SCOPE)
        if turn.awaiting == EXERCISE_QUESTION:
            return turn.ask(text(phrases.WHICH_EXERCISE), phrases.WHICH_EXERCISE_REPROMPT)
        if turn.position is not None:
            return turn.play(turn.position)
        return turn.begin(ROUTINE_SCOPE)


class NoHandler(CoachHandler):
    intents = ("AMAZON.NoIntent",)

    def answer(self, turn: Turn) -> Response:
        if turn.awaiting == ANOTHER_ROUND_QUESTION or turn.position is None:
            turn.awaiting = ""
            return turn.tell(text(phrases.GOODBYE_IDLE))
        turn.awaiting = ""
        return turn.ask(text(phrases.NO_ANSWER), phrases.HELP_REPROMPT)
