"""Progress and streaks in the user's own days: what is said, what is stored, and the time zone."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest

from devtools.alexa_fake import FakeAlexaApi
from devtools.envelopes import Device, Reply
from skill import phrases
from skill.app import lambda_handler_for
from skill.history import History
from skill.storage import MemoryStore
from skill.streaks import on_finishing, summary

USER = "amzn1.ask.account.habit"
TOE_WALKING = ("toe walking", "toe_walking")
LATE_EVENING_IN_SYDNEY = datetime(2026, 11, 25, 13, 30, tzinfo=UTC)  # 00:30 on the 26th in Sydney


def history_of(*days: str) -> History:
    history = History()
    for day in days:
        history = history.done(day, "routine")
    return history


def test_the_summary_reads_like_the_example() -> None:
    days = ("2026-11-19", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25")
    assert summary(history_of(*days), "2026-11-25") == "Four days in a row, and five of the last seven days."


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        ((), "2026-11-25", phrases.STREAK_NONE),
        (("2026-11-25",), "2026-11-25", "You've done it today, and one of the last seven days."),
        (("2026-11-24",), "2026-11-25", phrases.STREAK_YESTERDAY),
        (
            ("2026-11-20", "2026-11-22"),
            "2026-11-25",
            "Two of the last seven days. A session today starts a new streak.",
        ),
        (("2026-10-01",), "2026-11-25", phrases.STREAK_LONG_AGO),
        (
            ("2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", "2026-11-24", "2026-11-25"),
            "2026-11-25",
            "Two days in a row, and two of the last seven days. Your best is four days in a row.",
        ),
    ],
)
def test_every_kind_of_history_gets_one_or_two_sentences(
    days: tuple[str, ...], today: str, expected: str
) -> None:
    assert summary(history_of(*days), today) == expected


def test_finishing_mentions_a_streak_only_when_there_is_one() -> None:
    assert on_finishing(history_of("2026-11-25"), "2026-11-25") == phrases.FINISHED_FIRST
    assert on_finishing(history_of("2026-11-24", "2026-11-25"), "2026-11-25") == "That's two days in a row."
    assert on_finishing(history_of("2026-11-20", "2026-11-25"), "2026-11-25") == ""


def device(store: MemoryStore, when: datetime = LATE_EVENING_IN_SYDNEY) -> Device:
    return Device(lambda_handler_for(store), user_id=USER, clock=lambda: when)


def finish_toe_walking(coach: Device) -> Reply:
    reply = coach.intent("ExerciseIntent", exercise=TOE_WALKING)
    for _ in range(10):  # six rounds; bounded so a skill that never finishes fails instead of hanging
        if reply.ends_session:
            return reply
        reply = coach.intent("AMAZON.NextIntent")
    raise AssertionError(f"toe walking did not finish: {reply.text}")


def stored(store: MemoryStore) -> dict[str, Any]:
    record = store.load(USER)
    assert record is not None
    return record


def test_a_session_after_midnight_in_sydney_counts_for_the_sydney_day(alexa_api: FakeAlexaApi) -> None:
    alexa_api.state.time_zone = "Australia/Sydney"
    store = MemoryStore()
    store.save(USER, {"welcomed": True, "history": history_of("2026-11-25").to_stored()})
    last = finish_toe_walking(device(store))
    assert "That's two days in a row." in last.text
    assert stored(store)["history"]["days"] == ["2026-11-25", "2026-11-26"]
    assert len(alexa_api.requests_to("System.timeZone")) == 1, "asked once per session, only when needed"


def test_in_new_york_the_same_moment_is_still_the_25th(alexa_api: FakeAlexaApi) -> None:
    alexa_api.state.time_zone = "America/New_York"
    store = MemoryStore()
    finish_toe_walking(device(store))
    assert stored(store)["history"]["days"] == ["2026-11-25"]


def test_how_am_i_doing_as_a_one_shot_answers_and_closes(alexa_api: FakeAlexaApi) -> None:
    alexa_api.state.time_zone = "Europe/London"
    store = MemoryStore()
    days = ("2026-11-19", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25")
    store.save(USER, {"welcomed": True, "history": history_of(*days).to_stored()})
    reply = device(store).say("ask my foot routine how am i doing")
    assert reply is not None
    assert reply.text == "Four days in a row, and five of the last seven days."
    assert reply.ends_session


def test_how_am_i_doing_mid_routine_answers_and_waits_for_next() -> None:
    coach = device(MemoryStore())
    coach.launch()
    reply = coach.intent("StreakIntent")
    assert reply.text.startswith(phrases.STREAK_NONE_IN_ROUTINE), "no advice to start what is under way"
    assert "start my foot routine" not in reply.text
    assert not reply.ends_session and reply.reprompt_text == phrases.WAIT_REPROMPT
    assert coach.intent("AMAZON.NextIntent").text.startswith("Set one of two, right leg.")


@pytest.mark.parametrize("fault", [401, 403, 500, "hang", "nonsense"])
def test_without_the_time_zone_the_day_is_utcs_and_coaching_goes_on(
    alexa_api: FakeAlexaApi, fault: Any
) -> None:
    if fault == "hang":
        alexa_api.hang("/v2/devices", seconds=5)
    elif fault == "nonsense":
        alexa_api.state.time_zone = "../../etc/passwd"
    else:
        alexa_api.fail("/v2/devices", fault)
    store = MemoryStore()
    started = time.monotonic()
    last = finish_toe_walking(device(store))
    took = time.monotonic() - started
    assert "That's all of the toe walking." in last.text
    assert stored(store)["history"]["days"] == ["2026-11-25"], "the UTC day"
    assert took < 8, f"the whole exercise took {took:.1f} s with a {fault} Settings API"
