"""Echo Show screens (issue #14): what each response shows, through real envelopes.

The screen never changes what is said, a device without APL gets no directive, every response
stays within 24 KB with the document inline, the countdowns start where the speech's pauses start,
and a touch on a button moves the routine exactly like the voice intent.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest

from devtools.envelopes import Device, ListeningClock, Reply, break_durations_ms, speech_text
from devtools.languages import LOCALES
from devtools.nlu import load_model
from devtools.screenshots import directive_of, walk
from devtools.viewports import VIEWPORTS, apl_interfaces
from skill import screens, ssml
from skill.app import lambda_handler_for
from skill.engine import Engine
from skill.limits import MAX_RESPONSE_BYTES, WORDS_PER_SECOND
from skill.progress import position_at
from skill.routine import default_routine, load_routine
from skill.segments import ROUTINE_SCOPE, plan
from skill.storage.memory import MemoryStore
from skill.timeline import PACES
from skill.words import capitalise, for_locale

EN = for_locale("en-US")
"""The coach's English words: what the tests expect to hear."""

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
SHOW = VIEWPORTS["echo-show-8"]
USER = "amzn1.ask.account.SCREEN-TEST"


def device(store: MemoryStore, *, screen: bool = True, max_version: str = "2024.1") -> Device:
    return Device(
        lambda_handler_for(store),
        user_id=USER,
        model=load_model(),
        clock=ListeningClock(NOW),
        supported_interfaces=apl_interfaces(max_version) if screen else None,
        viewport=SHOW.context() if screen else None,
    )


def said(reply: Reply) -> dict[str, Any]:
    """Everything of a response except its directives: what a screenless device would get."""
    response = {key: value for key, value in reply.raw["response"].items() if key != "directives"}
    return {"response": response, "sessionAttributes": reply.raw.get("sessionAttributes")}


def properties(reply: Reply) -> dict[str, Any]:
    directive = directive_of(reply)
    assert directive is not None, reply.raw
    found: dict[str, Any] = directive["datasources"][screens.DATASOURCE]["properties"]
    return found


SCRIPT = (
    "start my foot routine",
    "help",
    "i'm ready",
    "how am i doing",
    "what's next",
    "slower",
    "next",
    "repeat",
    "wait",
    "go back",
    "skip this exercise",
    "next",
    "pause",
)


def test_an_echo_show_hears_exactly_what_a_screenless_echo_hears() -> None:
    with_screen, without = device(MemoryStore()), device(MemoryStore(), screen=False)
    for words in SCRIPT:
        shown, plain = with_screen.say(words), without.say(words)
        assert shown is not None and plain is not None, words
        assert said(shown) == said(plain), words
        assert "directives" not in plain.raw["response"], words
        assert directive_of(shown) is not None, words
        assert ssml.check_response(shown.raw) == [], words


def test_an_older_apl_runtime_gets_no_document_and_the_same_speech() -> None:
    """The document declares 1.7 (layoutDirection and lang, issue #21): a runtime below it gets none."""
    old = device(MemoryStore(), max_version="1.6")
    reply = old.say("start my foot routine")
    assert reply is not None
    assert directive_of(reply) is None
    assert screens.runtime_supports("1.7") and screens.runtime_supports("2024.1")
    assert not screens.runtime_supports("1.6")


def test_the_directive_is_a_render_document_with_the_shared_document_and_token() -> None:
    reply = device(MemoryStore()).launch()
    directive = directive_of(reply)
    assert directive is not None
    assert directive["token"] == screens.TOKEN
    assert directive["document"] == screens.document()
    assert screens.version_tuple(directive["document"]["version"]) <= (2024, 1)
    assert "import" not in directive["document"]
    assert "http" not in json.dumps(directive["document"]), "no remote assets"


@pytest.mark.parametrize("pace", PACES)
@pytest.mark.parametrize("sounds", [False, True])
def test_every_response_of_the_whole_routine_stays_within_24_kb(pace: int, sounds: bool) -> None:
    store = MemoryStore()
    store.save(USER, {"pace": pace, "sounds": sounds, "welcomed": False})
    show = device(store)
    reply = show.launch()
    largest = 0
    while True:
        assert directive_of(reply) is not None
        size = len(json.dumps(reply.raw).encode())
        largest = max(largest, size)
        assert size <= MAX_RESPONSE_BYTES
        assert ssml.check_response(reply.raw) == []
        if reply.ends_session or properties(reply)["title"] == EN("SCREEN_DONE"):
            break  # the finale may ask whether Alexa should start the routine (issue #23)
        reply = show.intent("AMAZON.NextIntent")
    assert properties(reply)["title"] == EN("SCREEN_DONE")
    assert len(properties(reply)["week"]) == 7, "the finale shows the week"


def test_a_coaching_screen_names_the_exercise_the_part_the_instruction_and_the_progress() -> None:
    show = device(MemoryStore())
    welcome = properties(show.launch())
    assert welcome["title"] == "Heel raises"
    assert welcome["where"] == EN("SCREEN_GETTING_READY")
    assert welcome["say"].startswith("Grab a chair")
    assert welcome["count"] == "1 of 3"
    first = properties(show.intent("AMAZON.NextIntent"))
    assert first["where"] == "Set one of two, right leg"
    assert first["say"].startswith("Slowly raise and lower your right heel")
    assert first["figure"] == "oneLeg"
    assert [button["send"] for button in first["buttons"]] == [screens.PAUSE, screens.REPEAT, screens.NEXT]
    assert first["phases"][0]["unit"] == "of 10" and first["phases"][0]["ticks"] == 10


def test_the_routine_screens_show_every_figure_and_end_with_the_streak() -> None:
    shown = walk(SHOW)
    figures = {phase["figure"] for screen in shown for phase in screen.properties["phases"]}
    assert {"oneLeg", "tiptoe", "tiptoeOut", "tiptoeIn", "kneeHug"} <= figures
    finale = next(screen for screen in shown if screen.name.endswith("finale"))
    assert finale.properties["percent"] == 100
    assert EN("FINISHED_FIRST") in finale.properties["say"]
    welcome_back = next(screen for screen in shown if screen.name.endswith("welcome-back"))
    assert [button["send"] for button in welcome_back.properties["buttons"]] == [screens.RESUME]
    percents = [screen.properties["percent"] for screen in shown if screen.properties["phases"]]
    assert percents == sorted(percents)


_GO = re.compile(r"Ready\? Go\.")


def _heard_seconds(ssml_text: str) -> float:
    """How long a listener takes to reach the end of ``ssml_text``: words at Alexa's pace, breaks,
    sound clips (about a second each) and a slower <prosody rate> (as devtools.envelopes estimates)."""
    rate = re.search(r'<prosody\b[^>]*\brate\s*=\s*"(\d+)%"', ssml_text)
    slower = 100 / int(rate.group(1)) if rate is not None else 1.0
    words = len(speech_text(ssml_text).split())
    clips = ssml_text.count("<audio")
    return words / WORDS_PER_SECOND * slower + sum(break_durations_ms(ssml_text)) / 1000 + clips


@pytest.mark.parametrize("pace", PACES)
@pytest.mark.parametrize("sounds", [False, True])
def test_each_countdown_starts_within_a_second_of_its_spoken_go(pace: int, sounds: bool) -> None:
    """Checked against the SSML itself (what Alexa reads out), not the cues the screen was built from."""
    routine = load_routine()
    engine = Engine(routine)
    for index, key in enumerate(plan(routine)):
        position = position_at(routine, "routine", index)
        segment = engine.segment(position, pace, sounds)
        speech = engine.speech(position, pace, sounds)
        data = screens.coaching(routine, segment, "routine")[screens.DATASOURCE]["properties"]
        holds = [phase for phase in data["phases"] if phase["unit"] == EN("SCREEN_SECONDS")]
        rests = [phase for phase in holds if phase["say"] == EN("SCREEN_REST")]
        timed = [phase for phase in holds if phase not in rests]
        if key.exercise != "toe_walking" or key.is_setup:  # the routine's only timed holds
            assert timed == [], key
            continue
        gos = [match.end() for match in _GO.finditer(speech)]
        assert len(timed) == len(gos) == 3, key
        for phase, end in zip(timed, gos, strict=True):
            spoken = _heard_seconds(speech[:end])
            assert abs(phase["at"] / 1000 - spoken) < 1.0, (key, pace, sounds, phase, spoken)
            assert phase["from"] == 20 and phase["ticks"] == 21


@pytest.mark.parametrize("pace", PACES)
@pytest.mark.parametrize("sounds", [False, True])
def test_each_count_starts_within_a_second_of_the_spoken_one(pace: int, sounds: bool) -> None:
    routine = load_routine()
    engine = Engine(routine)
    for index, key in enumerate(plan(routine)):
        position = position_at(routine, "routine", index)
        speech = engine.speech(position, pace, sounds)
        segment = engine.segment(position, pace, sounds)
        data = screens.coaching(routine, segment, "routine")[screens.DATASOURCE]["properties"]
        counts = [phase for phase in data["phases"] if phase["unit"].startswith("of ")]
        ones = [
            speech.index("One.", match.end())
            for match in _GO.finditer(speech)
            if "One." in speech[match.end() :]
        ]
        if key.exercise == "toe_walking" or key.is_setup:
            assert counts == [], key
            continue
        assert len(counts) == len(ones) == len(routine.exercise(key.exercise).parts), key
        for phase, start in zip(counts, ones, strict=True):
            spoken = _heard_seconds(speech[:start])
            assert abs(phase["at"] / 1000 - spoken) < 1.0, (key, pace, sounds, phase, spoken)


def test_a_welcome_before_a_part_moves_its_timers_by_the_welcome() -> None:
    routine = load_routine()
    engine = Engine(routine)
    position = position_at(routine, "routine", 1)
    segment = engine.segment(position, 100)
    alone = screens.coaching(routine, segment, "routine")[screens.DATASOURCE]["properties"]["phases"]
    after = screens.coaching(routine, segment, "routine", 7.5)[screens.DATASOURCE]["properties"]["phases"]
    assert [phase["at"] + 7500 for phase in alone] == [phase["at"] for phase in after]


# --- Touch ----------------------------------------------------------------------------------------

BUTTONS = {
    screens.NEXT: "AMAZON.NextIntent",
    screens.REPEAT: "AMAZON.RepeatIntent",
    screens.PAUSE: "AMAZON.PauseIntent",
    screens.RESUME: "AMAZON.ResumeIntent",
}


@pytest.mark.parametrize("button", sorted(BUTTONS))
def test_each_button_moves_the_routine_like_its_voice_intent(button: str) -> None:
    by_voice, by_touch = MemoryStore(), MemoryStore()
    voice, touch = device(by_voice), device(by_touch)
    for show in (voice, touch):
        show.say("start my foot routine")
        show.say("i'm ready")
        if button == screens.RESUME:
            show.say("pause")
            show.launch()
    spoken = voice.intent(BUTTONS[button])
    pressed = touch.touch([button], screens.TOKEN)
    assert said(pressed) == said(spoken)
    assert properties(pressed) == properties(spoken)
    assert by_touch.load(USER) == by_voice.load(USER)


@pytest.mark.parametrize(("arguments", "token"), [(["next"], "another-screen"), (["dance"], screens.TOKEN)])
def test_a_user_event_that_is_not_one_of_our_buttons_says_and_moves_nothing(
    arguments: list[str], token: str
) -> None:
    store = MemoryStore()
    show = device(store)
    show.say("start my foot routine")
    before = store.load(USER)
    reply = show.touch(arguments, token)
    assert reply.text == ""
    assert directive_of(reply) is None
    assert store.load(USER) == before


# --------------------------------------------------------------------------------------------------
# Every language (issue #21): the document's language and direction come from the data source
# --------------------------------------------------------------------------------------------------


def components(node: Any) -> list[dict[str, Any]]:
    """Every component (and layout instance) of the document, wherever it sits."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if "type" in node and node["type"] not in ("APL", "AVG", "path"):
            found.append(node)
        for value in node.values():
            found += components(value)
    elif isinstance(node, list):
        for value in node:
            found += components(value)
    return found


def test_the_document_declares_1_7_and_binds_its_direction_and_language_to_the_data() -> None:
    """layoutDirection (component property, APL 1.7) on the root, from the data; every Text takes the
    data's direction and lang (lang is a Text property: there is none on a Container)."""
    document = screens.document()
    assert document["version"] == "1.7"
    root = document["mainTemplate"]["item"]
    assert root["layoutDirection"] == "${payload.screen.properties.direction}"
    texts = [item for item in components(document["layouts"]) if item["type"] == "Text"]
    counters = [text for text in texts if "counter" in str(text.get("id", ""))]
    assert len(texts) > 10
    for text in texts:
        if text in counters:  # digits only
            continue
        assert text["layoutDirection"] == "${s.direction}", text
        assert text["lang"] == "${s.lang}", text


def test_the_layout_is_mirrored_by_the_document_not_twice_by_the_device() -> None:
    """The rows are ordered from the data's direction by the document itself (so the APL 1.4
    renderer of the tests shows right to left too); the Screen frame is LTR, so a 1.7 device,
    which would mirror every row under an RTL root, does not mirror them a second time."""
    screen = screens.document()["layouts"]["Screen"]["items"]
    assert screen["layoutDirection"] == "LTR"
    assert screen["bind"] == [{"name": "rtl", "value": "${s.direction == 'RTL'}"}]
    text = json.dumps(screens.document())
    for mirrored in ("${row && rtl}", "rtl ? 'right' : 'left'", "s.buttons.length - 1 - index"):
        assert mirrored in text


@pytest.mark.parametrize("locale", LOCALES)
def test_every_locale_screen_carries_its_language_and_direction(locale: str) -> None:
    routine = default_routine(locale)
    segment = Engine(routine).segment(position_at(routine, ROUTINE_SCOPE, 2), 100)
    shown = screens.coaching(routine, segment, ROUTINE_SCOPE)[screens.DATASOURCE]["properties"]
    assert shown["lang"] == locale
    assert shown["direction"] == ("RTL" if locale.startswith("ar") else "LTR")
    assert shown["title"] == capitalise(routine.exercise(segment.key.exercise).name)
    assert shown["phases"], "a part mid-exercise counts or holds on screen"


def test_long_words_get_the_smaller_size_counting_full_width_characters_twice() -> None:
    assert screens.text_width("abc") == 3
    assert screens.text_width("足首回し") == 8
    words = for_locale("ja-JP")
    short = screens.message(words, "足首回し")[screens.DATASOURCE]["properties"]
    long = screens.message(words, "足首回し" * 30)[screens.DATASOURCE]["properties"]
    assert (short["long"], long["long"]) == (False, True)
