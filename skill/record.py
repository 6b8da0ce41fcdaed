"""What the skill remembers about a user, and how a stored record is read back safely.

The stored record is a small dict (see ``skill.storage.base``): the position, the pace, whether the
user has heard the safety note, and the day they last finished. Reading it never fails: a corrupt
or foreign record becomes a fresh one plus a notice the user hears, so nothing crashes and the
user knows why they are back at the start.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from skill.progress import Position, Restoration, restore
from skill.routine import Routine
from skill.timeline import PACE_NORMAL, clamp_pace

Notice = Literal["", "unreadable", "moved_to_exercise_start", "moved_to_start"]


@dataclass(frozen=True)
class UserRecord:
    position: Position | None = None
    pace: int = PACE_NORMAL
    welcomed: bool = False
    finished_on: str = ""

    def to_stored(self) -> dict[str, Any]:
        stored: dict[str, Any] = {"pace": self.pace, "welcomed": self.welcomed}
        if self.position is not None:
            stored["position"] = self.position.to_dict()
        if self.finished_on:
            stored["finished_on"] = self.finished_on
        return stored

    def at(self, position: Position | None) -> UserRecord:
        return replace(self, position=position)


@dataclass(frozen=True)
class Loaded:
    """A record read back, with the notice (if any) the user should hear about it."""

    record: UserRecord
    notice: Notice = ""
    extra: dict[str, Any] = field(default_factory=dict)


def read_record(routine: Routine, stored: Any) -> Loaded:
    """Turn whatever the store returned into a usable record; never raises."""
    if stored is None or stored == {}:
        return Loaded(UserRecord())
    if not isinstance(stored, Mapping):
        return Loaded(UserRecord(), "unreadable")
    notice: Notice = ""
    position: Position | None = None
    if stored.get("position") is not None:
        position, how = restore(routine, stored["position"])
        notice = _notice(how)
    pace = stored.get("pace", PACE_NORMAL)
    if isinstance(pace, bool) or not _is_number(pace):
        pace, notice = PACE_NORMAL, notice or "unreadable"
    welcomed = stored.get("welcomed", False)
    finished_on = stored.get("finished_on", "")
    return Loaded(
        UserRecord(
            position=position,
            pace=clamp_pace(int(pace)),
            welcomed=welcomed if isinstance(welcomed, bool) else True,
            finished_on=finished_on if isinstance(finished_on, str) else "",
        ),
        notice,
    )


def _is_number(value: Any) -> bool:
    try:
        int(value)
    except (TypeError, ValueError, OverflowError):
        return False
    return True


def _notice(how: Restoration) -> Notice:
    return "" if how == "exact" else how
