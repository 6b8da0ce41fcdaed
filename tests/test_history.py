"""Practice history and the merge of two devices' records: pure, no Alexa, no storage."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from skill.history import KEEP_DAYS, History, Kind
from skill.progress import position_at
from skill.record import UserRecord, furthest, merge, read_record
from skill.routine import default_routine
from skill.segments import ROUTINE_SCOPE

ROUTINE = default_routine()
TODAY = "2026-11-25"


def day(offset: int) -> str:
    """The ISO date ``offset`` days after TODAY (negative: before)."""
    return (date.fromisoformat(TODAY) + timedelta(days=offset)).isoformat()


def test_finishing_counts_the_day_and_the_kind() -> None:
    history = History().done(TODAY, "routine").done(TODAY, "exercise").done(TODAY, "routine")
    assert history.days == (TODAY,), "one day, however often"
    assert (history.routines, history.exercises, history.total) == (2, 1, 3)
    assert history.best == 1


def test_streak_counts_consecutive_days_to_today_or_yesterday() -> None:
    history = History()
    for offset in (-6, -4, -3, -2, -1):
        history = history.done(day(offset), "routine")
    assert history.streak(TODAY) == 4, "today not done yet: the streak up to yesterday still stands"
    assert history.done(TODAY, "exercise").streak(TODAY) == 5
    assert history.streak(day(2)) == 0, "a missed day ends it"
    assert history.days_in_last(TODAY) == 5
    assert history.best == 4


def test_days_are_bounded_but_the_best_streak_outlives_them() -> None:
    history = History()
    for offset in range(-99, 1):
        history = history.done(day(offset), "routine")
    assert len(history.days) == KEEP_DAYS
    assert history.days[-1] == TODAY
    assert history.best == 100 and history.routines == 100
    assert history.streak(TODAY) == 100, "a streak longer than the kept days still counts in full"
    assert History.from_stored(history.to_stored()) == history


@given(
    st.one_of(
        st.none(),
        st.integers(),
        st.text(max_size=20),
        st.dictionaries(
            st.sampled_from(["days", "routines", "exercises", "best", "other"]),
            st.one_of(
                st.integers(-5, 10**12),
                st.floats(allow_nan=True),
                st.booleans(),
                st.text(max_size=12),
                st.lists(st.one_of(st.text(max_size=12), st.integers(), st.dates().map(str)), max_size=80),
            ),
        ),
    )
)
def test_any_stored_history_reads_back_without_error(stored: Any) -> None:
    history = History.from_stored(stored)
    assert len(history.days) <= KEEP_DAYS
    assert all(len(item) == 10 for item in history.days)
    assert min(history.routines, history.exercises, history.best) >= 0
    assert History.from_stored(history.to_stored()) == history


completions = st.lists(st.tuples(st.integers(-3, 3), st.sampled_from(["routine", "exercise"])), max_size=6)


def apply(history: History, done: list[tuple[int, Kind]]) -> History:
    for offset, kind in done:
        history = history.done(day(offset), kind)
    return history


@given(completions, completions, completions)
def test_merging_two_devices_counts_every_completion(
    before: list[tuple[int, Kind]], on_mine: list[tuple[int, Kind]], on_theirs: list[tuple[int, Kind]]
) -> None:
    base = apply(History(), before)
    mine, theirs = apply(base, on_mine), apply(base, on_theirs)
    merged = History.merged(base, mine, theirs)
    assert merged.total == base.total + len(on_mine) + len(on_theirs)
    assert set(merged.days) == set(mine.days) | set(theirs.days)
    assert merged.best >= max(mine.best, theirs.best)
    assert History.merged(base, base, theirs) == theirs, "nothing new on my side: theirs as it is"


def at(index: int, scope: str = ROUTINE_SCOPE) -> Any:
    return position_at(ROUTINE, scope, index)


def test_merge_keeps_what_each_side_changed() -> None:
    base = UserRecord(position=at(2), pace=100, welcomed=True, revision=4)
    mine = UserRecord(position=at(2), pace=125, welcomed=True, revision=4)  # slowed down here
    theirs = UserRecord(position=at(5), pace=100, welcomed=True, revision=6)  # moved on there
    merged = merge(ROUTINE, base, mine, theirs)
    assert merged.position == at(5) and merged.pace == 125
    assert merged.revision == 6, "the next write is conditional on what is stored now"


def test_merge_of_two_moves_keeps_the_furthest_and_back_on_one_device_only_is_kept() -> None:
    base = UserRecord(position=at(4))
    assert merge(ROUTINE, base, UserRecord(position=at(6)), UserRecord(position=at(9))).position == at(9)
    assert merge(ROUTINE, base, UserRecord(position=at(9)), UserRecord(position=at(6))).position == at(9)
    went_back = merge(ROUTINE, base, UserRecord(position=at(3)), UserRecord(position=at(4)))
    assert went_back.position == at(3), "'go back' with no one else moving is respected"


def test_furthest_prefers_a_place_over_none_and_this_device_across_scopes() -> None:
    assert furthest(ROUTINE, None, at(3)) == at(3)
    assert furthest(ROUTINE, at(3), None) == at(3)
    exercise = at(1, "ankle_circles")
    assert furthest(ROUTINE, exercise, at(12)) == exercise
    assert furthest(ROUTINE, at(12), exercise) == at(12)


def test_records_round_trip_with_history_and_revision() -> None:
    record = UserRecord(
        position=at(7), pace=80, welcomed=True, finished_on=TODAY, history=History().done(TODAY, "routine")
    )
    record = read_record(ROUTINE, {**record.to_stored(), "revision": 3}).record
    assert record.revision == 3
    assert read_record(ROUTINE, record.to_stored()).record == record
    assert read_record(ROUTINE, {"revision": True}).record.revision == 0
