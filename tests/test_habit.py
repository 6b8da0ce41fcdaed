"""Progress and streaks in the user's own days: what is said, what is stored, and the time zone."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest

from devtools.alexa_fake import FakeAlexaApi
from devtools.envelopes import Device, Reply
from skill.app import lambda_handler_for
from skill.history import History
from skill.storage import MemoryStore
from skill.streaks import Week, on_finishing, summary
from skill.weeks import MONDAY, SUNDAY
from skill.words import for_locale

EN = for_locale("en-US")

USER = "amzn1.ask.account.habit"
TOE_WALKING = ("toe walking", "toe_walking")
LATE_EVENING_IN_SYDNEY = datetime(2026, 11, 25, 13, 30, tzinfo=UTC)  # 00:30 on the 26th in Sydney


def history_of(*days: str) -> History:
    history = History()
    for day in days:
        history = history.done(day, "routine")
    return history


def test_the_summary_reads_the_week_against_the_goal() -> None:
    days = ("2026-11-19", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25")
    expected = "This week: four days, so your goal of three is met. And four days in a row."
    assert summary(history_of(*days), "2026-11-25", Week(first=SUNDAY), EN) == expected


OPEN = "This week is still open: your goal is three days a week."


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        ((), "2026-11-25", EN("STREAK_NONE")),
        (("2026-11-25",), "2026-11-25", "This week: one of your three days."),
        (("2026-11-24",), "2026-11-25", "This week: one of your three days."),
        (("2026-11-20", "2026-11-22"), "2026-11-25", OPEN),
        (("2026-10-01",), "2026-11-25", OPEN),
        (
            (
                "2026-11-10",
                "2026-11-11",
                "2026-11-12",
                "2026-11-17",
                "2026-11-18",
                "2026-11-20",
                "2026-11-24",
            ),
            "2026-11-25",
            "This week: one of your three days. You've met it two weeks in a row.",
        ),
    ],
)
def test_every_kind_of_history_gets_one_or_two_sentences(
    days: tuple[str, ...], today: str, expected: str
) -> None:
    assert summary(history_of(*days), today, Week(first=MONDAY), EN) == expected
    assert "broke" not in expected and "missed" not in expected, "never scolds"


MONDAY_FIRST = Week(first=MONDAY)


def test_finishing_says_the_first_the_goal_or_how_far_into_it() -> None:
    def said(*days: str, week: Week = MONDAY_FIRST) -> str:
        return on_finishing(history_of(*days[:-1]), history_of(*days), days[-1], week, EN)

    assert said("2026-11-25") == EN("FINISHED_FIRST")
    assert said("2026-11-24", "2026-11-25") == "That's two of your three days this week."
    assert said("2026-11-23", "2026-11-24", "2026-11-25") == "That's three days this week: your goal is met."
    assert said("2026-11-17", "2026-11-18", "2026-11-19", "2026-11-23", "2026-11-24", "2026-11-25") == (
        "That's three days this week: your goal, two weeks in a row."
    )
    assert said("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26") == "That's four days in a row."
    assert said("2026-11-23", "2026-11-25", "2026-11-27", "2026-11-29") == ""
    again = history_of("2026-11-24", "2026-11-25")
    assert on_finishing(again, again.done("2026-11-25", "routine"), "2026-11-25", Week(), EN) == "", (
        "nothing new"
    )
    assert said("2026-11-25", week=Week(goal=1, first=MONDAY)) == EN("FINISHED_FIRST")
    assert said("2026-11-10", "2026-11-25", week=Week(goal=1, first=MONDAY)) == (
        "That's one day this week: your goal is met."
    )


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
    assert "That's two of your three days this week." in last.text, "Thursday the 26th in Sydney"
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
    assert reply.text == "This week: four days, so your goal of three is met. And four days in a row."
    assert reply.ends_session


def test_how_am_i_doing_mid_routine_answers_and_waits_for_next() -> None:
    coach = device(MemoryStore())
    coach.launch()
    reply = coach.intent("StreakIntent")
    assert reply.text.startswith(EN("STREAK_NONE_IN_ROUTINE")), "no advice to start what is under way"
    assert "start my foot routine" not in reply.text
    assert not reply.ends_session and reply.reprompt_text == EN("WAIT_REPROMPT")
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
