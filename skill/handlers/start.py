"""Starting things: the whole routine, one exercise by name, or starting over."""

from __future__ import annotations

from ask_sdk_model.response import Response

from skill import phrases
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
            speech = phrases.UNKNOWN_EXERCISE.format(heard=heard) + " " + phrases.WHICH_EXERCISE
        else:
            speech = phrases.WHICH_EXERCISE
        return turn.ask(text(speech), phrases.WHICH_EXERCISE_REPROMPT)


class StartOverHandler(CoachHandler):
    """ "Start over": back to the first segment of what the user is doing (routine or exercise)."""

    intents = ("AMAZON.StartOverIntent",)

    def answer(self, turn: Turn) -> Response:
        position = turn.position
        if position is None:
            return turn.begin(ROUTINE_SCOPE, phrases.STARTING_OVER)
        step = turn.engine.start_over(position)
        assert step.position is not None
        if position.scope == ROUTINE_SCOPE:
            return turn.play(step.position, phrases.STARTING_OVER)
        name = turn.engine.routine.exercise(position.scope).name
        return turn.play(step.position, phrases.STARTING_OVER_EXERCISE.format(name=name))
