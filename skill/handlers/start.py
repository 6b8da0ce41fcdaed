"""Starting things: the whole routine, one exercise by name, or starting over."""

from __future__ import annotations

from skill.coach.coaching import begin
from skill.coach.reply import Reply, text
from skill.handlers.base import CoachHandler, slot
from skill.question import Question
from skill.segments import ROUTINE_SCOPE
from skill.session import Turn


class StartRoutineHandler(CoachHandler):
    """ "Start the routine": always from the top of the whole routine."""

    intents = ("StartRoutineIntent",)

    def answer(self, turn: Turn) -> Reply:
        return begin(turn.coach, ROUTINE_SCOPE)


class ExerciseHandler(CoachHandler):
    """ "Ask my foot routine for ankle circles": one exercise, start to finish."""

    intents = ("ExerciseIntent",)

    def answer(self, turn: Turn) -> Reply:
        exercise_id, heard = slot(turn.input, "exercise")
        coach, words = turn.coach, turn.words
        if exercise_id in coach.engine.routine.exercise_ids:
            return begin(coach, exercise_id)
        which = words("WHICH_EXERCISE")
        speech = f"{words('UNKNOWN_EXERCISE', heard=heard)} {which}" if heard else which
        return coach.asking(Question.EXERCISE).ask_for_slot(
            "ExerciseIntent", "exercise", text(speech), words("WHICH_EXERCISE_REPROMPT")
        )


class StartOverHandler(CoachHandler):
    """ "Start over": the whole routine from the top, wherever the user was. Starting one exercise
    over is asked for by name ("start ankle circles over"), which ExerciseIntent carries."""

    intents = ("AMAZON.StartOverIntent",)

    def answer(self, turn: Turn) -> Reply:
        return begin(turn.coach, ROUTINE_SCOPE, turn.words("STARTING_OVER"))
