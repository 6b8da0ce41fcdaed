"""A routine that grows with the user: their own reps and sets, inside the article's ranges only.

The article gives ranges (heel raises about 10 to 20 reps and 2 to 3 sets; ankle circles 5 to 10
each way); the routine starts at the gentle end. "Make it harder" moves one notch up: five more
reps while there is room, then one more set; "easier" comes back down the same ladder, sets first.
A number ("fifteen reps", "three sets") is taken as it is when the range allows it; otherwise the
coach says the range. Pure functions over :class:`skill.routine.Exercise`; the handler in
``skill.handlers.dosing`` decides what to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from skill.routine import Doses, Exercise, Range, Routine
from skill.words import capitalise

REPS_NOTCH = 5
"""How many more reps one notch adds: the article's ranges run in fives (10 to 20, 5 to 10)."""
Unit = Literal["reps", "sets"]


@dataclass(frozen=True)
class Dose:
    reps: int
    sets: int


def reps_range(exercise: Exercise) -> Range | None:
    """The reps range of an exercise's counted parts (None for one made only of timed holds)."""
    return next((part.reps for part in exercise.parts if part.reps is not None), None)


def current(exercise: Exercise) -> Dose:
    """The dose an exercise is at (its defaults, in a dosed routine the user's own)."""
    reps = reps_range(exercise)
    return Dose(reps.default if reps else 0, exercise.sets.default)


def adjustable(exercise: Exercise) -> bool:
    reps = reps_range(exercise)
    return exercise.sets.min < exercise.sets.max or (reps is not None and reps.min < reps.max)


def harder(exercise: Exercise) -> Dose | None:
    """One notch up (more reps first, then a set), or None at the top of the article's range."""
    dose, reps = current(exercise), reps_range(exercise)
    if reps is not None and dose.reps < reps.max:
        return Dose(min(dose.reps + REPS_NOTCH, reps.max), dose.sets)
    if dose.sets < exercise.sets.max:
        return Dose(dose.reps, dose.sets + 1)
    return None


def easier(exercise: Exercise) -> Dose | None:
    """One notch down (a set fewer first, then fewer reps), or None at the gentle end."""
    dose, reps = current(exercise), reps_range(exercise)
    if dose.sets > exercise.sets.min:
        return Dose(dose.reps, dose.sets - 1)
    if reps is not None and dose.reps > reps.min:
        return Dose(max(dose.reps - REPS_NOTCH, reps.min), dose.sets)
    return None


def with_count(exercise: Exercise, unit: Unit, count: int) -> Dose | None:
    """The dose with ``count`` reps or sets, or None when the article's range does not allow it."""
    dose, reps = current(exercise), reps_range(exercise)
    if unit == "sets":
        fits = exercise.sets.min <= count <= exercise.sets.max
        return Dose(dose.reps, count) if fits else None
    if reps is not None and reps.min <= count <= reps.max:
        return Dose(count, dose.sets)
    return None


def with_dose(doses: Doses, original: Routine, exercise_id: str, dose: Dose) -> Doses:
    """``doses`` with this exercise at ``dose``; an exercise back at the article's default is dropped."""
    kept = [entry for entry in doses if entry[0] != exercise_id]
    if dose != current(original.exercise(exercise_id)):
        kept.append((exercise_id, dose.reps, dose.sets))
    return tuple(sorted(kept))


def said(exercise: Exercise, dose: Dose) -> str:
    """ "15 raises, 3 sets" / "7 circles each way, 5 sets", in the exercise's language."""
    sets = exercise.sets_said(dose.sets)
    if reps_range(exercise) is None:
        return sets
    return exercise.words("DOSE", reps=exercise.reps_said(dose.reps), sets=sets)


def range_words(exercise: Exercise) -> str:
    """The article's range in one sentence, for a number outside it."""
    words = exercise.words
    reps = reps_range(exercise)
    name = capitalise(exercise.name)
    if not adjustable(exercise):
        return words("DOSE_FIXED", name=name, dose=said(exercise, current(exercise)))
    sets = exercise.sets
    reps_words = words(f"{exercise.id}.reps_range", low=reps.min, high=reps.max) if reps is not None else ""
    sets_words = (
        words(f"{exercise.id}.sets_range", low=sets.min, high=sets.max) if sets.min < sets.max else ""
    )
    if reps_words and sets_words:
        return words("DOSE_RANGE_BOTH", name=name, reps=reps_words, sets=sets_words)
    return words("DOSE_RANGE", name=name, range=reps_words or sets_words)
