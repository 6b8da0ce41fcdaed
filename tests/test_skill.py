"""The skill end to end, through real Alexa request envelopes, as a user would hear it."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from devtools.envelopes import Device, ListeningClock, Reply
from devtools.nlu import InteractionModel, load_model
from skill import ssml
from skill.app import lambda_handler_for
from skill.storage import ProgressStore
from skill.storage.dynamodb import DynamoDbStore
from skill.storage.memory import MemoryStore
from skill.words import for_locale

EN = for_locale("en-US")
"""The coach's English words: what the tests expect to hear."""

NOW = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
MakeDevice = Callable[..., Device]


@pytest.fixture(scope="module")
def model() -> InteractionModel:
    return load_model()


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def make_device(model: InteractionModel) -> MakeDevice:
    def make(store: ProgressStore, user_id: str = "amzn1.ask.account.alice", when: datetime = NOW) -> Device:
        # Timestamps move as a listening user's: each reply heard to its end, then a short answer.
        return Device(lambda_handler_for(store), user_id=user_id, model=model, clock=ListeningClock(when))

    return make


@pytest.fixture
def device(make_device: MakeDevice, store: MemoryStore) -> Device:
    return make_device(store)


def valid(reply: Reply) -> Reply:
    """Every response passes the SSML / response validator."""
    assert ssml.check_response(reply.raw) == [], reply.raw
    return reply


def walk_to_the_end(device: Device, first: Reply) -> list[Reply]:
    replies = [valid(first)]
    while not replies[-1].ends_session and EN("ROUTINE_OFFER") not in replies[-1].text:
        replies.append(valid(device.intent("AMAZON.NextIntent")))
        assert len(replies) < 100
    return replies


# --- The whole routine --------------------------------------------------------------------------


ARTICLE_STEPS = [
    "Heel raises",
    "Grab a chair and place it in front of you",
    "Stand tall",
    "Set one of two, right leg",
    "Lift your left foot off the floor, and bend your right knee a little",
    "Slowly raise and lower your right heel, keeping your foot in line with your leg",
    "switch legs: left leg",
    "Lift your right foot off the floor, and bend your left knee a little",
    "Set two of two, right leg",
    "Set two of two, left leg",
    "Toe walking",
    "Stand on your tiptoes with your feet straight, and walk forward for twenty seconds",
    "point your toes outward",
    "point your toes inward",
    "Rest for fifteen seconds",
    "Round six of six",
    "Ankle circles",
    "Lie down on your back",
    "Bend your knees, with your feet flat on the floor",
    "Hug your right knee to your chest",
    "toes pointed as they reach twelve o'clock, and flexed as they reach six o'clock",
    "Circle clockwise, five times",
    "counterclockwise, five times",
    "Bring your right foot down",
    "Hug your left knee to your chest",
    "Set five of five, left foot",
    "And that's the whole routine",
]


def test_a_walk_of_the_whole_routine_speaks_every_step_in_order(device: Device, store: MemoryStore) -> None:
    replies = walk_to_the_end(device, device.launch())
    first = replies[0].text
    assert first.startswith("Welcome to your foot routine")
    assert "stop if you feel any sharp pain" in first
    assert "minutes" in first
    assert first.endswith("You can say pause, repeat, or slower at any time."), "a question: the user answers"
    spoken = " ".join(reply.text for reply in replies)
    position = 0
    for step in ARTICLE_STEPS:
        found = spoken.find(step, position)
        assert found >= 0, f"{step!r} not spoken after position {position}"
        position = found
    assert len(replies) == 3 + 4 + 6 + 10, (
        "getting ready for each exercise, then a response per side or round"
    )
    for reply in replies[:-1]:
        assert not reply.ends_session
        if "Tell me when you're ready" in reply.text:
            assert reply.reprompt_text == EN("WHEN_READY_REPROMPT")
        else:
            assert reply.reprompt_text == EN("REPROMPT")
            assert "say next" in reply.text.lower()
    assert replies[-1].text.endswith(EN("ROUTINE_OFFER")), "then offers, once, an Alexa routine (#23)"
    assert replies[-1].reprompt_text == EN("ROUTINE_OFFER_REPROMPT")
    assert replies[-1].text.count("Well done") == 1, "the end congratulates once"
    assert all(ms <= 10_000 for reply in replies for ms in reply.breaks_ms)
    assert sum(ms for reply in replies for ms in reply.breaks_ms) > 15 * 60 * 1000, "real pauses to move in"
    record = store.load("amzn1.ask.account.alice")
    assert record == {
        "pace": 100,
        "welcomed": True,
        "finished_on": "2026-11-25",
        "history": {
            "days": ["2026-11-25"],
            "routines": 1,
            "exercises": 0,
            "run": 1,
            "best": 1,
            "whole": ["2026-11-25"],
        },
        "dose_days": ["2026-11-25"],
        "routine_offered": True,
        "revision": 23,
    }, "one write per response that moved on (23), and the finished routine counted"


def test_a_user_who_finished_today_is_congratulated_and_offered_another_round(
    make_device: MakeDevice, store: MemoryStore
) -> None:
    store.save("amzn1.ask.account.alice", {"pace": 100, "welcomed": True, "finished_on": "2026-11-25"})
    device = make_device(store)
    reply = valid(device.launch())
    assert reply.text == EN("FINISHED_TODAY")
    assert not reply.ends_session
    again = valid(device.intent("AMAZON.YesIntent"))
    assert again.text.startswith("Heel raises.") and "Welcome" not in again.text


def test_a_user_who_finished_yesterday_starts_again_without_the_welcome(
    make_device: MakeDevice, store: MemoryStore
) -> None:
    store.save("amzn1.ask.account.alice", {"pace": 100, "welcomed": True, "finished_on": "2026-11-24"})
    reply = valid(make_device(store).launch())
    assert reply.text.startswith("Welcome back. Heel raises.")
    assert "sharp pain" not in reply.text


# --- Resume across sessions, on every store ----------------------------------------------------


@pytest.fixture(params=["memory", "sqlite", "dynamodb"])
def any_store(request: pytest.FixtureRequest) -> ProgressStore:
    if request.param == "memory":
        return MemoryStore()
    if request.param == "sqlite":
        store: ProgressStore = request.getfixturevalue("sqlite_store")
        return store
    dynamo: ProgressStore = request.getfixturevalue("dynamodb_store")
    return dynamo


def test_resume_continues_at_the_same_set_and_side_days_later(
    make_device: MakeDevice, any_store: ProgressStore
) -> None:
    monday = make_device(any_store)
    monday.launch()
    monday.intent("AMAZON.NextIntent")
    monday.intent("AMAZON.NextIntent")
    segment = valid(monday.intent("AMAZON.NextIntent"))
    assert segment.text.startswith("Set two of two, right leg.")
    assert isinstance(monday._clock, ListeningClock)
    monday._clock.interrupt(4)  # "Alexa, pause", four seconds in
    paused = valid(monday.intent("AMAZON.PauseIntent"))
    assert paused.ends_session
    assert "heel raises, set two, right leg" in paused.text, "a part cut short is not done"

    thursday = make_device(any_store, when=datetime(2026, 11, 28, 18, 0, tzinfo=UTC))
    hello = valid(thursday.launch())
    assert hello.text == (
        "Welcome back. Let's carry on with heel raises: set two, right leg. "
        "Grab a chair and place it in front of you, and hold it lightly. Stand tall. "
        "Tell me when you're ready, or say start over to begin the routine again."
    ), "where, how to get into position, then wait: one step, and nothing counted yet"
    assert not hello.ends_session
    resumed = valid(thursday.intent("AMAZON.ResumeIntent"))
    assert resumed.ssml == segment.ssml, "the interrupted segment again, exactly"


def test_two_users_never_see_each_others_progress(make_device: MakeDevice, any_store: ProgressStore) -> None:
    alice = make_device(any_store, "amzn1.ask.account.alice")
    alice.launch()
    alice.intent("AMAZON.NextIntent")
    alice.intent("AMAZON.PauseIntent")  # after set one, right leg, heard to its end
    bob = make_device(any_store, "amzn1.ask.account.bob")
    assert valid(bob.launch()).text.startswith("Welcome to your foot routine")
    assert (
        make_device(any_store, "amzn1.ask.account.alice")
        .launch()
        .text.startswith("Welcome back. Let's carry on with heel raises: set one, left leg.")
    )


def test_yes_resumes_and_start_over_begins_again(make_device: MakeDevice, store: MemoryStore) -> None:
    first = make_device(store)
    opening = first.launch()
    first.intent("AMAZON.NextIntent")
    first.intent("AMAZON.StopIntent")
    again = make_device(store)
    again.launch()
    assert valid(again.intent("AMAZON.YesIntent")).text.startswith("Set one of two, left leg.")
    over = valid(again.intent("AMAZON.StartOverIntent"))
    assert over.text.startswith(EN("STARTING_OVER") + " Heel raises.")
    assert over.ssml.endswith(opening.ssml.split("sharp pain. ", 1)[1])


# --- One exercise ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heard", "resolved", "opening"),
    [
        ("ankle circles", "ankle_circles", "Ankle circles."),
        ("calf raises", "heel_raises", "Heel raises."),
        ("walking on my toes", "toe_walking", "Toe walking."),
        ("ankle rolls", "ankle_circles", "Ankle circles."),
    ],
)
def test_one_exercise_by_name_or_synonym(device: Device, heard: str, resolved: str, opening: str) -> None:
    reply = valid(device.intent("ExerciseIntent", exercise=heard))
    assert (
        reply.request["request"]["intent"]["slots"]["exercise"]["resolutions"]["resolutionsPerAuthority"][0][
            "values"
        ][0]["value"]["id"]
        == resolved
    )
    assert opening in reply.text
    assert "sharp pain" in reply.text, "a first-time user still hears the safety note"


def test_one_exercise_by_a_one_shot_phrase_runs_to_its_end_and_closes(device: Device) -> None:
    first = device.say("ask my foot routine for ankle circles")
    assert first is not None
    assert first.text.startswith("Welcome to your foot routine: ankle circles, about")
    assert "twenty" not in first.text and "three" not in first.text, "its own length, not the routine's"
    replies = walk_to_the_end(device, first)
    assert len(replies) == 1 + 10
    assert "That's all of the ankle circles" in replies[-1].text
    assert "whole routine" in replies[-1].text and "Toe walking" not in " ".join(r.text for r in replies)


def test_an_exercise_we_do_not_know_or_a_missing_one_gets_the_three_names(device: Device) -> None:
    unknown = valid(device.intent("ExerciseIntent", exercise=("jumping jacks", None)))
    assert unknown.text.startswith("I don't know an exercise called jumping jacks.")
    assert "Heel raises, toe walking, or ankle circles?" in unknown.text
    assert not unknown.ends_session
    missing = valid(device.intent("ExerciseIntent"))
    assert missing.text == EN("WHICH_EXERCISE")
    assert valid(device.intent("ExerciseIntent", exercise="toe walk")).text.count("Toe walking") >= 1


# --- Navigation --------------------------------------------------------------------------------


def test_repeat_says_the_last_segment_again_exactly(device: Device) -> None:
    device.launch()
    segment = device.intent("AMAZON.NextIntent")
    again = valid(device.intent("AMAZON.RepeatIntent"))
    assert again.ssml == segment.ssml
    assert again.breaks_ms == segment.breaks_ms
    assert "Heel raises help" not in again.text, "without the exercise's introduction"


def test_previous_goes_back_and_says_so_at_the_very_beginning(device: Device) -> None:
    opening = device.launch()
    assert isinstance(device._clock, ListeningClock)
    device._clock.interrupt(3)
    at_start = valid(device.intent("AMAZON.PreviousIntent"))
    assert at_start.text.startswith(EN("AT_START") + " Heel raises.")
    device.intent("AMAZON.NextIntent")
    device.intent("AMAZON.NextIntent")
    back = valid(device.intent("AMAZON.PreviousIntent"))
    assert back.text.startswith("Set one of two, left leg."), "after a part heard to its end: that part"
    device._clock.interrupt(3)
    before = valid(device.intent("AMAZON.PreviousIntent"))
    assert before.text.startswith("Set one of two, right leg."), "said over a part: the part before it"
    assert "Welcome" not in back.text and "Welcome" in opening.text


def test_commands_that_do_not_fit_the_moment_get_a_helpful_answer(
    make_device: MakeDevice, store: MemoryStore
) -> None:
    store.save("amzn1.ask.account.alice", {"pace": 100, "welcomed": True, "finished_on": "2026-11-25"})
    device = make_device(store)
    device.launch()
    for intent in ("AMAZON.PreviousIntent", "AMAZON.NextIntent", "AMAZON.RepeatIntent"):
        reply = valid(device.intent(intent))
        assert reply.text == EN("NOTHING_STARTED")
        assert not reply.ends_session


def test_resume_with_nothing_to_resume_starts_from_the_top(device: Device) -> None:
    reply = valid(device.intent("AMAZON.ResumeIntent"))
    assert EN("NOTHING_TO_RESUME") in reply.text
    assert "Heel raises." in reply.text


def test_how_much_is_left(device: Device) -> None:
    not_started = valid(device.intent("ProgressIntent"))
    assert not_started.text.startswith("We haven't started yet. The whole routine takes about")
    device.launch()
    device.intent("AMAZON.NextIntent")
    reply = valid(device.intent("ProgressIntent"))
    assert reply.text.startswith("You're on heel raises, set one, left leg. About")
    assert "two more exercises after this one" in reply.text
    assert not reply.ends_session


# --- Pace ---------------------------------------------------------------------------------------


def test_slower_is_heard_at_once_and_kept_for_next_time(make_device: MakeDevice, store: MemoryStore) -> None:
    device = make_device(store)
    device.launch()
    normal = device.intent("AMAZON.NextIntent")
    assert isinstance(device._clock, ListeningClock)
    device._clock.interrupt(5)  # said over the part: that part again, slower
    slower = valid(device.intent("PaceIntent", pace="slow down"))
    assert slower.text.startswith("Okay, slower. I'll keep this pace for next time.")
    assert '<prosody rate="90%">' in slower.ssml
    assert max(slower.breaks_ms) == 2500 and max(normal.breaks_ms) == 2000, "each rep's cadence is slower"
    device.intent("AMAZON.PauseIntent")
    assert store.load("amzn1.ask.account.alice")["pace"] == 125  # type: ignore[index]

    later = make_device(store)
    later.launch()
    resumed = valid(later.intent("AMAZON.ResumeIntent"))
    assert '<prosody rate="90%">' in resumed.ssml
    slowest = valid(later.intent("PaceIntent", pace="slower"))
    assert slowest.text.startswith(EN("PACE_SLOWER") + " " + EN("PACE_FROM_NEXT")), "no replay"
    assert "<prosody" not in slowest.ssml and "Up..." not in slowest.text
    assert '<prosody rate="80%">' in valid(later.intent("AMAZON.NextIntent")).ssml, "the next part, slower"
    at_edge = valid(later.intent("PaceIntent", pace="slower"))
    assert at_edge.text == EN("PACE_SLOWEST"), "one sentence"
    assert valid(later.intent("PaceIntent", pace="normal")).text.startswith(EN("PACE_NORMAL"))
    assert valid(later.intent("PaceIntent", pace=("sideways", None))).text == EN("PACE_WHICH")


# --- Help, stop, fallback, session end ----------------------------------------------------------


def test_help_explains_ends_with_a_question_and_keeps_the_session_open(device: Device) -> None:
    reply = valid(device.intent("AMAZON.HelpIntent"))
    assert reply.text.endswith("?")
    assert "next" in reply.text and "pause" in reply.text and "ankle circles" in reply.text
    assert not reply.ends_session and reply.reprompt_text


@pytest.mark.parametrize("intent", ["AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent"])
def test_stop_and_cancel_save_and_exit(device: Device, store: MemoryStore, intent: str) -> None:
    device.launch()
    reply = valid(device.intent(intent))
    assert reply.ends_session
    assert reply.text == EN("GOODBYE")
    assert store.load("amzn1.ask.account.alice")["position"]["exercise"] == "heel_raises"  # type: ignore[index]


def test_fallback_is_helpful_and_keeps_listening(device: Device) -> None:
    device.launch()
    reply = device.say("what's the weather like")
    assert reply is not None
    assert valid(reply).text == f"{EN('FALLBACK')} {EN('WHEN_READY_REPROMPT')}"
    assert not reply.ends_session


def test_session_end_saves_without_speaking(device: Device, store: MemoryStore) -> None:
    device.launch()
    device.intent("AMAZON.NextIntent")
    device.end_session("EXCEEDED_MAX_REPROMPTS")  # raises if the skill spoke
    saved = store.load("amzn1.ask.account.alice")
    assert saved is not None and saved["position"]["side"] == "left", "the right leg was heard: next is left"
    assert "playing" not in saved


def test_an_intent_the_model_does_not_know_is_answered_like_fallback(store: MemoryStore) -> None:
    device = Device(lambda_handler_for(store))  # no model: free to send anything
    assert valid(device.intent("SomethingNewIntent")).text.startswith(EN("FALLBACK"))


# --- Bad stored data and storage outages --------------------------------------------------------


def test_a_corrupt_record_is_reset_with_a_notice_and_rewritten(
    make_device: MakeDevice, store: MemoryStore
) -> None:
    store.save("amzn1.ask.account.alice", {"position": "garbage", "pace": "fast", "welcomed": True})
    device = make_device(store)
    reply = valid(device.launch())
    assert EN("PROGRESS_RESET") in reply.text
    device.intent("AMAZON.StopIntent")
    record = store.load("amzn1.ask.account.alice")
    assert record is not None and record["pace"] == 100 and isinstance(record["position"], dict)


def test_a_position_from_an_older_routine_restarts_that_exercise(
    make_device: MakeDevice, store: MemoryStore
) -> None:
    old = {"v": 0, "scope": "routine", "exercise": "ankle_circles", "set": 4, "side": "left"}
    store.save("amzn1.ask.account.alice", {"position": old, "pace": 100, "welcomed": True})
    reply = valid(make_device(store).launch())
    assert (
        "The routine has changed since last time, so we'll pick up at the start of ankle circles."
        in reply.text
    )
    assert "Ankle circles." in reply.text and "Tell me when you're ready" in reply.text


@pytest.fixture
def unreachable_dynamodb() -> Iterator[DynamoDbStore]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield DynamoDbStore("foot-routine-progress", endpoint_url=f"http://127.0.0.1:{port}")


def test_a_storage_outage_still_coaches_and_warns_once(
    make_device: MakeDevice, unreachable_dynamodb: DynamoDbStore
) -> None:
    device = make_device(unreachable_dynamodb)
    first = valid(device.launch())
    assert first.text.startswith(EN("STORAGE_WARNING"))
    assert "Heel raises." in first.text
    second = valid(device.intent("AMAZON.NextIntent"))
    assert second.text.startswith("Set one of two, right leg."), "the position travels in the session"
    assert EN("STORAGE_WARNING") not in second.text


def test_sounds_can_be_turned_off_and_on_and_are_remembered(
    make_device: MakeDevice, store: MemoryStore
) -> None:
    device = make_device(store)
    device.launch()
    assert "<audio" in device.intent("AMAZON.NextIntent").ssml, "sounds are on by default"
    reply = device.say("turn the sounds off")
    assert reply is not None and reply.text.startswith(EN("SOUNDS_OFF"))
    assert not reply.ends_session
    assert "<audio" not in device.intent("AMAZON.NextIntent").ssml
    device.intent("AMAZON.PauseIntent")
    record = store.load("amzn1.ask.account.alice")
    assert record is not None and record["sounds"] is False
    later = make_device(store)
    later.launch()
    assert "<audio" not in later.intent("AMAZON.ResumeIntent").ssml, "remembered days later"
    again = later.say("sounds on")
    assert again is not None and again.text.startswith(EN("SOUNDS_ON"))
    assert "<audio" in later.intent("AMAZON.NextIntent").ssml
    assert later.say("turn the sounds on") is not None
    assert later.intent("SoundsIntent", setting=("on", "on")).text.startswith(EN("SOUNDS_ALREADY_ON"))
    assert later.intent("SoundsIntent").text.startswith(EN("SOUNDS_WHICH"))
