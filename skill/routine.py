"""The routine as data: the seed article's exercises, loaded from ``data/routine.json`` and validated.

Nothing an exercise says lives in code: names, synonyms, set-up, steps, reps, sets, sides, holds,
rests and cadence all come from the data file, and every default carries the reason it was chosen
from the article's range. A bad file is refused at start-up with a message naming the field, so a
typo never reaches a user standing on one leg.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

SIDES = ("right", "left")
_PLACEHOLDERS = frozenset({"side", "Side", "other", "Other", "hold", "reps", "set", "sets"})


class RoutineError(ValueError):
    """The routine file is malformed; the message names the offending field."""


@dataclass(frozen=True)
class Range:
    """A count from the article's range, with the default we chose and why."""

    min: int
    max: int
    default: int
    why: str

    def at(self, value: int) -> Range:
        """This range with ``value`` (clamped into it) as the default."""
        return replace(self, default=min(max(value, self.min), self.max))


@dataclass(frozen=True)
class Beat:
    """One step of a rep's cadence: a word to say (may be empty) and the time the movement takes."""

    say: str
    seconds: float


@dataclass(frozen=True)
class Part:
    """One movement within a side of a set: counted reps at a cadence, or a timed hold."""

    id: str
    announce: str
    reminder: str
    reps: Range | None
    cadence: tuple[Beat, ...]
    count_after: bool
    hold_seconds: Range | None


@dataclass(frozen=True)
class Exercise:
    """One exercise of the routine, as the article describes it."""

    id: str
    name: str
    synonyms: tuple[str, ...]
    benefit: str
    benefit_short: str
    """Why it helps, in one breath: said while getting ready (the full ``benefit`` on "how do I do it")."""
    setup: tuple[str, ...]
    side_steps: tuple[str, ...]
    reminder: str
    switch: str
    get_ready: str
    """What to get ready for it, said when it is next ("find a clear stretch of floor")."""
    count_word: str
    """What its reps are called when a dose is said back ("raises", "circles each way")."""
    sides: tuple[str, ...]
    side_word: str
    unit: str
    sets: Range
    rest_after_set_seconds: Range | None
    parts: tuple[Part, ...]


Doses = tuple[tuple[str, int, int], ...]
"""A user's own dose: (exercise id, reps, sets) for each exercise they changed, sorted."""


@dataclass(frozen=True)
class Routine:
    """The whole routine. ``content_version`` changes whenever a saved position could stop fitting."""

    content_version: int
    title: str
    exercises: tuple[Exercise, ...]

    def exercise(self, exercise_id: str) -> Exercise:
        """The exercise with this id; KeyError if there is none."""
        for exercise in self.exercises:
            if exercise.id == exercise_id:
                return exercise
        raise KeyError(exercise_id)

    @property
    def exercise_ids(self) -> tuple[str, ...]:
        return tuple(exercise.id for exercise in self.exercises)

    def dosed(self, doses: Doses) -> Routine:
        """This routine with a user's own reps and sets (within the article's ranges) as defaults.

        Everything downstream (the plan, the parts, the planned length) reads the defaults, so a
        dosed routine needs nothing else to change. A dose outside a range is clamped into it.
        Cached: a record is read several times a request, and each read places its position in it.
        """
        return self if not doses else _dosed(self, doses)


class _Reader:
    """Reads typed fields out of parsed JSON, naming the full path of any field that is wrong."""

    def __init__(self, data: Any, path: str) -> None:
        if not isinstance(data, Mapping):
            raise RoutineError(f"{path or 'routine'}: expected an object, got {type(data).__name__}")
        self.data = data
        self.path = path

    def _where(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def raw(self, key: str, default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                raise RoutineError(f"{self._where(key)}: missing")
            return default
        return self.data[key]

    def text(self, key: str, default: Any = ..., *, allow_empty: bool = False) -> str:
        value = self.raw(key, default)
        if not isinstance(value, str) or (not allow_empty and not value.strip()):
            raise RoutineError(f"{self._where(key)}: expected a non-empty string, got {value!r}")
        _check_placeholders(value, self._where(key))
        return value

    def integer(self, key: str, *, minimum: int = 0) -> int:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise RoutineError(f"{self._where(key)}: expected a whole number >= {minimum}, got {value!r}")
        return value

    def number(self, key: str) -> float:
        value = self.raw(key)
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise RoutineError(f"{self._where(key)}: expected a number >= 0, got {value!r}")
        return float(value)

    def texts(self, key: str, default: Any = ...) -> tuple[str, ...]:
        values = self.raw(key, default)
        if not isinstance(values, Sequence) or isinstance(values, str):
            raise RoutineError(f"{self._where(key)}: expected a list of strings")
        for index, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                raise RoutineError(f"{self._where(key)}[{index}]: expected a non-empty string")
            _check_placeholders(value, f"{self._where(key)}[{index}]")
        return tuple(values)

    def objects(self, key: str) -> list[_Reader]:
        values = self.raw(key)
        if not isinstance(values, Sequence) or isinstance(values, str) or not values:
            raise RoutineError(f"{self._where(key)}: expected a non-empty list")
        return [_Reader(value, f"{self._where(key)}[{index}]") for index, value in enumerate(values)]

    def child(self, key: str) -> _Reader:
        return _Reader(self.raw(key), self._where(key))

    def range(self, key: str, *, minimum: int = 1) -> Range:
        reader = self.child(key)
        low = reader.integer("min", minimum=minimum)
        high = reader.integer("max", minimum=minimum)
        default = reader.integer("default", minimum=minimum)
        if not low <= default <= high:
            raise RoutineError(f"{reader.path}.default: {default} is outside {low}..{high}")
        return Range(low, high, default, reader.text("why"))

    def optional_range(self, key: str) -> Range | None:
        return None if self.raw(key, None) is None else self.range(key)


def _check_placeholders(text: str, where: str) -> None:
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as error:
        raise RoutineError(f"{where}: malformed placeholder ({error})") from None
    unknown = names - _PLACEHOLDERS
    if unknown:
        raise RoutineError(f"{where}: unknown placeholder {{{sorted(unknown)[0]}}}")


def _part(reader: _Reader) -> Part:
    reps = reader.optional_range("reps")
    hold = reader.optional_range("hold_seconds")
    if (reps is None) == (hold is None):
        raise RoutineError(f"{reader.path}: needs exactly one of reps or hold_seconds")
    cadence: tuple[Beat, ...] = ()
    if reps is not None:
        beats = reader.objects("cadence")
        cadence = tuple(Beat(beat.text("say", allow_empty=True), beat.number("seconds")) for beat in beats)
        if sum(beat.seconds for beat in cadence) <= 0:
            raise RoutineError(f"{reader.path}.cadence: a rep must take some time")
    count_after = reader.raw("count_after", True)
    if not isinstance(count_after, bool):
        raise RoutineError(f"{reader.path}.count_after: expected true or false")
    return Part(
        id=reader.text("id"),
        announce=reader.text("announce", "", allow_empty=True),
        reminder=reader.text("reminder", "", allow_empty=True),
        reps=reps,
        cadence=cadence,
        count_after=count_after,
        hold_seconds=hold,
    )


def _exercise(reader: _Reader) -> Exercise:
    sides = reader.texts("sides")
    for index, side in enumerate(sides):
        if side not in SIDES:
            raise RoutineError(f"{reader.path}.sides[{index}]: expected one of {SIDES}, got {side!r}")
    if len(set(sides)) != len(sides):
        raise RoutineError(f"{reader.path}.sides: a side is listed twice")
    parts = tuple(_part(part) for part in reader.objects("parts"))
    if len({part.id for part in parts}) != len(parts):
        raise RoutineError(f"{reader.path}.parts: part ids must be unique")
    return Exercise(
        id=reader.text("id"),
        name=reader.text("name"),
        synonyms=reader.texts("synonyms"),
        benefit=reader.text("benefit"),
        benefit_short=reader.text("benefit_short"),
        setup=reader.texts("setup"),
        side_steps=reader.texts("side_steps", ()),
        reminder=reader.text("reminder"),
        switch=reader.text("switch", "", allow_empty=True),
        get_ready=reader.text("get_ready", "", allow_empty=True),
        count_word=reader.text("count_word", "reps"),
        sides=sides,
        side_word=reader.text("side_word", "", allow_empty=True),
        unit=reader.text("unit"),
        sets=reader.range("sets"),
        rest_after_set_seconds=reader.optional_range("rest_after_set_seconds"),
        parts=parts,
    )


def parse_routine(data: Any) -> Routine:
    """Validate parsed JSON and build the Routine; RoutineError names the first bad field."""
    reader = _Reader(data, "")
    exercises = tuple(_exercise(exercise) for exercise in reader.objects("exercises"))
    ids = [exercise.id for exercise in exercises]
    duplicates = sorted({exercise_id for exercise_id in ids if ids.count(exercise_id) > 1})
    if duplicates:
        raise RoutineError(f"exercises: id {duplicates[0]!r} is used twice")
    return Routine(
        content_version=reader.integer("content_version", minimum=1),
        title=reader.text("title"),
        exercises=exercises,
    )


def load_routine(path: Path | None = None) -> Routine:
    """Load a routine file (the packaged seed routine by default)."""
    if path is None:
        # A plain path, not importlib.resources: the package is always a folder (a checkout, a
        # wheel install, Lambda's unpacked zip), and importlib.resources costs ~5 ms of every cold
        # start (it imports tempfile, shutil, lzma and bz2).
        text = (Path(__file__).resolve().parent / "data" / "routine.json").read_text(encoding="utf-8")
        where = "skill/data/routine.json"
    else:
        text = path.read_text(encoding="utf-8")
        where = str(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise RoutineError(f"{where}: not valid JSON ({error})") from None
    try:
        return parse_routine(data)
    except RoutineError as error:
        raise RoutineError(f"{where}: {error}") from None


@cache
def default_routine() -> Routine:
    """The packaged routine, loaded and validated once per process."""
    return load_routine()


@cache
def _dosed(routine: Routine, doses: Doses) -> Routine:
    wanted = {exercise_id: (reps, sets) for exercise_id, reps, sets in doses}
    exercises = []
    for exercise in routine.exercises:
        if exercise.id not in wanted:
            exercises.append(exercise)
            continue
        reps, sets = wanted[exercise.id]
        parts = tuple(
            replace(part, reps=part.reps.at(reps)) if part.reps is not None else part
            for part in exercise.parts
        )
        exercises.append(replace(exercise, sets=exercise.sets.at(sets), parts=parts))
    return replace(routine, exercises=tuple(exercises))
