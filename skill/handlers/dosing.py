""" "Make it harder", "easier", "do fifteen reps", "three sets", "ten circles".

Changes stay inside the article's ranges (skill.dosing); a number outside gets a sentence naming
the range. The dose is remembered in the user's record and applies from the next part on. The
offers to step up after five good routines, or down after a pain, are answered in
skill.handlers.answers.
"""

from __future__ import annotations

from skill import dosing
from skill.coach.offers import with_dose
from skill.coach.repair import misheard
from skill.coach.reply import Reply, text
from skill.coach.state import Coach
from skill.dosing import Dose
from skill.handlers.base import CoachHandler, slot
from skill.routine import Exercise
from skill.session import Turn

UNIT_EXERCISE = {"raises": "heel_raises", "circles": "ankle_circles", "rounds": "toe_walking"}
"""A count's unit that names its exercise ("ten circles" is ankle circles)."""
SETS_UNITS = frozenset({"sets", "rounds"})


class DoseHandler(CoachHandler):
    intents = ("DoseIntent",)

    def answer(self, turn: Turn) -> Reply:
        coach, words = turn.coach, turn.words
        change, heard_change = slot(turn.input, "change")
        unit, _ = slot(turn.input, "unit")
        wanted, _ = slot(turn.input, "exercise")
        exercise = chosen_exercise(coach, wanted, unit)
        if not dosing.adjustable(exercise):
            return coach.reply(dosing.range_words(exercise))
        count = number(turn, "count")
        dose: Dose | None
        if count is not None:
            dose = dosing.with_count(exercise, "sets" if unit in SETS_UNITS else "reps", count)
            if dose is None:
                return coach.reply(dosing.range_words(exercise))
        elif change is None and heard_change:  # "that's lovely": no dose words at all
            return misheard(coach)
        elif change in ("harder", "easier"):
            dose = dosing.harder(exercise) if change == "harder" else dosing.easier(exercise)
            if dose is None:
                edge = words("DOSE_HARDEST") if change == "harder" else words("DOSE_EASIEST")
                return coach.reply(edge.format(dose=dosing.said(exercise, dosing.current(exercise))))
        else:
            return coach.ask(text(words("DOSE_WHICH")), words("DOSE_WHICH"))
        if dose == dosing.current(exercise):
            return coach.reply(words("DOSE_SAME", dose=dosing.said(exercise, dose)))
        return with_dose(coach, exercise.id, dose).reply(words("DOSE_SET", dose=dosing.said(exercise, dose)))


def chosen_exercise(coach: Coach, wanted: str | None, unit: str | None) -> Exercise:
    """The exercise named, or named by the unit, or the one under way, or the first that can change."""
    routine = coach.engine.routine
    for candidate in (wanted, UNIT_EXERCISE.get(unit or "")):
        if candidate in routine.exercise_ids:
            return routine.exercise(candidate)
    place = coach.place
    if place is not None:  # the exercise under way, even one that stays as the article has it
        return routine.exercise(place.exercise)
    return next((e for e in routine.exercises if dosing.adjustable(e)), routine.exercises[0])


def number(turn: Turn, name: str) -> int | None:
    """An AMAZON.NUMBER slot as an int (Alexa sends digits: "15")."""
    _, heard = slot(turn.input, name)
    return int(heard) if heard is not None and heard.isascii() and heard.isdigit() else None
