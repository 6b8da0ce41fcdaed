"""What the coach does in moments several handlers share: opening the skill, and going on.

Handlers never import one another; what two of them both need lives here, above the session and
below the handlers.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_model.response import Response

from skill import dosing, phrases
from skill.segments import ROUTINE_SCOPE
from skill.session import FEELING_QUESTION, HELP_QUESTION, MISHEARD_KEY, STEP_DOWN_QUESTION, Turn, text


def opening(turn: Turn) -> Response:
    """What opening the skill says: the welcome, how they feel after a safety stop, a step down
    after a pain, or straight back into their place."""
    if not turn.record.welcomed:
        return turn.begin(ROUTINE_SCOPE)
    greeting = turn.welcome_back_words()
    if turn.record.safety:
        return ask_how_they_feel(turn, greeting)
    return after_feeling(turn, greeting)


def ask_how_they_feel(turn: Turn, greeting: str) -> Response:
    """ "Last time, we stopped because something hurt. How are you feeling today?" """
    turn.awaiting = FEELING_QUESTION
    question = phrases.FEELING_AFTER_UNWELL if turn.record.safety == "unwell" else phrases.FEELING_AFTER_PAIN
    return turn.ask_for_slot("FeelingIntent", "wellbeing", text(greeting, question), phrases.FEELING_REPROMPT)


def after_feeling(turn: Turn, greeting: str) -> Response:
    """The opening once nobody needs asking how they feel: a step down after a pain, or their place."""
    if turn.record.pain_on:
        offer = turn.step_down()
        turn.update(replace(turn.record, pain_on=""))  # offered once
        if offer is not None:
            exercise, dose = offer
            turn.offer(STEP_DOWN_QUESTION, exercise, dose)
            question = phrases.STEP_DOWN_OFFER.format(name=exercise.name, dose=dosing.said(exercise, dose))
            return turn.ask(text(greeting, question), question)
    return turn.welcome_back(greeting=greeting)


def go_on(turn: Turn) -> Response:
    place = turn.place
    if place is None:
        return turn.begin(ROUTINE_SCOPE, phrases.NOTHING_TO_RESUME)
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
        return turn.ask(text(phrases.FALLBACK, prompt), prompt)
    if count == 2:
        return turn.ask(text(phrases.FALLBACK_LIST), phrases.FALLBACK_REPROMPT)
    turn.awaiting = HELP_QUESTION
    return turn.ask(text(phrases.FALLBACK_HELP), phrases.FALLBACK_HELP)
