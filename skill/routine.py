"""The routine as data: the seed article's exercises, from ``data/routine.json`` and the catalogues.

The data file holds what is the same in every language: ids, sides, reps, sets, holds, rests and
cadence, each default with the reason it was chosen from the article's range, and how many lines
each text has. The words (names, set-up, each side's steps, the cadence's "up... and down") come
from the locale's catalogue (skill/words.py), keyed by the exercise's id, so every language plays
the same routine with the same timing. A bad file is refused at start-up with a message naming the
field, so a typo never reaches a user standing on one leg.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from skill import words as catalogue
from skill.words import Words

SIDES = ("right", "left")


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
    """One step of a rep's cadence: the words to say (empty: none) and the time the movement takes."""

    say: str
    seconds: float


@dataclass(frozen=True)
class Part:
    """One movement within a side of a set: counted reps at a cadence, or a timed hold."""

    id: str
    announce: str
    """The plural message that introduces it in full, by its reps or hold seconds ("" when none)."""
    reminder: str
    """Its one-line reminder on later sets ("" when it has none)."""
    reps: Range | None
    cadence: tuple[Beat, ...]
    count_after: bool
    hold_seconds: Range | None


@dataclass(frozen=True)
class Exercise:
    """One exercise of the routine, as the article describes it."""

    id: str
    name: str
    benefit: str
    benefit_short: str
    """Why it helps, in one breath: said while getting ready (the full ``benefit`` on "how do I do it")."""
    setup: tuple[str, ...]
    side_steps: Mapping[str, tuple[str, ...]]
    """How to do each side in full ("" for an exercise without sides), written per side."""
    reminder: Mapping[str, str]
    """The one-line reminder for each side on later sets."""
    switch: Mapping[str, str]
    """How to change over to a side ("bring your right foot down"); empty when there is nothing to say."""
    get_ready: str
    """What to get ready for it, said when it is next ("find a clear stretch of floor")."""
    sides: tuple[str, ...]
    side_names: Mapping[str, str]
    """Each side as said with this exercise ("right leg", "left foot")."""
    unit: str
    """What one of its sets is called ("set", "round")."""
    sets: Range
    rest_after_set_seconds: Range | None
    parts: tuple[Part, ...]
    words: Words

    def __hash__(self) -> int:
        return hash((self.id, self.words.locale, self.sets, tuple(part.reps for part in self.parts)))

    def reps_said(self, count: int) -> str:
        """ "10 raises", in the language's plural form."""
        return self.words.count(f"{self.id}.reps", count)

    def sets_said(self, count: int) -> str:
        """ "2 sets", "6 rounds"."""
        return self.words.count(f"{self.id}.sets", count)

    def announced(self, part: Part) -> str:
        """A part's full introduction with its reps or hold ("Circle clockwise, 5 times.")."""
        count = part.reps.default if part.reps else part.hold_seconds.default if part.hold_seconds else 0
        return self.words.count(part.announce, count, reps=count, hold=count)

    def side_name(self, side: str) -> str:
        return self.side_names.get(side, "")


Doses = tuple[tuple[str, int, int], ...]
"""A user's own dose: (exercise id, reps, sets) for each exercise they changed, sorted."""


@dataclass(frozen=True)
class Routine:
    """The whole routine. ``content_version`` changes whenever a saved position could stop fitting."""

    content_version: int
    exercises: tuple[Exercise, ...]
    words: Words
    """The locale's catalogue: the routine's words, and every other sentence the coach says."""
    source: Any = field(default=None, compare=False, hash=False, repr=False)
    """The parsed data file, to say the same routine in another locale."""

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

    def in_locale(self, locale: str) -> Routine:
        """This routine in a locale's words (the same ids, numbers and timing); cached per locale."""
        if catalogue.for_locale(locale) is self.words or self.source is None:
            return self
        return _in_locale(self, catalogue.for_locale(locale).locale)


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
        return tuple(values)

    def flag(self, key: str) -> bool:
        value = self.raw(key, False)
        if not isinstance(value, bool):
            raise RoutineError(f"{self._where(key)}: expected true or false")
        return value

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


def _part(reader: _Reader, exercise_id: str, words: Words) -> Part:
    reps = reader.optional_range("reps")
    hold = reader.optional_range("hold_seconds")
    if (reps is None) == (hold is None):
        raise RoutineError(f"{reader.path}: needs exactly one of reps or hold_seconds")
    key = f"{exercise_id}.{reader.text('id')}"
    cadence: tuple[Beat, ...] = ()
    if reps is not None:
        beats = reader.objects("cadence")
        cadence = tuple(
            Beat(words(f"{key}.cadence.{index}") if beat.flag("say") else "", beat.number("seconds"))
            for index, beat in enumerate(beats, 1)
        )
        if sum(beat.seconds for beat in cadence) <= 0:
            raise RoutineError(f"{reader.path}.cadence: a rep must take some time")
    count_after = reader.raw("count_after", True)
    if not isinstance(count_after, bool):
        raise RoutineError(f"{reader.path}.count_after: expected true or false")
    return Part(
        id=reader.text("id"),
        announce=f"{key}.announce" if reader.flag("announce") else "",
        reminder=words(f"{key}.reminder") if reader.flag("reminder") else "",
        reps=reps,
        cadence=cadence,
        count_after=count_after,
        hold_seconds=hold,
    )


def _lines(reader: _Reader, key: str) -> int:
    count = reader.raw(key, 0)
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise RoutineError(f"{reader._where(key)}: expected a whole number >= 0, got {count!r}")
    return count


def _exercise(reader: _Reader, words: Words) -> Exercise:
    try:
        return _exercise_in(reader, words)
    except catalogue.MissingWords as missing:
        raise RoutineError(f"{reader.path}: {missing}") from None


def _exercise_in(reader: _Reader, words: Words) -> Exercise:
    sides = reader.texts("sides", ())
    for index, side in enumerate(sides):
        if side not in SIDES:
            raise RoutineError(f"{reader.path}.sides[{index}]: expected one of {SIDES}, got {side!r}")
    if len(set(sides)) != len(sides):
        raise RoutineError(f"{reader.path}.sides: a side is listed twice")
    exercise_id = reader.text("id")
    parts = tuple(_part(part, exercise_id, words) for part in reader.objects("parts"))
    if len({part.id for part in parts}) != len(parts):
        raise RoutineError(f"{reader.path}.parts: part ids must be unique")
    said = sides or ("",)
    steps = _lines(reader, "step_lines")
    return Exercise(
        id=exercise_id,
        name=words(f"{exercise_id}.name"),
        benefit=words(f"{exercise_id}.benefit"),
        benefit_short=words(f"{exercise_id}.benefit_short"),
        setup=words.lines(f"{exercise_id}.setup", _lines(reader, "setup_lines")),
        side_steps={side: words.lines(_side_key(exercise_id, "steps", side), steps) for side in said},
        reminder={side: words(_side_key(exercise_id, "reminder", side)) for side in said},
        switch={side: words(_side_key(exercise_id, "switch", side)) for side in said}
        if reader.flag("switch")
        else {},
        get_ready=words(f"{exercise_id}.get_ready") if reader.flag("get_ready") else "",
        sides=sides,
        side_names={side: words(f"{exercise_id}.side.{side}") for side in sides},
        unit=words(f"{exercise_id}.unit"),
        sets=reader.range("sets"),
        rest_after_set_seconds=reader.optional_range("rest_after_set_seconds"),
        parts=parts,
        words=words,
    )


def _side_key(exercise_id: str, field: str, side: str) -> str:
    """``heel_raises.steps.left`` for a side, ``toe_walking.reminder`` for an exercise without sides."""
    return f"{exercise_id}.{field}.{side}" if side else f"{exercise_id}.{field}"


def parse_routine(data: Any, words: Words) -> Routine:
    """Validate parsed JSON and build the Routine in ``words``' language.

    RoutineError names the first bad field.
    """
    reader = _Reader(data, "")
    exercises = tuple(_exercise(exercise, words) for exercise in reader.objects("exercises"))
    ids = [exercise.id for exercise in exercises]
    duplicates = sorted({exercise_id for exercise_id in ids if ids.count(exercise_id) > 1})
    if duplicates:
        raise RoutineError(f"exercises: id {duplicates[0]!r} is used twice")
    return Routine(
        content_version=reader.integer("content_version", minimum=1),
        exercises=exercises,
        words=words,
        source=data,
    )


def load_routine(path: Path | None = None, locale: str | None = None) -> Routine:
    """Load a routine file (the packaged seed routine by default) in a locale's words (en-US by default)."""
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
        return parse_routine(data, catalogue.for_locale(locale))
    except RoutineError as error:
        raise RoutineError(f"{where}: {error}") from None


@cache
def default_routine(locale: str | None = None) -> Routine:
    """The packaged routine in a locale's words, loaded and validated once per process and locale."""
    return load_routine(locale=catalogue.for_locale(locale).locale)


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


@cache
def _in_locale(routine: Routine, locale: str) -> Routine:
    return parse_routine(routine.source, catalogue.for_locale(locale))
