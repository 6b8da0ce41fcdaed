"""Issue #23: the weekly goal, last week's result, a gentle restart after a long gap, and the offer
of an Alexa routine that starts the skill; on every store, through real Alexa envelopes.

Dates: 2026-11-28 is a Saturday, 2026-11-29 a Sunday, 2026-11-30 a Monday. A week starts on Sunday
in en-US and en-CA, on Monday in en-GB, en-AU and en-IN (skill.weeks.FIRST_DAY).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from devtools.alexa_fake import AlexaRoutines, FakeAlexaApi
from devtools.envelopes import Device, Reply
from devtools.viewports import VIEWPORTS, apl_interfaces
from skill import automation, ssml, weeks
from skill.history import History
from skill.progress import position_at
from skill.routine import load_routine
from skill.segments import ROUTINE_SCOPE, plan
from skill.storage import ProgressStore
from skill.words import for_locale
from tests.conftest import seed

EN = for_locale("en-US")
"""The coach's English words: what the tests expect to hear."""

USER = "amzn1.ask.account.week"
MONDAY_MORNING_UTC = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
MONDAY_2AM_UTC = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)  # still Sunday evening in New York
MakeDevice = Callable[..., Device]


def history_of(*days: str, kind: str = "routine") -> dict[str, Any]:
    history = History()
    for day in days:
        history = history.done(day, "routine" if kind == "routine" else "exercise")
    return history.to_stored()


def say(device: Device, text: str) -> Reply:
    reply = device.say(text)
    assert reply is not None, text
    assert ssml.check_response(reply.raw) == [], reply.raw
    return reply


def stored(store: ProgressStore) -> dict[str, Any]:
    record = store.load(USER)
    assert record is not None
    return record


@pytest.fixture
def make(listening_device: MakeDevice) -> MakeDevice:
    def build(store: ProgressStore, when: datetime = MONDAY_MORNING_UTC, **options: Any) -> Device:
        return listening_device(store, USER, when, **options)

    return build


# --- the week, by locale and time zone (pure) -----------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "start"),
    [
        ("en-US", "2026-11-29"),
        ("en-CA", "2026-11-29"),
        ("en-GB", "2026-11-30"),
        ("en-AU", "2026-11-30"),
        ("en-IN", "2026-11-30"),
        ("xx-YY", "2026-11-30"),
    ],
)
def test_a_week_starts_on_the_locales_first_day(locale: str, start: str) -> None:
    first = weeks.first_weekday(locale)
    assert weeks.week_start("2026-11-30", first) == start
    assert weeks.week_start("2026-12-05", first) == ("2026-11-29" if start == "2026-11-29" else "2026-11-30")


def test_weeks_in_a_row_count_back_from_a_week_not_over_yet() -> None:
    days = ["2026-11-16", "2026-11-18", "2026-11-20", "2026-11-23", "2026-11-24", "2026-11-26"]
    assert weeks.weeks_met(days, "2026-11-30", weeks.MONDAY, 3) == 2, "this week is still open"
    assert weeks.weeks_met([*days, "2026-11-30"], "2026-11-30", weeks.MONDAY, 1) == 3
    assert weeks.weeks_met(days, "2026-12-07", weeks.MONDAY, 3) == 0, "a week without the goal ends it"
    assert weeks.last_week(days, "2026-11-30", weeks.MONDAY) == 3


def test_the_last_seven_days_are_done_partly_or_rest() -> None:
    days, whole = ["2026-11-24", "2026-11-26", "2026-11-30"], ["2026-11-24", "2026-11-30"]
    assert weeks.last_seven(days, whole, "2026-11-30") == [
        ("2026-11-24", "done"),
        ("2026-11-25", "rest"),
        ("2026-11-26", "partly"),
        ("2026-11-27", "rest"),
        ("2026-11-28", "rest"),
        ("2026-11-29", "rest"),
        ("2026-11-30", "done"),
    ]


# --- "how am I doing" and the goal, on every store ------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en-US", "This week: one of your three days."),  # Sunday the 29th is this week
        ("en-GB", "This week is still open: your goal is three days a week."),  # the week began today
    ],
)
def test_how_am_i_doing_counts_the_users_own_week(
    make: MakeDevice, store: ProgressStore, locale: str, expected: str
) -> None:
    seed(store, USER, {"welcomed": True, "history": history_of("2026-11-28", "2026-11-29")})
    reply = say(make(store, locale=locale), "ask my foot routine how am i doing")
    assert reply.text == f"{expected} And two days in a row."
    assert "missed" not in reply.text and "broke" not in reply.text


def test_the_day_and_week_are_the_devices_time_zone(
    make: MakeDevice, store: ProgressStore, alexa_api: FakeAlexaApi
) -> None:
    """02:00 UTC on Monday is Sunday evening in New York: a routine then counts for Sunday, and in
    London (already Monday, a new en-GB week) it counts for Monday."""
    seed(store, USER, {"welcomed": True, "goal": 2, "history": history_of("2026-11-24")})
    alexa_api.state.time_zone = "America/New_York"
    reply = say(make(store, MONDAY_2AM_UTC, locale="en-GB"), "ask my foot routine how am i doing")
    assert reply.text == "This week: one of your two days.", "Sunday the 29th: still the week of the 24th"
    alexa_api.state.time_zone = "Europe/London"
    reply = say(make(store, MONDAY_2AM_UTC, locale="en-GB"), "ask my foot routine how am i doing")
    assert reply.text == "This week is still open: your goal is two days a week."


def test_the_goal_can_be_changed_by_voice_within_one_to_seven(make: MakeDevice, store: ProgressStore) -> None:
    seed(store, USER, {"welcomed": True})
    device = make(store)
    asked = say(device, "ask my foot routine to change my goal")
    assert asked.text == EN("GOAL_ASK") and not asked.ends_session
    assert device.eliciting == ("GoalIntent", "count")
    refused = say(device, "nine days")
    assert refused.text == EN("GOAL_RANGE")
    assert "goal" not in stored(store), "nothing stored for a goal outside one to seven"
    done = say(device, "four days a week")
    assert done.text.startswith("Okay: four days a week from now on.")
    assert stored(store)["goal"] == 4
    again = say(make(store), "ask my foot routine to set my goal to four days a week")
    assert again.text == "Your goal is already four days a week."
    one = say(make(store), "ask my foot routine to set my goal to one day")
    assert one.text == "Okay: one day a week from now on."
    assert stored(store)["goal"] == 1


# --- the first visit of a new week ---------------------------------------------------------------


def test_the_first_visit_of_a_week_says_last_weeks_result_once(
    make: MakeDevice, store: ProgressStore
) -> None:
    days = ("2026-11-16", "2026-11-18", "2026-11-20", "2026-11-23", "2026-11-25", "2026-11-27")
    seed(store, USER, {"welcomed": True, "history": history_of(*days)})
    first = say(make(store, locale="en-GB"), "open my foot routine")
    assert first.text.startswith(
        "Welcome back. Last week you did three days and met your goal, two weeks in a row. Heel raises."
    )
    assert stored(store)["week_told"] == "2026-11-30"
    second = say(make(store, locale="en-GB"), "open my foot routine")
    assert "Last week" not in second.text, "once a week"


def test_a_short_week_is_a_fresh_start_and_an_empty_one_is_not_mentioned(
    make: MakeDevice, store: ProgressStore
) -> None:
    seed(store, USER, {"welcomed": True, "history": history_of("2026-11-25")})
    reply = say(make(store, locale="en-GB"), "open my foot routine")
    assert "Last week you did one day, and this week is a fresh start." in reply.text
    seed_empty = {
        "welcomed": True,
        "history": history_of("2026-11-18"),
        "revision": stored(store)["revision"],
    }
    store.save(USER, seed_empty)
    quiet = say(make(store, locale="en-GB"), "open my foot routine")
    assert "Last week" not in quiet.text, "a week without practice is never counted out loud"


def test_after_a_safety_stop_the_feeling_question_comes_before_last_week(
    make: MakeDevice, store: ProgressStore
) -> None:
    days = ("2026-11-23", "2026-11-25", "2026-11-27")
    seed(store, USER, {"welcomed": True, "safety": "unwell", "history": history_of(*days)})
    device = make(store, locale="en-GB")
    opened = say(device, "open my foot routine")
    assert opened.text == f"{EN('WELCOME_BACK')} {EN('FEELING_AFTER_UNWELL')}"
    assert "week_told" not in stored(store), "not said yet"
    fine = say(device, "i'm fine thanks")
    assert fine.text.startswith(f"{EN('FEELING_GOOD')} Last week you did three days and met your goal.")


def test_finishing_says_the_goal_is_met(make: MakeDevice, store: ProgressStore) -> None:
    """en-US: Sunday the 29th and Monday the 30th are one week; with a goal of two, an exercise
    today meets it (an exercise on its own counts as a day, drawn as partly done)."""
    history = history_of("2026-11-25", "2026-11-29")
    seed(store, USER, {"welcomed": True, "goal": 2, "week_told": "2026-11-29", "history": history})
    device = make(store, locale="en-US")
    reply = say(device, "ask my foot routine for toe walking")
    while not reply.ends_session:
        reply = say(device, "next")
    assert "That's two days this week: your goal is met." in reply.text
    saved = stored(store)["history"]
    assert saved["days"][-1] == "2026-11-30" and "2026-11-30" not in saved["whole"], "partly done"


# --- a long gap ----------------------------------------------------------------------------------


def test_after_more_than_two_weeks_the_gentlest_dose_is_suggested_once(
    make: MakeDevice, store: ProgressStore
) -> None:
    dose = {"heel_raises": {"reps": 20, "sets": 3}}
    seed(store, USER, {"welcomed": True, "dose": dose, "history": history_of("2026-11-10")})
    device = make(store)
    asked = say(device, "open my foot routine")
    assert (
        asked.text
        == "Welcome back. It's been a few weeks. Shall we start gently again: ten raises, two sets?"
    )
    assert not asked.ends_session
    gentle = say(device, "yes please")
    assert gentle.text.startswith("Okay, gently: ten raises, two sets. Heel raises.")
    record = stored(store)
    assert "dose" not in record, "back at the article's gentle defaults"
    assert record["gap_asked"] == "2026-11-10"
    later = say(make(store), "open my foot routine")
    assert "It's been a few weeks" not in later.text, "once per gap"


def test_a_no_keeps_the_dose(make: MakeDevice, store: ProgressStore) -> None:
    dose = {"heel_raises": {"reps": 15, "sets": 2}}
    seed(store, USER, {"welcomed": True, "dose": dose, "history": history_of("2026-11-10")})
    device = make(store)
    say(device, "open my foot routine")
    kept = say(device, "no thanks")
    assert kept.text.startswith("Okay. Heel raises.")
    assert stored(store)["dose"] == dose


def test_the_already_gentle_hear_one_sentence_and_two_weeks_is_no_gap(
    listening_device: MakeDevice, store: ProgressStore
) -> None:
    seed(store, USER, {"welcomed": True, "history": history_of("2026-11-10")})
    reply = say(listening_device(store, USER, MONDAY_MORNING_UTC), "open my foot routine")
    assert reply.text.startswith(f"Welcome back. {EN('GAP_GENTLE')} Heel raises.")
    near = "amzn1.ask.account.near"
    seed(store, near, {"welcomed": True, "history": history_of("2026-11-16")})
    reply = say(listening_device(store, near, MONDAY_MORNING_UTC), "open my foot routine")
    assert EN("GAP_GENTLE") not in reply.text, "fourteen days away is not more than two weeks"


# --- an Alexa routine that starts the skill ------------------------------------------------------


def at_the_last_part() -> dict[str, Any]:
    routine = load_routine()
    position = position_at(routine, ROUTINE_SCOPE, len(plan(routine)) - 1)
    return {"welcomed": True, "position": position.to_dict(), "week_told": "2026-11-30"}


def finish_the_routine(device: Device) -> Reply:
    say(device, "open my foot routine")
    reply = say(device, "ready")
    said = for_locale(device.caller.locale)
    assert said("ROUTINE_FINISHED") in reply.text, reply.text
    return reply


def offered(make: MakeDevice, store: ProgressStore, **options: Any) -> Device:
    seed(store, USER, at_the_last_part())
    device = make(store, **options)
    reply = finish_the_routine(device)
    assert reply.text.endswith(EN("ROUTINE_OFFER")) and not reply.ends_session
    assert stored(store)["routine_offered"] is True
    return device


def test_yes_asks_the_time_and_days_then_hands_over_to_alexas_offer(
    make: MakeDevice, store: ProgressStore
) -> None:
    device = offered(make, store, routines=AlexaRoutines())
    assert say(device, "oh yes that would be lovely").text == EN("ROUTINE_WHEN")
    assert say(device, "half past nine in the morning").text == EN("ROUTINE_WHICH_DAYS")
    handed = say(device, "mondays wednesdays and fridays")
    assert handed.text == "" and device.connection is not None
    directive = device.connection
    assert directive["type"] == "Connections.StartConnection"
    assert directive["uri"] == "connection://AMAZON.OfferAutomation/1"
    assert directive["onCompletion"] == "RESUME_SESSION"
    trigger = directive["input"]["automation"]["trigger"]
    assert trigger["type"] == "Alexa.Automation.Trigger.Schedule.AbsoluteTime"
    assert trigger["payload"]["schedule"] == {
        "triggerTime": "093000",
        "timeZoneId": "America/New_York",
        "recurrence": "RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=MO,WE,FR",
    }
    operation = directive["input"]["automation"]["operations"]["serial"][0]["operation"]
    skill_id = handed.request["context"]["System"]["application"]["applicationId"]
    assert operation["type"] == "Alexa.Automation.Operation.Skill.StartConnection"
    assert operation["payload"]["connectionRequest"]["uri"] == (
        f"connection://{skill_id}.StartFootRoutine/1?provider={skill_id}"
    )
    done = say(device, "yes")
    assert done.request["request"]["type"] == "SessionResumedRequest"
    assert done.text == (
        "Done. Alexa will start your foot routine at 9:30 in the morning, "
        "on Mondays, Wednesdays and Fridays. Bye for now."
    )
    assert done.ends_session
    assert stored(store)["auto_start"] == {"time": "09:30", "days": "mon_wed_fri"}


def answered(reason: str) -> dict[str, Any]:
    return {"status": {"code": "204"}, "result": {"offerAutomationResponse": {"reason": reason}}}


ALREADY = (
    "You already have that routine: your foot routine starts at ten in the morning, every day. Bye for now."
)


@pytest.mark.parametrize(
    ("cause", "said", "kept"),
    [
        (answered("REJECTED_BY_CUSTOMER"), EN("ROUTINE_DECLINED"), False),
        (answered("AUTOMATION_ALREADY_ENABLED"), ALREADY, True),
        ({"status": {"code": "400", "message": "Bad Request"}}, EN("ROUTINE_NOT_DONE"), False),
        ({"status": {"code": "500", "message": "Internal Server Error"}}, EN("ROUTINE_NOT_DONE"), False),
    ],
)  # fmt: skip
def test_every_answer_to_the_offer(
    make: MakeDevice, store: ProgressStore, cause: dict[str, Any], said: str, kept: bool
) -> None:
    device = offered(make, store)
    say(device, "yes")
    say(device, "ten in the morning")
    say(device, "every day")
    token = device.connection["token"] if device.connection else None
    reply = device.resume({"type": "ConnectionCompleted", "token": token, **cause})
    assert reply.text == said
    assert ("auto_start" in stored(store)) is kept
    if said == EN("ROUTINE_NOT_DONE"):
        assert not reply.ends_session and reply.reprompt_text == EN("ROUTINE_REMINDER_REPROMPT")
        reminder = say(device, "remind me every morning at eight")
        assert reminder.text.startswith("Okay, I'll remind you every day at eight in the morning.")


def test_the_fake_alexa_plays_declined_already_and_unsupported(
    make: MakeDevice, store: ProgressStore
) -> None:
    routines = AlexaRoutines()
    device = offered(make, store, routines=routines)
    for line in ("yes", "ten in the morning", "weekdays"):
        say(device, line)
    assert say(device, "no thank you").text == EN("ROUTINE_DECLINED")
    assert "auto_start" not in stored(store)
    again = make(store, routines=routines)
    for line in ("ask my foot routine to set up an alexa routine", "ten in the morning", "weekdays"):
        say(again, line)
    assert say(again, "yes").text.startswith(
        "Done. Alexa will start your foot routine at ten in the morning, on weekdays."
    )
    third = make(store, routines=routines)
    for line in ("ask my foot routine to set up an alexa routine", "ten in the morning", "weekdays"):
        say(third, line)
    assert say(third, "yes").text.startswith("You already have that routine")
    routines.supported = False
    fourth = make(store, routines=routines)
    for line in ("ask my foot routine to set up an alexa routine", "eight in the evening", "every day"):
        say(fourth, line)
    assert say(fourth, "yes").text == EN("ROUTINE_NOT_DONE")
    assert stored(store)["auto_start"] == {"time": "10:00", "days": "weekdays"}, "what Alexa set up stays"


def test_the_offer_is_made_once_and_a_no_closes(make: MakeDevice, store: ProgressStore) -> None:
    device = offered(make, store)
    assert say(device, "no thanks").text == EN("ROUTINE_NO")
    seed(store, USER, {**stored(store), **at_the_last_part()})
    reply = finish_the_routine(make(store))
    assert EN("ROUTINE_OFFER") not in reply.text and reply.ends_session
    assert reply.text.endswith(EN("FINISHED_GOODBYE_ROUTINE"))


def test_where_alexa_offers_no_routines_the_reminder_stays(make: MakeDevice, store: ProgressStore) -> None:
    assert not automation.supported("ja-JP") and not automation.supported("hi-IN")
    seed(store, USER, at_the_last_part())
    japanese = for_locale("ja-JP")  # typed in English through the en-US model; answered in Japanese
    reply = finish_the_routine(make(store, locale="ja-JP"))
    assert japanese("ROUTINE_OFFER") not in reply.text and reply.ends_session
    assert japanese("ROUTINE_FINISHED") in reply.text
    assert "routine_offered" not in stored(store)
    asked = say(make(store, locale="ja-JP"), "ask my foot routine to set up an alexa routine")
    assert asked.text == japanese("ROUTINE_NOT_HERE")
    assert "Connections.StartConnection" not in str(asked.raw)


# --- the week on an Echo Show --------------------------------------------------------------------


def test_how_am_i_doing_on_an_echo_show_shows_the_last_seven_days(
    make: MakeDevice, store: ProgressStore
) -> None:
    history = History().done("2026-11-24", "routine").done("2026-11-26", "exercise").to_stored()
    seed(store, USER, {"welcomed": True, "history": history})
    show = make(store, supported_interfaces=apl_interfaces(), viewport=VIEWPORTS["echo-show-8"].context())
    reply = say(show, "ask my foot routine how am i doing")
    directive = next(d for d in reply.raw["response"]["directives"] if d["type"].endswith("RenderDocument"))
    properties = directive["datasources"]["screen"]["properties"]
    assert [day["state"] for day in properties["week"]] == [
        "done",
        "rest",
        "partly",
        "rest",
        "rest",
        "rest",
        "rest",
    ]
    assert [day["day"] for day in properties["week"]] == ["T", "W", "T", "F", "S", "S", "M"]
    assert properties["goal"] == "0 of 3 days this week"
    screenless = say(make(store), "ask my foot routine how am i doing")
    assert "directives" not in screenless.raw["response"] or not screenless.raw["response"]["directives"]
    assert screenless.text == reply.text


def test_a_resumed_session_that_is_not_our_offer_changes_nothing(
    make: MakeDevice, store: ProgressStore
) -> None:
    device = offered(make, store)
    for line in ("yes", "ten in the morning", "every day"):
        say(device, line)
    before = stored(store)
    reply = device.resume({"type": "ConnectionCompleted", "token": "someone-else", "status": {"code": "200"}})
    assert reply.text == EN("HELP_REPROMPT") and not reply.ends_session
    assert stored(store) == before, "nothing set up on a token that is not ours"


def test_two_devices_merge_the_goal_the_offer_and_whole_days() -> None:
    """A refused write is merged (skill.record.merge): each side's change survives."""
    from skill.record import AutoStart, UserRecord, merge, read_record

    routine = load_routine()
    base = UserRecord(welcomed=True, history=History().done("2026-11-24", "routine"))
    mine = UserRecord(
        welcomed=True, goal=5, routine_offered=True, history=base.history.done("2026-11-25", "exercise")
    )
    theirs = UserRecord(
        welcomed=True,
        auto_start=AutoStart("09:30", "weekdays"),
        week_told="2026-11-23",
        history=base.history.done("2026-11-26", "routine"),
    )
    merged = merge(routine, base, mine, theirs)
    assert (merged.goal, merged.routine_offered, merged.week_told) == (5, True, "2026-11-23")
    assert merged.auto_start == AutoStart("09:30", "weekdays")
    assert merged.history.days == ("2026-11-24", "2026-11-25", "2026-11-26")
    assert merged.history.whole == ("2026-11-24", "2026-11-26"), "an exercise day stays partly done"
    again = read_record(routine, merged.to_stored()).record
    assert again == merged
    assert read_record(routine, {"goal": 9}).record.goal == weeks.GOAL_DEFAULT, "out of range: the default"
    assert read_record(routine, {"goal": True}).record.goal == weeks.GOAL_DEFAULT
