""" "How much is left?" / "Where am I?" / "How am I doing?": one or two sentences, then back to it."""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_model.response import Response

from skill import phrases, streaks, weeks
from skill.handlers.base import CoachHandler, slot
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
        said = streaks.summary(turn.record.history, turn.today(), turn.week(), in_routine=in_routine)
        turn.screen = lambda: turn.week_screen(said)
        return turn.reply(said)


class GoalHandler(CoachHandler):
    """ "Set my goal to four days a week": the weekly goal, one to seven days (skill.weeks).

    Without a number it asks for one (Dialog.ElicitSlot); a number outside one to seven is refused
    with the range and asked again; the goal is remembered and said back.
    """

    intents = ("GoalIntent",)

    def answer(self, turn: Turn) -> Response:
        _, heard = slot(turn.input, "count")
        count = int(heard) if heard is not None and heard.isascii() and heard.isdigit() else None
        turn.awaiting = ""
        if count is None:
            return turn.ask_for_slot("GoalIntent", "count", text(phrases.GOAL_ASK), phrases.GOAL_ASK_REPROMPT)
        if not weeks.GOAL_MIN <= count <= weeks.GOAL_MAX:
            return turn.ask_for_slot(
                "GoalIntent", "count", text(phrases.GOAL_RANGE), phrases.GOAL_ASK_REPROMPT
            )
        days = phrases.plural(count, "day")
        if count == turn.record.goal:
            return turn.reply(phrases.GOAL_SAME.format(goal=phrases.number(count), days=days))
        turn.update(replace(turn.record, goal=count))
        return turn.reply(phrases.GOAL_SET.format(goal=phrases.number(count), days=days))
