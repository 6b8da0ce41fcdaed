"""Where a user is: a position in structural coordinates, and how it survives storage.

A position names the segment the user is on (the last one spoken), as exercise / set / side plus
the scope (the whole routine, or one exercise) and the routine's content version. It is not an
index: a pace change never moves it, and a position saved under an older routine maps to a sane
place (the start of the same exercise, or the very start) instead of failing. It serialises to a
small dict of ints and strings, which DynamoDB, SQLite and the Alexa session all take as-is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from skill.routine import Routine
from skill.segments import ROUTINE_SCOPE, SegmentKey, plan

Restoration = Literal["exact", "moved_to_exercise_start", "moved_to_start", "unreadable"]


@dataclass(frozen=True)
class Position:
    exercise: str
    set: int
    side: str
    scope: str
    version: int

    @property
    def key(self) -> SegmentKey:
        return SegmentKey(self.exercise, self.set, self.side)

    def to_dict(self) -> dict[str, str | int]:
        return {
            "v": self.version,
            "scope": self.scope,
            "exercise": self.exercise,
            "set": self.set,
            "side": self.side,
        }

    @classmethod
    def from_dict(cls, data: Any) -> Position:
        """Parse a stored position; ValueError for anything malformed (never a partial position)."""
        if not isinstance(data, Mapping):
            raise ValueError("position is not an object")
        fields: dict[str, Any] = {}
        for name, stored, kind in (
            ("version", "v", int),
            ("scope", "scope", str),
            ("exercise", "exercise", str),
            ("set", "set", int),
            ("side", "side", str),
        ):
            value = data.get(stored)
            if kind is int:
                value = _whole(value)
            if not isinstance(value, kind) or isinstance(value, bool):
                raise ValueError(f"position.{stored} is {value!r}")
            fields[name] = value
        return cls(**fields)


def _whole(value: Any) -> Any:
    """Whole numbers as int (DynamoDB hands them back as Decimal); anything else unchanged."""
    if isinstance(value, bool | str):
        return value
    try:
        number = int(value)
    except (TypeError, ValueError, OverflowError):
        return value
    return number if number == value else value


def index_of(routine: Routine, position: Position) -> int | None:
    """The position's index in its scope's plan, or None if it does not fit this routine."""
    if position.version != routine.content_version:
        return None
    try:
        return plan(routine, position.scope).index(position.key)
    except (KeyError, ValueError):
        return None


def position_at(routine: Routine, scope: str, index: int) -> Position:
    key = plan(routine, scope)[index]
    return Position(key.exercise, key.set, key.side, scope, routine.content_version)


def restore(routine: Routine, stored: Any) -> tuple[Position | None, Restoration]:
    """Map a stored position onto this routine: exactly, to its exercise's start, or to the start."""
    if stored is None:
        return None, "exact"
    try:
        position = Position.from_dict(stored)
    except ValueError:
        return position_at(routine, ROUTINE_SCOPE, 0), "unreadable"
    if index_of(routine, position) is not None:
        return position, "exact"
    scope = position.scope if position.scope in (ROUTINE_SCOPE, *routine.exercise_ids) else ROUTINE_SCOPE
    if position.exercise in routine.exercise_ids and (scope in (ROUTINE_SCOPE, position.exercise)):
        first = plan(routine, scope).index(plan(routine, position.exercise)[0])
        return position_at(routine, scope, first), "moved_to_exercise_start"
    return position_at(routine, ROUTINE_SCOPE, 0), "moved_to_start"
