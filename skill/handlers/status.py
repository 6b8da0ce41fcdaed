""" "How much is left?" / "Where am I?" / "How am I doing?": one or two sentences, then back to it."""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_model.response import Response

from skill import streaks, weeks
from skill.handlers.base import CoachHandler, slot
from skill.segments import ROUTINE_SCOPE
from skill.session import Turn, text
from skill.timeline import duration, time_left


class ProgressHandler(CoachHandler):
    intents = ("ProgressIntent",)

    def answer(self, turn: Turn) -> Response:
        position = turn.place
        if position is None:
            total = duration(turn.engine.total_seconds(ROUTINE_SCOPE, turn.pace), turn.words)
            return turn.ask(
                text(turn.words("PROGRESS_NOT_STARTED", duration=total)), turn.words("HELP_REPROMPT")
            )
        left = turn.engine.remaining(position, turn.pace)
        name, where = turn.where(position)
        remaining = time_left(left.seconds, turn.words)
        if left.exercises_after:
            speech = turn.words.count(
                "PROGRESS", left.exercises_after, name=name, where=where, left=remaining
            )
        else:
            speech = turn.words("PROGRESS_LAST_EXERCISE", name=name, where=where, left=remaining)
        return turn.reply(speech)


class StreakHandler(CoachHandler):
    """ "How am I doing?" / "What's my streak?": days in a row and of the last week.

    Asked in passing (a one-shot, "ask my foot routine how I'm doing") it answers and closes; asked
    within a session it answers and waits for what comes next.
    """

    intents = ("StreakIntent",)

    def answer(self, turn: Turn) -> Response:
        in_routine = turn.position is not None and not turn.is_one_shot
        said = streaks.summary(
            turn.record.history, turn.today(), turn.week(), turn.words, in_routine=in_routine
        )
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
            return turn.ask_for_slot(
                "GoalIntent", "count", text(turn.words("GOAL_ASK")), turn.words("GOAL_ASK_REPROMPT")
            )
        if not weeks.GOAL_MIN <= count <= weeks.GOAL_MAX:
            return turn.ask_for_slot(
                "GoalIntent", "count", text(turn.words("GOAL_RANGE")), turn.words("GOAL_ASK_REPROMPT")
            )
        days = turn.words.count("DAYS", count)
        if count == turn.record.goal:
            return turn.reply(turn.words("GOAL_SAME", goal=days))
        turn.update(replace(turn.record, goal=count))
        return turn.reply(turn.words("GOAL_SET", goal=days))
