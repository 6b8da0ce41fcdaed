""" "Make it harder", "easier", "do fifteen reps", "three sets", "ten circles"; and the offers to
step up after five good routines, or down after a pain.

Changes stay inside the article's ranges (skill.dosing); a number outside gets a sentence naming
the range. The dose is remembered in the user's record and applies from the next part on.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_intent_name
from ask_sdk_model.response import Response

from skill import dosing
from skill.dosing import Dose
from skill.flow import misheard
from skill.handlers.base import CoachHandler, slot
from skill.routine import Exercise
from skill.session import (
    AWAITING_KEY,
    GAP_QUESTION,
    STEP_DOWN_QUESTION,
    STEP_UP_QUESTION,
    Turn,
    session_of,
    text,
)

UNIT_EXERCISE = {"raises": "heel_raises", "circles": "ankle_circles", "rounds": "toe_walking"}
"""A count's unit that names its exercise ("ten circles" is ankle circles)."""
SETS_UNITS = frozenset({"sets", "rounds"})


class DoseHandler(CoachHandler):
    intents = ("DoseIntent",)

    def answer(self, turn: Turn) -> Response:
        change, heard_change = slot(turn.input, "change")
        unit, _ = slot(turn.input, "unit")
        wanted, _ = slot(turn.input, "exercise")
        exercise = chosen_exercise(turn, wanted, unit)
        if not dosing.adjustable(exercise):
            return turn.reply(dosing.range_words(exercise))
        count = number(turn, "count")
        dose: Dose | None
        if count is not None:
            dose = dosing.with_count(exercise, "sets" if unit in SETS_UNITS else "reps", count)
            if dose is None:
                return turn.reply(dosing.range_words(exercise))
        elif change is None and heard_change:  # "that's lovely": no dose words at all
            return misheard(turn)
        elif change in ("harder", "easier"):
            dose = dosing.harder(exercise) if change == "harder" else dosing.easier(exercise)
            if dose is None:
                edge = turn.words("DOSE_HARDEST") if change == "harder" else turn.words("DOSE_EASIEST")
                return turn.reply(edge.format(dose=dosing.said(exercise, dosing.current(exercise))))
        else:
            return turn.ask(text(turn.words("DOSE_WHICH")), turn.words("DOSE_WHICH"))
        if dose == dosing.current(exercise):
            return turn.reply(turn.words("DOSE_SAME", dose=dosing.said(exercise, dose)))
        turn.set_dose(exercise.id, dose)
        return turn.reply(turn.words("DOSE_SET", dose=dosing.said(exercise, dose)))


def chosen_exercise(turn: Turn, wanted: str | None, unit: str | None) -> Exercise:
    """The exercise named, or named by the unit, or the one under way, or the first that can change."""
    routine = turn.engine.routine
    for candidate in (wanted, UNIT_EXERCISE.get(unit or "")):
        if candidate in routine.exercise_ids:
            return routine.exercise(candidate)
    place = turn.place
    if place is not None:  # the exercise under way, even one that stays as the article has it
        return routine.exercise(place.exercise)
    return next((e for e in routine.exercises if dosing.adjustable(e)), routine.exercises[0])


def number(turn: Turn, name: str) -> int | None:
    """An AMAZON.NUMBER slot as an int (Alexa sends digits: "15")."""
    _, heard = slot(turn.input, name)
    return int(heard) if heard is not None and heard.isascii() and heard.isdigit() else None


class OfferAnswerHandler(CoachHandler):
    """Yes or no to "want to try fifteen raises next time?" or "shall we make it easier today?"."""

    intents = ("AMAZON.YesIntent", "AMAZON.NoIntent")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input):  # first: events have no session to look in
            return False
        awaiting = session_of(handler_input).get(AWAITING_KEY)
        return awaiting in (STEP_UP_QUESTION, STEP_DOWN_QUESTION, GAP_QUESTION)

    def answer(self, turn: Turn) -> Response:
        step_up = turn.awaiting == STEP_UP_QUESTION
        accepted = get_intent_name(turn.input) == "AMAZON.YesIntent"
        if turn.awaiting == GAP_QUESTION:
            return gentle_again(turn, accepted)
        offer = turn.pending_offer()
        turn.awaiting = ""
        said = ""
        if accepted and offer is not None:
            exercise, dose = offer
            turn.set_dose(exercise.id, dose)
            said = dosing.said(exercise, dose)
        if step_up:
            return turn.tell(text(turn.words("STEP_UP_YES", dose=said) if said else turn.words("STEP_UP_NO")))
        # A step down was offered at the welcome: the welcome then goes on as it would have.
        return turn.welcome_back(turn.words("STEP_DOWN_YES", dose=said) if said else turn.words("OKAY"))


def gentle_again(turn: Turn, accepted: bool) -> Response:
    """Yes or no to "It's been a few weeks. Shall we start gently again?": yes puts every exercise
    back at the gentlest dose (the article's defaults); either way the welcome goes on."""
    turn.awaiting = ""
    if not accepted:
        return turn.welcome_back(turn.words("OKAY"))
    raised = [turn.original.routine.exercise(exercise_id) for exercise_id, _, _ in turn.record.doses]
    for exercise in raised:
        turn.set_dose(exercise.id, dosing.current(exercise))
    said = ""
    for exercise in raised:
        dose = dosing.said(exercise, dosing.current(exercise))
        said = turn.words("AND", first=said, second=dose) if said else dose
    return turn.welcome_back(turn.words("GAP_YES", dose=said) if said else turn.words("OKAY"))
