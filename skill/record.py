"""What the skill remembers about a user, and how a stored record is read back safely.

The stored record is a small dict (see ``skill.storage.base``): the position, the pace, whether the
user has heard the safety note, the day they last finished, their practice history, and the
store's revision. Reading it never fails: a corrupt or foreign record becomes a fresh one plus a
notice the user hears, so nothing crashes and the user knows why they are back at the start.

When two devices of one user save at once, the later save is refused (the store's revision moved
on) and :func:`merge` combines the two records against the one this session started from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from skill.history import History
from skill.listening import Playing
from skill.progress import Position, Restoration, index_of, restore
from skill.routine import Doses, Routine
from skill.storage.base import REVISION, UNREADABLE, known_revision
from skill.timeline import PACE_NORMAL, clamp_pace
from skill.weeks import GOAL_DEFAULT, GOAL_MAX, GOAL_MIN

PLAYING = "playing"
"""The record's key for the part being spoken (skill.listening)."""

Notice = Literal["", "unreadable", "moved_to_exercise_start", "moved_to_start"]
Safety = Literal["", "pain", "unwell"]
SAFETY_STOPS: tuple[Safety, ...] = ("pain", "unwell")


@dataclass(frozen=True)
class Reminder:
    """The user's daily reminder: the Reminders API's alert token, and the time it rings ("08:00")."""

    token: str
    time: str

    @classmethod
    def from_stored(cls, stored: Any) -> Reminder | None:
        if not isinstance(stored, Mapping):
            return None
        token, time = stored.get("token"), stored.get("time")
        if isinstance(token, str) and 0 < len(token) <= 200 and isinstance(time, str) and len(time) == 5:
            return cls(token, time)
        return None


@dataclass(frozen=True)
class AutoStart:
    """The Alexa routine the user accepted: it starts the skill at ``time`` ("08:00") on ``days``
    (an id of ``skill.automation.DAYS``). Kept so the coach can say what was set up."""

    time: str
    days: str

    @classmethod
    def from_stored(cls, stored: Any) -> AutoStart | None:
        if not isinstance(stored, Mapping):
            return None
        time, days = stored.get("time"), stored.get("days")
        if isinstance(time, str) and len(time) == 5 and isinstance(days, str) and 0 < len(days) <= 20:
            return cls(time, days)
        return None


@dataclass(frozen=True)
class UserRecord:
    position: Position | None = None
    pace: int = PACE_NORMAL
    welcomed: bool = False
    finished_on: str = ""
    history: History = field(default_factory=History)
    revision: int = 0
    sounds: bool = True
    reminder: Reminder | None = None
    playing: Playing | None = None
    """Set while ``position`` is being spoken (see skill.listening); None once the user spoke over
    it, or when ``position`` is a place not yet started."""
    doses: Doses = ()
    """The user's own reps and sets where they changed them (skill.dosing)."""
    dose_days: tuple[str, ...] = ()
    """Days a whole routine was finished at the current dose, without pain (the step-up offer)."""
    pain_on: str = ""
    """The day pain was last reported; the next visit offers to make it easier."""
    offered: bool = False
    """The step-up was offered at this dose already (offered once)."""
    name_asked: bool = False
    """A recognised speaker was asked, by voice, for the permission to use their name (once)."""
    safety: Safety = ""
    """Why the last session stopped for safety ("pain", "unwell"); the next visit asks how they feel."""
    held: Position | None = None
    """The place in the whole routine, kept while the user does one exercise on its own."""
    goal: int = GOAL_DEFAULT
    """Days a week the user aims for (skill.weeks), one to seven."""
    week_told: str = ""
    """The first day of the week whose opening already said last week's result (said once a week)."""
    gap_asked: str = ""
    """The last practice day before a long gap that the gentle restart was suggested for (once)."""
    routine_offered: bool = False
    """An Alexa routine that starts the skill was offered after a finished routine (offered once)."""
    auto_start: AutoStart | None = None
    """The Alexa routine the user accepted, if any."""

    def to_stored(self) -> dict[str, Any]:
        stored: dict[str, Any] = {"pace": self.pace, "welcomed": self.welcomed, REVISION: self.revision}
        if self.position is not None:
            stored["position"] = self.position.to_dict()
        if self.finished_on:
            stored["finished_on"] = self.finished_on
        if self.history != History():
            stored["history"] = self.history.to_stored()
        if not self.sounds:
            stored["sounds"] = False  # stored only when off: on is the default
        if self.reminder is not None:
            stored["reminder"] = {"token": self.reminder.token, "time": self.reminder.time}
        if self.playing is not None and self.position is not None:
            stored[PLAYING] = self.playing.to_stored()
        if self.doses:
            stored["dose"] = {exercise: {"reps": reps, "sets": sets} for exercise, reps, sets in self.doses}
        if self.dose_days:
            stored["dose_days"] = list(self.dose_days)
        if self.pain_on:
            stored["pain_on"] = self.pain_on
        if self.offered:
            stored["offered"] = True
        if self.name_asked:
            stored["name_asked"] = True
        if self.safety:
            stored["safety"] = self.safety
        if self.held is not None:
            stored["held"] = self.held.to_dict()
        if self.goal != GOAL_DEFAULT:
            stored["goal"] = self.goal
        if self.week_told:
            stored["week_told"] = self.week_told
        if self.gap_asked:
            stored["gap_asked"] = self.gap_asked
        if self.routine_offered:
            stored["routine_offered"] = True
        if self.auto_start is not None:
            stored["auto_start"] = {"time": self.auto_start.time, "days": self.auto_start.days}
        return stored

    def at(self, position: Position | None, playing: Playing | None = None) -> UserRecord:
        return replace(self, position=position, playing=playing if position is not None else None)


@dataclass(frozen=True)
class Loaded:
    """A record read back, with the notice (if any) the user should hear about it."""

    record: UserRecord
    notice: Notice = ""


def read_record(routine: Routine, stored: Any) -> Loaded:
    """Turn whatever the store returned into a usable record; never raises."""
    if stored is None or stored == {}:
        return Loaded(UserRecord())
    if not isinstance(stored, Mapping):
        return Loaded(UserRecord(), "unreadable")
    if stored.get(UNREADABLE) is True or (REVISION in stored and set(stored) == {REVISION}):
        # The store found a record it could not read, or one that holds nothing at all (the skill
        # never writes an empty record; issue #20, 6 found one greeted as a first-time user): this
        # user has been here before (so no first-time welcome), and hears that their place was
        # lost. The revision is kept, so the next save replaces the record conditionally.
        revision = known_revision(stored.get(REVISION, 0)) or 0
        return Loaded(UserRecord(welcomed=True, revision=revision), "unreadable")
    notice: Notice = ""
    position: Position | None = None
    doses = read_doses(routine, stored.get("dose"))
    routine = routine.dosed(doses)  # a position is a place in the user's own dose of the routine
    if stored.get("position") is not None:
        position, how = restore(routine, stored["position"])
        notice = _notice(how)
    pace = stored.get("pace", PACE_NORMAL)
    if isinstance(pace, bool) or not _is_number(pace):
        pace, notice = PACE_NORMAL, notice or "unreadable"
    welcomed = stored.get("welcomed", False)
    finished_on = stored.get("finished_on", "")
    revision = stored.get(REVISION, 0)
    sounds = stored.get("sounds", True)
    return Loaded(
        UserRecord(
            position=position,
            pace=clamp_pace(int(pace)),
            welcomed=welcomed if isinstance(welcomed, bool) else True,
            finished_on=finished_on if isinstance(finished_on, str) and len(finished_on) <= 10 else "",
            history=History.from_stored(stored.get("history")),
            revision=revision if type(revision) is int and revision >= 0 else 0,
            sounds=sounds if isinstance(sounds, bool) else True,
            reminder=Reminder.from_stored(stored.get("reminder")),
            # A position that had to be moved is a place to start, not a part being spoken.
            playing=Playing.from_stored(stored.get(PLAYING)) if position and not notice else None,
            doses=doses,
            dose_days=_days(stored.get("dose_days")),
            pain_on=_day(stored.get("pain_on")),
            offered=stored.get("offered") is True,
            name_asked=stored.get("name_asked") is True,
            safety=_safety(stored.get("safety")),
            held=_held(routine, stored.get("held")),
            goal=_goal(stored.get("goal")),
            week_told=_day(stored.get("week_told")),
            gap_asked=_day(stored.get("gap_asked")),
            routine_offered=stored.get("routine_offered") is True,
            auto_start=AutoStart.from_stored(stored.get("auto_start")),
        ),
        notice,
    )


def _goal(value: Any) -> int:
    """A stored goal (DynamoDB gives a Decimal) within one to seven days; the default otherwise."""
    if isinstance(value, bool) or not _is_number(value) or int(value) != value:
        return GOAL_DEFAULT
    return int(value) if GOAL_MIN <= int(value) <= GOAL_MAX else GOAL_DEFAULT


def _safety(value: Any) -> Safety:
    return next((known for known in SAFETY_STOPS if known == value), "")


def _held(routine: Routine, value: Any) -> Position | None:
    """A kept routine place, if it still fits the routine exactly (else none: nothing to mislead)."""
    if not isinstance(value, Mapping):
        return None
    position, how = restore(routine, value)
    return position if how == "exact" else None


def merge(routine: Routine, base: UserRecord, mine: UserRecord, theirs: UserRecord) -> UserRecord:
    """Combine this session's record with one another device saved meanwhile.

    ``base`` is what this session started from (what it last read or saved); each field keeps the
    side that changed it. When both moved the position, the furthest one is kept (the user has
    been at least that far); practice from both sides counts; the result carries the revision of
    ``theirs``, so saving it is conditional on nothing else having changed since.
    """
    if (mine.position, mine.playing) == (base.position, base.playing):
        chosen = theirs
    elif (theirs.position, theirs.playing) == (base.position, base.playing):
        chosen = mine
    else:
        chosen = mine if furthest(routine, mine.position, theirs.position) == mine.position else theirs
    return UserRecord(
        position=chosen.position,
        playing=chosen.playing,
        pace=mine.pace if mine.pace != base.pace else theirs.pace,
        welcomed=mine.welcomed or theirs.welcomed,
        finished_on=max(mine.finished_on, theirs.finished_on),
        history=History.merged(base.history, mine.history, theirs.history),
        revision=theirs.revision,
        sounds=mine.sounds if mine.sounds != base.sounds else theirs.sounds,
        reminder=mine.reminder if mine.reminder != base.reminder else theirs.reminder,
        doses=mine.doses if mine.doses != base.doses else theirs.doses,
        dose_days=_merged_days(base, mine, theirs),
        pain_on=mine.pain_on if mine.pain_on != base.pain_on else theirs.pain_on,
        offered=mine.offered if mine.offered != base.offered else theirs.offered,
        name_asked=mine.name_asked or theirs.name_asked,
        safety=mine.safety if mine.safety != base.safety else theirs.safety,
        held=mine.held if mine.held != base.held else theirs.held,
        goal=mine.goal if mine.goal != base.goal else theirs.goal,
        week_told=max(mine.week_told, theirs.week_told),
        gap_asked=max(mine.gap_asked, theirs.gap_asked),
        routine_offered=mine.routine_offered or theirs.routine_offered,
        auto_start=mine.auto_start if mine.auto_start != base.auto_start else theirs.auto_start,
    )


def _merged_days(base: UserRecord, mine: UserRecord, theirs: UserRecord) -> tuple[str, ...]:
    """Days at the current dose: a side that changed the dose (or cleared the days) wins; when
    both only added days, both count."""
    if mine.doses != base.doses or (not mine.dose_days and base.dose_days):
        return mine.dose_days
    if theirs.doses != base.doses or (not theirs.dose_days and base.dose_days):
        return theirs.dose_days
    return tuple(sorted(set(mine.dose_days) | set(theirs.dose_days)))[-MAX_DOSE_DAYS:]


def furthest(routine: Routine, mine: Position | None, theirs: Position | None) -> Position | None:
    """The further of two positions: a place in progress beats none; in one scope, the later one.

    Positions in different scopes (the routine on one device, one exercise on the other) have no
    order; the one from this device wins, as the user's latest choice.
    """
    if mine is None or theirs is None:
        return mine or theirs
    if mine.scope != theirs.scope:
        return mine
    mine_at, theirs_at = index_of(routine, mine), index_of(routine, theirs)
    if theirs_at is not None and (mine_at is None or theirs_at > mine_at):
        return theirs
    return mine


MAX_DOSE_DAYS = 14
"""Finished days kept for the step-up offer (it looks at the last fourteen days)."""


def read_doses(routine: Routine, stored: Any) -> Doses:
    """The stored dose, each exercise's reps and sets clamped into the article's ranges; () if unreadable."""
    if not isinstance(stored, Mapping):
        return ()
    doses = []
    for exercise in routine.exercises:
        entry = stored.get(exercise.id)
        if not isinstance(entry, Mapping):
            continue
        reps: Any = entry.get("reps")
        sets: Any = entry.get("sets")
        if not (_is_number(reps) and _is_number(sets)) or isinstance(reps, bool) or isinstance(sets, bool):
            continue
        doses.append((exercise.id, int(reps), int(sets)))
    return tuple(sorted(doses))


def recent_days(days: tuple[str, ...], today: str, window: int = MAX_DOSE_DAYS) -> tuple[str, ...]:
    """The distinct days in ``days`` within the ``window`` days up to ``today`` (ISO dates), sorted."""
    from datetime import date, timedelta  # noqa: PLC0415  # only when a routine is finished

    first = (date.fromisoformat(today) - timedelta(days=window - 1)).isoformat()
    return tuple(sorted({day for day in days if first <= day <= today}))


def _day(value: Any) -> str:
    return value if isinstance(value, str) and len(value) == 10 else ""


def _days(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(sorted({day for day in value if _day(day)}))[-MAX_DOSE_DAYS:]


def _is_number(value: Any) -> bool:
    try:
        int(value)
    except (TypeError, ValueError, OverflowError):
        return False
    return True


def _notice(how: Restoration) -> Notice:
    return "" if how == "exact" else how
