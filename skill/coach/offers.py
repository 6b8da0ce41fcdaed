"""What the coach offers: a step up after five good routines, a step down after a pain, the
gentlest dose again after a long gap, and an Alexa routine that starts the skill.

Each offer is made once (the record says so) and leaves its question open; the answers are in
``skill.coach.answers``. A dose offer carries the dose it is for, so "yes" sets exactly what was
said even if the routine changed in between.
"""

from __future__ import annotations

from dataclasses import replace

from skill import automation, dosing
from skill.coach.reply import Reply, text
from skill.coach.state import Coach
from skill.progress import index_of, restore
from skill.question import Question
from skill.routine import Exercise

AUTO_START_INTENT = "AutoStartIntent"
"""The intent that sets up the Alexa routine; its time and days are asked for as its slots."""
STEP_UP_AFTER = 5
"""Whole routines finished at one dose within fourteen days, with no pain, before a step up is offered."""


def step_up(coach: Coach) -> tuple[Exercise, dosing.Dose] | None:
    """The first exercise that can go one notch up, unless that was offered at this dose."""
    if coach.record.offered:
        return None
    for exercise in coach.engine.routine.exercises:
        up = dosing.harder(exercise)
        if up is not None:
            return exercise, up
    return None


def step_down(coach: Coach) -> tuple[Exercise, dosing.Dose] | None:
    """The exercise under way if it can go one notch down, else the first that can."""
    routine = coach.engine.routine
    place = coach.place
    ordered = list(routine.exercises)
    if place is not None:
        ordered.insert(0, routine.exercise(place.exercise))
    for exercise in ordered:
        down = dosing.easier(exercise)
        if down is not None:
            return exercise, down
    return None


def offering(coach: Coach, question: Question, exercise: Exercise, dose: dosing.Dose) -> Coach:
    """The coach asking to move ``exercise`` to ``dose``: the next yes or no answers it."""
    return coach.asking(question, f"{exercise.id}:{dose.reps}:{dose.sets}")


def pending(coach: Coach) -> tuple[Exercise, dosing.Dose] | None:
    """The dose the open offer is for; None if there is none (or it was tampered with)."""
    value = coach.offer
    if value.count(":") != 2:
        return None
    exercise_id, reps, sets = value.split(":")
    routine = coach.engine.routine
    if exercise_id not in routine.exercise_ids or not (reps.isdigit() and sets.isdigit()):
        return None
    return routine.exercise(exercise_id), dosing.Dose(int(reps), int(sets))


def with_dose(coach: Coach, exercise_id: str, dose: dosing.Dose) -> Coach:
    """Remember a dose; a place that no longer fits (fewer sets) moves to that exercise's start.
    The days counted towards a step up start again."""
    doses = dosing.with_dose(coach.record.doses, coach.original.routine, exercise_id, dose)
    record = replace(coach.record, doses=doses, dose_days=(), offered=False)
    routine = coach.original.dosed(doses).routine
    position = record.position
    if position is not None and index_of(routine, position) is None:
        moved, _ = restore(routine, position.to_dict())
        record = record.at(moved)
    return coach.with_record(record)


def raised(coach: Coach) -> list[Exercise]:
    """The exercises the user moved off the article's dose, as the article has them."""
    return [coach.original.routine.exercise(exercise_id) for exercise_id, _, _ in coach.record.doses]


def routine_offer_due(coach: Coach) -> bool:
    """Offer the Alexa routine after a finished routine: once, where Alexa offers routines, and
    not to someone who has one from us already."""
    record = coach.record
    return (
        not record.routine_offered and record.auto_start is None and automation.supported(coach.facts.locale)
    )


def ask_routine_time(coach: Coach) -> Reply:
    """The first step of setting up the Alexa routine: what time (or, where Alexa offers no
    routines, that it can't be done here and the daily reminder can)."""
    words = coach.words
    coach = coach.asking(Question.NONE)
    if not automation.supported(coach.facts.locale):
        return coach.ask(text(words("ROUTINE_NOT_HERE")), words("ROUTINE_REMINDER_REPROMPT"))
    return coach.ask_for_slot(
        AUTO_START_INTENT, "time", text(words("ROUTINE_WHEN")), words("ROUTINE_WHEN_REPROMPT")
    )
