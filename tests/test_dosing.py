"""A routine that grows with the user: doses inside the article's ranges, said back, remembered, and
the offers to step up after five good routines or down after a pain. Real envelopes, every store."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from devtools.envelopes import Device, Reply
from skill import dosing, limits, ssml
from skill.engine import Engine
from skill.routine import default_routine
from skill.storage import ProgressStore
from skill.storage.memory import MemoryStore
from skill.timeline import PACES
from skill.words import for_locale
from tests.conftest import say, seed

EN = for_locale("en-US")
"""The coach's English words: what the tests expect to hear."""

NOW = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
USER = "amzn1.ask.account.dora"
ROUTINE = default_routine()
MakeDevice = Callable[..., Device]


@pytest.fixture
def make_device(listening_device: MakeDevice) -> MakeDevice:
    def make(store: ProgressStore, when: datetime = NOW) -> Device:
        return listening_device(store, USER, when)

    return make


def stored(store: ProgressStore) -> dict[str, Any]:
    record = store.load(USER)
    assert record is not None
    return record


def test_harder_easier_and_numbers_stay_in_the_articles_ranges_and_are_said_back(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    device = make_device(store)
    say(device, "start my foot routine")
    assert say(device, "make it harder").text.startswith("Okay: fifteen raises, two sets, from now on.")
    assert say(device, "three sets").text.startswith("Okay: fifteen raises, three sets, from now on.")
    too_many = say(device, "do thirty reps")
    assert too_many.text.startswith("Heel raises go from ten to twenty raises, and two to three sets.")
    assert say(device, "ten circles").text.startswith("Okay: ten circles each way, five sets, from now on.")
    assert say(device, "twenty raises").text.startswith("Okay: twenty raises, three sets")
    top = say(device, "make it harder")
    assert top.text.startswith(EN("DOSE_HARDEST", dose="twenty raises, three sets"))
    fixed = say(device, "four rounds")
    assert fixed.text.startswith("Toe walking stays as the article has it: six rounds.")
    assert stored(store)["dose"] == {
        "heel_raises": {"reps": 20, "sets": 3},
        "ankle_circles": {"reps": 10, "sets": 5},
    }
    later = make_device(store, NOW + timedelta(days=2))
    say(later, "open my foot routine")
    first = say(later, "resume")
    assert "We'll do twenty, nice and slow." in first.text, "remembered days later"
    assert first.text.startswith("Heel raises.") or "Set one of three" in first.text


def test_the_planned_length_follows_the_dose(make_device: MakeDevice, store: ProgressStore) -> None:
    gentle = say(make_device(MemoryStore()), "ask my foot routine how much is left").text
    device = make_device(store)
    say(device, "start my foot routine")
    say(device, "twenty raises")
    say(device, "three sets")
    harder = say(device, "how much is left").text
    minutes = [int(word) for word in harder.split() if word.isdigit()]
    assert minutes == [], "numbers as words"
    assert gentle != harder
    engine = Engine(ROUTINE)
    assert engine.dosed((("heel_raises", 20, 3),)).total_seconds("routine", 100) > engine.total_seconds(
        "routine", 100
    )


def test_every_part_passes_alexas_limits_at_every_dose_and_pace() -> None:
    engine = Engine(ROUTINE)
    heel, circles = ROUTINE.exercise("heel_raises"), ROUTINE.exercise("ankle_circles")
    heel_reps, circle_reps = dosing.reps_range(heel), dosing.reps_range(circles)
    assert heel_reps is not None and circle_reps is not None
    for reps, sets, circle_count, pace in itertools.product(
        (heel_reps.min, heel_reps.max),
        (heel.sets.min, heel.sets.max),
        (circle_reps.min, circle_reps.max),
        PACES,
    ):
        dosed = engine.dosed((("ankle_circles", circle_count, 5), ("heel_raises", reps, sets)))
        position = dosed.start().position
        while position is not None:
            segment = dosed.segment(position, pace, sounds=True)
            speech = ssml.speak(dosed.speech(position, pace, sounds=True))
            assert ssml.check_ssml(speech) == [], (position, pace)
            assert len(speech) < limits.MAX_SSML_CHARS
            assert segment.planned_seconds <= limits.MAX_SEGMENT_SECONDS
            position = dosed.next(position).position


@pytest.mark.parametrize("dose", [(), (("ankle_circles", 10, 5), ("heel_raises", 20, 3))])
def test_the_whole_routine_at_the_gentlest_and_hardest_dose_speaks_every_step(
    make_device: MakeDevice, dose: tuple[tuple[str, int, int], ...]
) -> None:
    store = MemoryStore()
    record: dict[str, Any] = {"pace": 100, "welcomed": True}
    if dose:
        record["dose"] = {exercise: {"reps": reps, "sets": sets} for exercise, reps, sets in dose}
    seed(store, USER, record)
    device = make_device(store)
    replies = [say(device, "ask my foot routine to start the routine")]
    while not replies[-1].ends_session and EN("ROUTINE_OFFER") not in replies[-1].text:
        replies.append(say(device, "next"))
    spoken = " ".join(reply.text for reply in replies)
    sets = "three" if dose else "two"
    circles = "ten" if dose else "five"
    steps = [
        "Grab a chair",
        f"Set one of {sets}, right leg",
        f"We'll do {'twenty' if dose else 'ten'}, nice and slow",
        f"Set {sets} of {sets}, left leg",
        "Stand on your tiptoes",
        "Round six of six",
        "Lie down on your back",
        f"Circle clockwise, {circles} times",
        "Set five of five, left foot",
        "And that's the whole routine",
    ]
    at = 0
    for step in steps:
        found = spoken.find(step, at)
        assert found >= 0, step
        at = found
    assert len(replies) == 3 + 2 * (3 if dose else 2) + 6 + 10


def finish_a_routine(device: Device) -> Reply:
    reply = say(device, "ask my foot routine to start the routine")
    while not reply.ends_session and not any(
        question in reply.text for question in (EN("STEP_UP_OFFER").split(".")[0], EN("ROUTINE_OFFER"))
    ):
        reply = say(device, "next")
    return reply


def days_before(count: int) -> list[str]:
    return [(NOW - timedelta(days=day)).date().isoformat() for day in range(count, 0, -1)]


@pytest.mark.parametrize(("earlier", "offered"), [(3, False), (4, True)])
def test_the_step_up_is_offered_after_the_fifth_finished_routine_and_not_before(
    make_device: MakeDevice, store: ProgressStore, earlier: int, offered: bool
) -> None:
    seed(store, USER, {"pace": 100, "welcomed": True, "dose_days": days_before(earlier)})
    device = make_device(store)
    end = finish_a_routine(device)
    offer = EN("STEP_UP_OFFER", dose="fifteen raises, two sets")
    if not offered:
        assert offer not in end.text
        assert end.text.endswith(EN("ROUTINE_OFFER")), "the first finish offers an Alexa routine instead"
        return
    assert end.text.endswith(offer) and not end.ends_session, "a question, once"
    assert end.text.count("Well done") == 1
    yes = say(device, "yes")
    assert yes.text == EN("STEP_UP_YES", dose="fifteen raises, two sets") and yes.ends_session
    assert stored(store)["dose"] == {"heel_raises": {"reps": 15, "sets": 2}}
    assert "dose_days" not in stored(store), "a new dose starts counting again"


def test_a_step_up_declined_is_not_offered_again_at_that_dose(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    seed(store, USER, {"pace": 100, "welcomed": True, "dose_days": days_before(4)})
    device = make_device(store)
    assert not finish_a_routine(device).ends_session
    assert say(device, "no").text == EN("STEP_UP_NO")
    tomorrow = make_device(store, NOW + timedelta(days=1))
    again = finish_a_routine(tomorrow)
    assert EN("STEP_UP_OFFER").split(".")[0] not in again.text, "offered once"
    assert again.text.endswith(EN("ROUTINE_OFFER")), "one question per goodbye: the routine's turn now"
    assert "dose" not in stored(store)


def test_pain_offers_to_step_down_next_time_and_stops_the_step_up(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    store.save(
        USER,
        {
            "pace": 100,
            "welcomed": True,
            "dose": {"heel_raises": {"reps": 15, "sets": 3}},
            "dose_days": days_before(4),
        },
    )
    device = make_device(store)
    say(device, "start my foot routine")
    say(device, "resume")
    assert say(device, "ouch my knee hurts").text == EN("PAIN")
    record = stored(store)
    assert record["pain_on"] == "2026-11-25" and "dose_days" not in record
    later = make_device(store, NOW + timedelta(days=1))
    hello = say(later, "open my foot routine")
    offer = EN("STEP_DOWN_OFFER", name="heel raises", dose="fifteen raises, two sets")
    assert hello.text == f"{EN('WELCOME_BACK')} {EN('FEELING_AFTER_PAIN')}", "how they feel, first"
    assert say(later, "much better thanks").text == f"{EN('FEELING_GOOD')} {offer}"
    yes = say(later, "yes")
    assert yes.text.startswith("Okay: fifteen raises, two sets, from now on.")
    assert stored(store)["dose"] == {"heel_raises": {"reps": 15, "sets": 2}}
    again = make_device(store, NOW + timedelta(days=2))
    assert EN("STEP_DOWN_OFFER").split(":")[0] not in say(again, "open my foot routine").text, "once"
