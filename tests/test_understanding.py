"""Issue #19: understood as people really talk, on every store, through real envelopes.

Each test says what a tired, older user says at one moment, in words that are not the model's
samples, and checks what they hear and what is kept: safety at every moment, the check after a
safety stop, resuming in one step, everyday replies, and the smaller things that went wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from devtools.alexa_fake import FakeAlexaApi
from devtools.envelopes import Device, ListeningClock, Reply
from skill.storage import ProgressStore
from skill.words import for_locale
from tests.conftest import say, seed

EN = for_locale("en-US")
"""The coach's English words: what the tests expect to hear."""

NOW = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
USER = "amzn1.ask.account.ivy"
MakeDevice = Callable[..., Device]


@pytest.fixture
def make_device(listening_device: MakeDevice) -> MakeDevice:
    def make(store: ProgressStore, when: datetime = NOW, user: str = USER, **options: Any) -> Device:
        return listening_device(store, user, when, **options)

    return make


def saved(store: ProgressStore) -> dict[str, Any]:
    record = store.load(USER)
    assert record is not None
    return record


def place(store: ProgressStore) -> tuple[str, int, str] | None:
    position = saved(store).get("position")
    return None if position is None else (position["exercise"], position["set"], position["side"])


def into_first_set(device: Device) -> Reply:
    say(device, "start my foot routine")
    first = say(device, "right, i'm stood by the chair now")
    assert first.text.startswith("Set one of two, right leg."), first.text
    return first


# --- 1. Safety in any wording, at every moment ------------------------------------------------------

PAIN_WORDS = (
    "ooh my left knee is giving me bother",
    "my calf's gone all tight",
    "that's sore",
    "oh my aching feet",
    "i think i've twisted my ankle",
)
UNWELL_WORDS = (
    "i've come over all woozy",
    "my head's swimming",
    "there's a tightness in my chest",
    "whoops i nearly fell over",
    "i'm a bit out of puff",
)
MOMENTS = ("getting ready", "mid-set", "resume question", "which exercise", "reminder time")


def reach(moment: str, device: Device) -> None:
    """Bring the conversation to ``moment``."""
    if moment == "getting ready":
        say(device, "start my foot routine")
    elif moment == "mid-set":
        into_first_set(device)
        say(device, "next")
        clock = device._clock
        assert isinstance(clock, ListeningClock)
        clock.interrupt(12)
    elif moment == "resume question":
        say(device, "open my foot routine")
    elif moment == "which exercise":
        say(device, "start my foot routine")
        asked = say(device, "i'd like to do the push ups")
        assert EN("WHICH_EXERCISE") in asked.text and device.eliciting == ("ExerciseIntent", "exercise")
    elif moment == "reminder time":
        say(device, "start my foot routine")
        asked = say(device, "remind me every day")
        assert device.eliciting == ("ReminderIntent", "time"), asked.text


@pytest.mark.parametrize("moment", MOMENTS)
def test_pain_and_feeling_unwell_stop_at_once_at_every_moment(
    make_device: MakeDevice, store: ProgressStore, moment: str
) -> None:
    for words, advice in ((PAIN_WORDS, EN("PAIN")), (UNWELL_WORDS, EN("UNWELL"))):
        for index, said in enumerate(words):
            user = f"{USER}.{advice == EN('PAIN')}.{index}"  # a new user each time: no check first
            if moment == "resume question":
                seed(
                    store, user, {"pace": 100, "welcomed": True, "position": _place("heel_raises", 1, "left")}
                )
            device = make_device(store, user=user)
            reach(moment, device)
            reply = say(device, said)
            assert reply.text == advice, (moment, said, reply.text)
            assert reply.ends_session
            assert EN("DOSE_WHICH") not in reply.text


def test_nothing_about_pain_is_answered_with_a_dose_question(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    device = make_device(store)
    into_first_set(device)
    assert say(device, "that's lovely that is").text.startswith(EN("FALLBACK")), "no 'harder or easier?'"
    assert say(make_device(store), "ask my foot routine can i sit down for this").ends_session


# --- 2. After a safety stop, the next visit asks first ----------------------------------------------


@pytest.mark.parametrize(
    ("symptom", "advice"), [("my back is killing me", EN("PAIN")), ("i feel giddy", EN("UNWELL"))]
)
def test_the_visit_after_a_safety_stop_asks_how_they_feel_first(
    make_device: MakeDevice, store: ProgressStore, symptom: str, advice: str
) -> None:
    device = make_device(store)
    into_first_set(device)
    say(device, symptom)
    asked = "FEELING_AFTER_UNWELL" if advice == EN("UNWELL") else "FEELING_AFTER_PAIN"

    not_yet = make_device(store, NOW + timedelta(days=1))
    hello = say(not_yet, "open my foot routine")
    assert hello.text == f"{EN('WELCOME_BACK')} {EN(asked)}"
    assert "Ready? Go." not in hello.text and not hello.ends_session
    closing = say(not_yet, "not so good to be honest")
    assert closing.text == f"{EN('FEELING_BAD_CLOSING')} {advice}" and closing.ends_session
    assert place(store) == ("heel_raises", 1, "left"), "the place is kept"

    better = make_device(store, NOW + timedelta(days=2))
    assert EN(asked) in say(better, "open my foot routine").text, "asked again"
    fine = say(better, "much better thanks")
    assert fine.text.startswith(f"{EN('FEELING_GOOD')} Let's carry on with heel raises: set one, left leg.")
    assert "safety" not in saved(store)
    assert say(better, "okay").text.startswith("Set one of two, left leg.")


# --- 3. Resume safely, in one step --------------------------------------------------------------------


def _place(exercise: str, set_number: int, side: str, scope: str = "routine") -> dict[str, Any]:
    return {"v": 1, "scope": scope, "exercise": exercise, "set": set_number, "side": side}


def test_the_phrase_the_coach_teaches_resumes_in_one_step_and_waits_for_the_chair(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    seed(store, USER, {"pace": 100, "welcomed": True, "position": _place("heel_raises", 2, "left")})
    device = make_device(store)
    hello = say(device, "alexa resume my foot routine")  # a LaunchRequest on a device
    assert hello.text.startswith("Welcome back. Let's carry on with heel raises: set two, left leg.")
    assert "Grab a chair" in hello.text and "Ready? Go." not in hello.text
    assert hello.text.endswith(EN("REJOIN_READY")) and not hello.ends_session
    assert hello.reprompt_text == EN("WHEN_READY_REPROMPT")
    assert say(device, "ok i've got hold of the chair").text.startswith("Set two of two, left leg.")


def test_a_session_closed_while_getting_ready_costs_one_ready(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    device = make_device(store)
    say(device, "start my foot routine")
    device.end_session("EXCEEDED_MAX_REPROMPTS")  # fetching the chair outlasted the listening window
    again = make_device(store, NOW + timedelta(minutes=3))
    hello = say(again, "open my foot routine")
    assert "Grab a chair" in hello.text and "Shall we" not in hello.text
    assert say(again, "i'm ready").text.startswith("Set one of two, right leg."), "one ready, not two"


def test_start_over_means_the_whole_routine_unless_an_exercise_is_named(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    seed(
        store,
        USER,
        {"pace": 100, "welcomed": True, "position": _place("ankle_circles", 3, "left", "ankle_circles")},
    )
    device = make_device(store)
    say(device, "open my foot routine")
    over = say(device, "start over")
    assert over.text.startswith(f"{EN('STARTING_OVER')} Heel raises."), "the whole routine"
    assert saved(store)["position"]["scope"] == "routine"
    named = say(device, "start the ankle circles over")
    assert "Ankle circles." in named.text


# --- 4. Everyday replies, names, counts, doses, sounds, reminders -----------------------------------


def test_everyday_replies_go_on_and_hearing_trouble_hears_it_again(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    device = make_device(store)
    first = into_first_set(device)
    assert say(device, "sorry love, pardon").ssml == first.ssml, "said again, the same words"
    assert say(device, "uh huh").text.startswith("Set one of two, left leg.")


def test_one_exercise_in_the_middle_of_the_routine_keeps_the_routine(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    device = make_device(store)
    into_first_set(device)
    circles = say(device, "can we do the lying down one now")
    assert circles.text.startswith(
        "Okay, ankle circles. I'll keep your place in the routine: heel raises, set one, left leg."
    )
    assert saved(store)["held"]["exercise"] == "heel_raises"
    reply = circles
    while not reply.ends_session:
        reply = say(device, "next")
    assert reply.text.endswith(EN("EXERCISE_BACK_TO_ROUTINE", where="heel raises, set one, left leg"))
    assert place(store) == ("heel_raises", 1, "left") and "held" not in saved(store)


def test_how_many_was_that_after_a_finished_part_tells_the_count_without_a_replay(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    device = make_device(store)
    into_first_set(device)
    counted = say(device, "sorry how many was that")
    assert counted.text.startswith("That was all ten raises: set one, right leg is done. Next is")
    assert "<break" not in counted.ssml, "no replay of the set"
    assert place(store) == ("heel_raises", 1, "right")
    assert say(device, "right").text.startswith("Set one of two, left leg.")


def test_skipping_by_name_doses_and_sounds_in_plain_words(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    device = make_device(store)
    into_first_set(device)
    other = say(device, "skip the walking")
    assert other.text.startswith("We're on heel raises now, not toe walking."), "not another heel-raise set"
    skipped = say(device, "i don't want to do this one")
    assert skipped.text.startswith("Okay, skipping heel raises. Toe walking.")
    easier = say(device, "make it easier")
    assert easier.text.startswith("Toe walking stays as the article has it"), "about toe walking"
    quiet = say(device, "stop the beeping please")
    assert quiet.text.startswith(EN("SOUNDS_OFF")) and saved(store)["sounds"] is False


def test_a_reminder_asks_for_its_time_and_okay_is_never_taken_for_one(
    make_device: MakeDevice, store: ProgressStore, alexa_api: FakeAlexaApi
) -> None:
    device = make_device(store)
    into_first_set(device)
    okay = say(device, "okay")
    assert okay.text.startswith("Set one of two, left leg."), "a short reply is no reminder request"
    asked = say(device, "can you remind me every morning")
    assert EN("REMINDER_WHEN") in asked.text
    done = say(device, "half past seven")
    assert done.request["request"]["intent"]["name"] == "ReminderIntent"
    assert done.request["request"]["dialogState"] == "IN_PROGRESS", "the answer to Dialog.ElicitSlot"
    assert done.text.startswith("Okay, I'll remind you every day at 7:30")
    assert saved(store)["reminder"]["time"] == "07:30"


# --- 6. The smaller things ------------------------------------------------------------------------------


def test_no_switch_legs_twice_and_no_rest_between_two_directions(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    device = make_device(store)
    first = into_first_set(device)
    assert first.text.count("switch legs") == 1
    left = say(device, "next")
    assert "Switch legs" not in left.text and "switch legs" not in left.text.split("That's")[0]
    other = f"{USER}.circles"
    seed(store, other, {"pace": 100, "welcomed": True, "position": _place("ankle_circles", 1, "right")})
    circles = make_device(store, user=other)
    say(circles, "open my foot routine")
    part = say(circles, "ready")
    assert "And rest. Now change direction" not in part.text and "Good. Now change direction" in part.text
    assert "That's set one on the right foot." in part.text, "not 'the right foot done' after set one of five"


def test_too_hard_at_the_gentlest_dose_is_answered_kindly(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    device = make_device(store)
    into_first_set(device)
    reply = say(device, "this is too hard for me")
    assert reply.text.startswith("We're already at the gentlest: ten raises, two sets.")
    assert "If it hurts, say so and we'll stop." in reply.text


def test_help_says_how_to_stop_for_pain(make_device: MakeDevice, store: ProgressStore) -> None:
    device = make_device(store)
    say(device, "start my foot routine")
    assert "If anything hurts or you feel dizzy, just say so" in say(device, "what can i say").text


@pytest.mark.parametrize(
    "comeback",
    ["ask my foot routine to carry on", "ask my foot routine for ankle circles", "start my foot routine"],
)
def test_no_way_back_coaches_before_asking_how_they_feel(
    make_device: MakeDevice, store: ProgressStore, comeback: str
) -> None:
    device = make_device(store)
    into_first_set(device)
    say(device, "oh my ankle's throbbing")
    later = make_device(store, NOW + timedelta(days=1))
    reply = say(later, comeback)
    assert reply.text.endswith(EN("FEELING_AFTER_PAIN")), reply.text
    assert "Ready? Go." not in reply.text and not reply.ends_session
