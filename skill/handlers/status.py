""" "How much is left?" / "Where am I?": one or two sentences, then back to the routine."""

from __future__ import annotations

from ask_sdk_model.response import Response

from skill import phrases
from skill.handlers.base import CoachHandler, Turn, text
from skill.segments import ROUTINE_SCOPE


class ProgressHandler(CoachHandler):
    intents = ("ProgressIntent",)

    def answer(self, turn: Turn) -> Response:
        position = turn.position
        if position is None:
            total = phrases.duration(turn.engine.total_seconds(ROUTINE_SCOPE, turn.pace))
            return turn.ask(text(phrases.PROGRESS_NOT_STARTED.format(duration=total)), phrases.HELP_REPROMPT)
        left = turn.engine.remaining(position, turn.pace)
        name, where = turn.where(position)
        if left.exercises_after:
            after = phrases.number(left.exercises_after)
            exercises = f"and {after} more exercise{'s' if left.exercises_after > 1 else ''}"
            speech = phrases.PROGRESS.format(
                name=name,
                where=where,
                left=phrases.duration(left.seconds).removeprefix("about "),
                exercises=exercises,
            )
        else:
            speech = phrases.PROGRESS_LAST_EXERCISE.format(
                name=name, where=where, left=phrases.duration(left.seconds).removeprefix("about ")
            )
        return turn.ask(text(speech, phrases.REPROMPT), phrases.REPROMPT)
