"""The routine engine: pure commands on a position. No Alexa, no storage, no clock.

Handlers translate intents into these commands and render what comes back. The engine decides what
is sensible at the edges ("previous" at the first segment stays there and says so; "next" after the
last one finishes), so those rules are tested here without a single request envelope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from skill import ssml
from skill.progress import Position, index_of, position_at
from skill.routine import Doses, Routine
from skill.segments import ROUTINE_SCOPE, Segment, SegmentKey, build_segment, explanation, plan, rejoin

Status = Literal["started", "moved", "at_start", "finished"]


@dataclass(frozen=True)
class Step:
    """The result of a command: the new position (None once finished) and what happened."""

    position: Position | None
    status: Status


@dataclass(frozen=True)
class Remaining:
    """What is left from the start of the current segment, for "how much is left"."""

    seconds: float
    segments: int
    exercises_after: int


@cache
def _segment(routine: Routine, scope: str, index: int, pace: int, sounds: bool = False) -> Segment:
    # Segments are pure functions of these five values, and there are few of them (scopes x
    # segments x paces x sounds): caching makes warm turns and "how much is left" cheap.
    return build_segment(routine, scope, index, pace, sounds)


@cache
def _speech(routine: Routine, scope: str, index: int, pace: int, sounds: bool = False) -> str:
    segment = _segment(routine, scope, index, pace, sounds)
    return ssml.render(segment.cues, segment.pace)


@cache
def _total_seconds(routine: Routine, scope: str, pace: int) -> float:
    return sum(
        _segment(routine, scope, index, pace).planned_seconds for index in range(len(plan(routine, scope)))
    )


@cache
def _engine(routine: Routine) -> Engine:
    return Engine(routine)


class Engine:
    """Commands over one routine."""

    def __init__(self, routine: Routine) -> None:
        self.routine = routine

    def in_locale(self, locale: str) -> Engine:
        """The same commands over the routine in a request's locale (its words; the same timing)."""
        routine = self.routine.in_locale(locale)
        return self if routine is self.routine else _engine(routine)

    def dosed(self, doses: Doses) -> Engine:
        """The same commands over the routine at a user's own dose (skill.dosing)."""
        return self if not doses else Engine(self.routine.dosed(doses))

    def _index(self, position: Position) -> int:
        index = index_of(self.routine, position)
        if index is None:
            raise ValueError(f"position {position} does not fit this routine; restore it first")
        return index

    def start(self, scope: str = ROUTINE_SCOPE) -> Step:
        """Begin a scope: the whole routine, or one exercise by id (KeyError if unknown)."""
        plan(self.routine, scope)
        return Step(position_at(self.routine, scope, 0), "started")

    def next(self, position: Position) -> Step:
        index = self._index(position) + 1
        if index >= len(plan(self.routine, position.scope)):
            return Step(None, "finished")
        return Step(position_at(self.routine, position.scope, index), "moved")

    def previous(self, position: Position) -> Step:
        index = self._index(position)
        if index == 0:
            return Step(position, "at_start")
        return Step(position_at(self.routine, position.scope, index - 1), "moved")

    def skip_exercise(self, position: Position) -> Step:
        """The first part of the next exercise in this scope; "finished" when there is none."""
        return self._first_after(position, lambda key: key.exercise != position.exercise)

    def skip_set(self, position: Position) -> Step:
        """The first part of the next set (or the next exercise); "finished" when there is none.

        From getting ready, the next set is the first one: there is nothing to skip but the set-up.
        """
        return self._first_after(
            position, lambda key: key.exercise != position.exercise or key.set > max(position.set, 0)
        )

    def _first_after(self, position: Position, wanted: Callable[[SegmentKey], bool]) -> Step:
        keys = plan(self.routine, position.scope)
        for index in range(self._index(position) + 1, len(keys)):
            if wanted(keys[index]):
                return Step(position_at(self.routine, position.scope, index), "moved")
        return Step(None, "finished")

    def start_over(self, position: Position) -> Step:
        return Step(position_at(self.routine, position.scope, 0), "started")

    def segment(self, position: Position, pace: int, sounds: bool = False) -> Segment:
        return _segment(self.routine, position.scope, self._index(position), pace, sounds)

    def speech(self, position: Position, pace: int, sounds: bool = False) -> str:
        """The SSML body of the segment at this position, at this pace, with or without sound cues."""
        return _speech(self.routine, position.scope, self._index(position), pace, sounds)

    def rejoin(self, position: Position, pace: int) -> str:
        """What to say before going back into the middle of an exercise (skill.segments.rejoin)."""
        return ssml.render(rejoin(self.routine, position.key, pace), pace)

    def explain(self, position: Position, pace: int) -> str:
        """The SSML of the full explanation of the exercise at this position (see "how do I do this")."""
        return ssml.render(explanation(self.routine, position.key, pace), pace)

    def remaining(self, position: Position, pace: int) -> Remaining:
        index = self._index(position)
        keys = plan(self.routine, position.scope)
        segments = [_segment(self.routine, position.scope, i, pace) for i in range(index, len(keys))]
        exercises_after = len({key.exercise for key in keys[index:]} - {position.exercise})
        return Remaining(
            seconds=sum(segment.planned_seconds for segment in segments),
            segments=len(segments),
            exercises_after=exercises_after,
        )

    def total_seconds(self, scope: str, pace: int) -> float:
        return _total_seconds(self.routine, scope, pace)
