""" "How much is left?" / "Where am I?" / "How am I doing?": one or two sentences, then back to it."""

from __future__ import annotations

from ask_sdk_model.response import Response

from skill import phrases, streaks
from skill.handlers.base import CoachHandler
from skill.segments import ROUTINE_SCOPE
from skill.session import Turn, text


class ProgressHandler(CoachHandler):
    intents = ("ProgressIntent",)

    def answer(self, turn: Turn) -> Response:
        position = turn.place
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
        return turn.reply(speech)


class StreakHandler(CoachHandler):
    """ "How am I doing?" / "What's my streak?": days in a row and of the last week.

    Asked in passing (a one-shot, "ask my foot routine how I'm doing") it answers and closes; asked
    within a session it answers and waits for what comes next.
    """

    intents = ("StreakIntent",)

    def answer(self, turn: Turn) -> Response:
        in_routine = turn.position is not None and not turn.is_one_shot
        return turn.reply(streaks.summary(turn.record.history, turn.today(), in_routine=in_routine))
