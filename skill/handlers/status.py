""" "How much is left?" / "Where am I?" / "How am I doing?": one or two sentences, then back to it."""

from __future__ import annotations

from dataclasses import replace

from skill import screens, streaks, weeks
from skill.coach.reply import Reply, text
from skill.handlers.base import CoachHandler, slot
from skill.question import Question
from skill.segments import ROUTINE_SCOPE
from skill.session import Turn
from skill.timeline import duration, time_left


class ProgressHandler(CoachHandler):
    intents = ("ProgressIntent",)

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach
        position = coach.place
        if position is None:
            total = duration(coach.engine.total_seconds(ROUTINE_SCOPE, coach.pace), turn.words)
            return coach.ask(
                text(turn.words("PROGRESS_NOT_STARTED", duration=total)), turn.words("HELP_REPROMPT")
            )
        left = coach.engine.remaining(position, coach.pace)
        name, where = coach.where(position)
        remaining = time_left(left.seconds, turn.words)
        if left.exercises_after:
            speech = turn.words.count(
                "PROGRESS", left.exercises_after, name=name, where=where, left=remaining
            )
        else:
            speech = turn.words("PROGRESS_LAST_EXERCISE", name=name, where=where, left=remaining)
        return coach.reply(speech)


class StreakHandler(CoachHandler):
    """ "How am I doing?" / "What's my streak?": days in a row and of the last week.

    Asked in passing (a one-shot, "ask my foot routine how I'm doing") it answers and closes; asked
    within a session it answers and waits for what comes next.
    """

    intents = ("StreakIntent",)

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach
        in_routine = coach.position is not None and not coach.facts.one_shot
        said = streaks.summary(
            coach.record.history, coach.facts.today, coach.week(), turn.words, in_routine=in_routine
        )
        return coach.showing(lambda: screens.week(turn.words, screens.plain(said), *coach.week_days())).reply(
            said
        )


class GoalHandler(CoachHandler):
    """ "Set my goal to four days a week": the weekly goal, one to seven days (skill.weeks).

    Without a number it asks for one (Dialog.ElicitSlot); a number outside one to seven is refused
    with the range and asked again; the goal is remembered and said back.
    """

    intents = ("GoalIntent",)

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach
        _, heard = slot(turn.input, "count")
        count = int(heard) if heard is not None and heard.isascii() and heard.isdigit() else None
        coach = coach.asking(Question.NONE)
        if count is None:
            return coach.ask_for_slot(
                "GoalIntent", "count", text(turn.words("GOAL_ASK")), turn.words("GOAL_ASK_REPROMPT")
            )
        if not weeks.GOAL_MIN <= count <= weeks.GOAL_MAX:
            return coach.ask_for_slot(
                "GoalIntent", "count", text(turn.words("GOAL_RANGE")), turn.words("GOAL_ASK_REPROMPT")
            )
        days = turn.words.count("DAYS", count)
        if count == coach.record.goal:
            return coach.reply(turn.words("GOAL_SAME", goal=days))
        coach = coach.with_record(replace(coach.record, goal=count))
        return coach.reply(turn.words("GOAL_SET", goal=days))
