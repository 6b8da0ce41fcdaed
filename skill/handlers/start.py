"""Starting things: the whole routine, one exercise by name, or starting over."""

from __future__ import annotations

from ask_sdk_model.response import Response

from skill.handlers.base import CoachHandler, slot
from skill.segments import ROUTINE_SCOPE
from skill.session import EXERCISE_QUESTION, Turn, text


class StartRoutineHandler(CoachHandler):
    """ "Start the routine": always from the top of the whole routine."""

    intents = ("StartRoutineIntent",)

    def answer(self, turn: Turn) -> Response:
        return turn.begin(ROUTINE_SCOPE)


class ExerciseHandler(CoachHandler):
    """ "Ask my foot routine for ankle circles": one exercise, start to finish."""

    intents = ("ExerciseIntent",)

    def answer(self, turn: Turn) -> Response:
        exercise_id, heard = slot(turn.input, "exercise")
        if exercise_id in turn.engine.routine.exercise_ids:
            return turn.begin(exercise_id)
        turn.awaiting = EXERCISE_QUESTION
        if heard:
            speech = turn.words("UNKNOWN_EXERCISE", heard=heard) + " " + turn.words("WHICH_EXERCISE")
        else:
            speech = turn.words("WHICH_EXERCISE")
        return turn.ask_for_slot(
            "ExerciseIntent", "exercise", text(speech), turn.words("WHICH_EXERCISE_REPROMPT")
        )


class StartOverHandler(CoachHandler):
    """ "Start over": the whole routine from the top, wherever the user was. Starting one exercise
    over is asked for by name ("start ankle circles over"), which ExerciseIntent carries."""

    intents = ("AMAZON.StartOverIntent",)

    def answer(self, turn: Turn) -> Response:
        return turn.begin(ROUTINE_SCOPE, turn.words("STARTING_OVER"))
