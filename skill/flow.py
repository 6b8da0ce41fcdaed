"""What the coach does in moments several handlers share: opening the skill, and going on.

Handlers never import one another; what two of them both need lives here, above the session and
below the handlers.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_model.response import Response

from skill import dosing, streaks, weeks
from skill.segments import ROUTINE_SCOPE
from skill.session import (
    GAP_DAYS,
    GAP_QUESTION,
    HELP_QUESTION,
    MISHEARD_KEY,
    STEP_DOWN_QUESTION,
    Turn,
    text,
)


def opening(turn: Turn) -> Response:
    """What opening the skill says: the welcome, how they feel after a safety stop, a step down
    after a pain, or straight back into their place."""
    if not turn.record.welcomed:
        return turn.begin(ROUTINE_SCOPE)
    greeting = turn.welcome_back_words()
    if turn.record.safety:
        return turn.ask_how_they_feel(greeting)
    return after_feeling(turn, greeting)


def after_feeling(turn: Turn, greeting: str) -> Response:
    """The opening once nobody needs asking how they feel: last week's result on the first visit
    of a week, then a step down after a pain, a gentle restart after a long gap, or their place."""
    week = last_week_once(turn)
    if turn.record.pain_on:
        offer = turn.step_down()
        turn.update(replace(turn.record, pain_on=""))  # offered once
        if offer is not None:
            exercise, dose = offer
            turn.offer(STEP_DOWN_QUESTION, exercise, dose)
            question = turn.words("STEP_DOWN_OFFER", name=exercise.name, dose=dosing.said(exercise, dose))
            return turn.ask(text(greeting, week, question), question)
    gap = gentle_restart(turn)
    if turn.awaiting == GAP_QUESTION:
        return turn.ask(text(greeting, week, gap), gap)
    return turn.welcome_back(*filter(None, (week, gap)), greeting=greeting)


def last_week_once(turn: Turn) -> str:
    """Last week's result in one sentence, on the first visit of a new week (once a week)."""
    today = turn.today()
    start = weeks.week_start(today, weeks.first_weekday(turn.locale))
    if not start or turn.record.week_told == start:
        return ""
    turn.update(replace(turn.record, week_told=start))
    return streaks.last_week(turn.record.history, today, turn.week(), turn.words)


def gentle_restart(turn: Turn) -> str:
    """After more than two weeks away (once per gap): a user above the gentlest dose is asked
    whether to go back to it ("It's been a few weeks. Shall we start gently again: ...?", the
    answer in skill.handlers.dosing); anyone already there hears one sentence to go gently."""
    days = turn.record.history.days
    if not days or turn.record.gap_asked == days[-1]:
        return ""
    away = weeks.days_since(days[-1], turn.today())
    if away is None or away <= GAP_DAYS:
        return ""
    turn.update(replace(turn.record, gap_asked=days[-1]))
    raised = [turn.original.routine.exercise(exercise_id) for exercise_id, _, _ in turn.record.doses]
    if not raised:
        return turn.words("GAP_GENTLE")
    gentlest = ", and ".join(dosing.said(exercise, dosing.current(exercise)) for exercise in raised)
    turn.awaiting = GAP_QUESTION
    return turn.words("GAP_OFFER", dose=gentlest)


def go_on(turn: Turn) -> Response:
    place = turn.place
    if place is None:
        return turn.begin(ROUTINE_SCOPE, turn.words("NOTHING_TO_RESUME"))
    if turn.is_one_shot:
        # "Ask my foot routine to resume", days later: where, how to get into position, then "ready".
        return turn.rejoin()
    return turn.play(place)


def misheard(turn: Turn) -> Response:
    count = turn.session.get(MISHEARD_KEY)
    count = (count if isinstance(count, int) and not isinstance(count, bool) else 0) + 1
    turn.session[MISHEARD_KEY] = count
    if count == 1:
        prompt = turn.go_on_prompt()
        return turn.ask(text(turn.words("FALLBACK"), prompt), prompt)
    if count == 2:
        return turn.ask(text(turn.words("FALLBACK_LIST")), turn.words("FALLBACK_REPROMPT"))
    turn.awaiting = HELP_QUESTION
    return turn.ask(text(turn.words("FALLBACK_HELP")), turn.words("FALLBACK_HELP"))
