"""The interaction model is what Alexa builds the skill's language understanding from.

A model Alexa rejects cannot be deployed, and a model that lacks what users say makes the skill
deaf to them; both are cheap to catch here and slow to catch in the developer console.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from devtools.askcli import model_locales
from devtools.models import build_model, check_models
from devtools.nlu import (
    BUILTIN_PREFIX,
    CONNECTING_WORDS,
    LAUNCH_PHRASES,
    BuiltinIntent,
    InteractionModel,
    language,
)
from skill.words import for_locale

MODELS_DIR = Path(__file__).resolve().parent.parent / "interaction_models"
ENGLISH = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
LOCALES = tuple(model_locales(MODELS_DIR))
"""Every locale with a model: each passes the same validation, in its own language's terms."""
INVOCATION_NAME = "my foot routine"
CUSTOM_INTENTS = ("StartRoutineIntent", "ExerciseIntent", "PaceIntent", "ProgressIntent", "StreakIntent")
MIN_SAMPLES_PER_CUSTOM_INTENT = 15
EXERCISE_IDS = {"heel_raises", "toe_walking", "ankle_circles"}
PACE_IDS = {"slower", "faster", "normal"}
FORBIDDEN_INVOCATION_WORDS = {"alexa", "amazon", "echo", "skill", "app"}
INVOCATION_LAUNCH_WORDS = {"ask", "tell", "open", "launch", "start", "begin", "load", "run", "resume", "play"}
EXPECTED_SYNONYMS: dict[str, dict[str, set[str]]] = {
    "EXERCISE": {
        "heel_raises": {"calf raises", "heel lifts", "heel raise", "raises"},
        "toe_walking": {
            "walking on my toes",
            "tiptoe walk",
            "tip toe walking",
            "toe walk",
            "walking on tiptoes",
        },
        "ankle_circles": {"ankle rolls", "ankle rotations", "ankle circle", "circles"},
    },
    "PACE": {
        "slower": {"slow down", "more slowly", "too fast"},
        "faster": {"speed up", "quicker"},
        "normal": {"normal speed", "regular pace"},
    },
}
SLOT_REFERENCE = re.compile(r"\{(\w+)\}")
# A sample word: a slot reference, a word with an apostrophe or two ("i'm", "didn't"), or an
# abbreviation with periods ("a.m."). Alexa rejects most other punctuation in samples.
SAMPLE_WORD = re.compile(r"\{\w+\}|[a-z]+(?:'[a-z]+)*|(?:[a-z]\.)+")


# The same in any script: letters and their marks (accents, Devanagari vowel signs, Arabic
# diacritics), apostrophes inside a word; no digits (numbers are words), no other punctuation.
def letters_only(word: str) -> bool:
    """A sample word in any script: a slot reference, or letters and marks with inner apostrophes."""
    if re.fullmatch(r"\{\w+\}", word):
        return True
    if "{" in word:  # Japanese has no spaces: a slot sits against its particle ("{exercise}をして")
        return all(letters_only(piece) for piece in re.split(r"\{\w+\}", word) if piece)
    parts = word.replace("’", "'").split("'")
    return all(part and all(unicodedata.category(char)[0] in "LM" for char in part) for part in parts)


@pytest.fixture(scope="module", params=LOCALES)
def locale(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def language_model(locale: str) -> dict[str, Any]:
    """Every test of the model runs for every locale: each must pass the same validation."""
    data = json.loads((MODELS_DIR / f"{locale}.json").read_text(encoding="utf-8"))
    assert set(data) == {"interactionModel"}
    assert set(data["interactionModel"]) <= {"languageModel", "dialog", "prompts"}
    model: dict[str, Any] = data["interactionModel"]["languageModel"]
    return model


@pytest.fixture(scope="module")
def english(locale: str) -> bool:
    return locale in ENGLISH


@pytest.fixture(scope="module")
def intents(language_model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {intent["name"]: intent for intent in language_model["intents"]}


@pytest.fixture(scope="module")
def types(language_model: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {slot_type["name"]: slot_type for slot_type in language_model["types"]}


def all_samples(intents: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    return [(name, sample) for name, intent in intents.items() for sample in intent.get("samples", [])]


def test_ask_cli_layout(language_model: dict[str, Any]) -> None:
    assert set(language_model) == {"invocationName", "intents", "types"}
    for intent in language_model["intents"]:
        assert set(intent) <= {"name", "slots", "samples"}
        assert isinstance(intent.get("samples", []), list)
        for slot in intent.get("slots", []):
            assert set(slot) <= {"name", "type", "samples"}
    for slot_type in language_model["types"]:
        for value in slot_type["values"]:
            assert set(value) == {"id", "name"}
            assert set(value["name"]) <= {"value", "synonyms"}


def test_invocation_name_follows_amazon_rules(language_model: dict[str, Any], locale: str) -> None:
    name = language_model["invocationName"]
    words = name.split()
    assert name == for_locale(locale)("INVOCATION"), "what the coach tells people to say"
    assert name == name.lower() and "  " not in name and name == name.strip()
    assert all(letters_only(word) for word in words), "letters and single spaces only"
    assert not any(forbidden in name for forbidden in ("alexa", "amazon", "echo", "アレクサ", "أليكسا"))
    if locale in ENGLISH:
        assert name == INVOCATION_NAME
        assert not set(words) & INVOCATION_LAUNCH_WORDS
        assert not set(words) & FORBIDDEN_INVOCATION_WORDS
    if language(locale).spaced:
        assert len(words) >= 2


def test_every_required_builtin_is_present(intents: dict[str, dict[str, Any]]) -> None:
    assert {builtin.value for builtin in BuiltinIntent} <= set(intents)
    assert BuiltinIntent.FALLBACK in intents


def test_custom_intents_have_enough_samples(intents: dict[str, dict[str, Any]]) -> None:
    for name in CUSTOM_INTENTS:
        assert len(intents[name]["samples"]) >= MIN_SAMPLES_PER_CUSTOM_INTENT, name


def test_custom_intent_slots(intents: dict[str, dict[str, Any]]) -> None:
    assert intents["StartRoutineIntent"].get("slots", []) == []
    assert intents["ProgressIntent"].get("slots", []) == []
    assert intents["StreakIntent"].get("slots", []) == []

    def declared(name: str) -> list[tuple[str, str]]:
        return [(slot["name"], slot["type"]) for slot in intents[name]["slots"]]

    assert declared("ExerciseIntent") == [("exercise", "EXERCISE")]
    assert declared("PaceIntent") == [("pace", "PACE")]
    assert declared("PainIntent") == [("body_part", "BODY_PART"), ("pain", "PAIN")]


def test_no_sample_is_only_a_slot(intents: dict[str, dict[str, Any]]) -> None:
    # Issue #19: a sample that is nothing but a slot ("{time}", "at {time}") lets a model match
    # almost any short reply ("okay") to that intent. A value said alone is asked for with
    # Dialog.ElicitSlot instead, whose slot samples are heard only while that slot is asked for.
    # Two slots side by side ("{count} {unit}": "fifteen reps") must both be filled, so they are no trap.
    carriers_only = {"at", "the", "a", "my", "um", "please"}
    for name, sample in all_samples(intents):
        words = [word for word in sample.split() if not SLOT_REFERENCE.fullmatch(word)]
        if len(SLOT_REFERENCE.findall(sample)) == 1:
            assert set(words) - carriers_only, (name, sample)


def test_slots_asked_for_by_the_skill_have_a_dialog_model_and_their_own_samples() -> None:
    data = json.loads((MODELS_DIR / "en-US.json").read_text(encoding="utf-8"))["interactionModel"]
    intents = {intent["name"]: intent for intent in data["languageModel"]["intents"]}
    prompts = {prompt["id"] for prompt in data["prompts"]}
    assert data["dialog"]["delegationStrategy"] == "SKILL_RESPONSE", "the skill asks, Alexa never does"
    elicited = set()
    for dialog_intent in data["dialog"]["intents"]:
        for slot in dialog_intent["slots"]:
            assert slot["prompts"]["elicitation"] in prompts
            model_slot = next(s for s in intents[dialog_intent["name"]]["slots"] if s["name"] == slot["name"])
            assert model_slot["type"] == slot["type"] and model_slot["samples"], slot
            elicited.add((dialog_intent["name"], slot["name"]))
    assert elicited == {
        ("ExerciseIntent", "exercise"),
        ("ReminderIntent", "time"),
        ("FeelingIntent", "wellbeing"),
        ("SoundsIntent", "setting"),
        ("GoalIntent", "count"),
        ("AutoStartIntent", "time"),
        ("AutoStartIntent", "days"),
    }


def test_samples_use_only_declared_slots_and_declared_slots_are_used(
    intents: dict[str, dict[str, Any]], types: dict[str, dict[str, Any]]
) -> None:
    for name, intent in intents.items():
        declared = {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        used = {ref for sample in intent.get("samples", []) for ref in SLOT_REFERENCE.findall(sample)}
        assert used <= set(declared), name
        assert used == set(declared), f"{name} declares slots no sample fills"
        for slot_type in declared.values():
            assert slot_type in types or slot_type.startswith(BUILTIN_PREFIX), slot_type


def test_samples_are_lowercase_words_alexa_accepts(intents: dict[str, dict[str, Any]], english: bool) -> None:
    for name, sample in all_samples(intents):
        assert sample == sample.strip() and "  " not in sample, (name, sample)
        assert sample == sample.lower(), (name, sample)
        for word in sample.split(" "):
            if english:
                assert SAMPLE_WORD.fullmatch(word), (name, sample, word)
            else:
                assert letters_only(word) or re.fullmatch(r"(?:\w\.)+", word), (name, sample, word)


def test_samples_leave_launch_and_connecting_words_to_alexa(
    intents: dict[str, dict[str, Any]], language_model: dict[str, Any], locale: str
) -> None:
    # Amazon's "Understand How Users Invoke Custom Skills" shows the launch word, the invocation
    # name and the connecting word ("ask my foot routine for ...") as Alexa's part of the phrase;
    # the sample utterance is only what follows. In every language: no invocation name, no wake word.
    invocation = language_model["invocationName"]
    for name, sample in all_samples(intents):
        assert invocation not in sample, (name, sample)
        assert not any(sample.startswith(wake) for wake in ("alexa", "アレクサ", "أليكسا", "एलेक्सा")), sample
    if locale not in ENGLISH:
        return
    for name, sample in all_samples(intents):
        first = sample.split()[0]
        assert first not in CONNECTING_WORDS, (name, sample)
        assert not any(sample.startswith(f"{launch} ") for launch in ("ask", "tell", "open")), sample
    assert "start" in LAUNCH_PHRASES  # "start" alone is a fine sample: without the name it's no launch


def test_names_are_unique(language_model: dict[str, Any]) -> None:
    # Alexa's build rejects a model that declares an intent or a slot type twice.
    for kind in ("intents", "types"):
        names = Counter(entry["name"] for entry in language_model[kind])
        assert [name for name, count in names.items() if count > 1] == [], kind
    for intent in language_model["intents"]:
        slots = Counter(slot["name"] for slot in intent.get("slots", []))
        assert [name for name, count in slots.items() if count > 1] == [], intent["name"]


def test_no_sample_is_repeated(intents: dict[str, dict[str, Any]]) -> None:
    counts = Counter(" ".join(sample.split()) for _, sample in all_samples(intents))
    assert [sample for sample, count in counts.items() if count > 1] == []


def test_exercise_type_is_the_three_exercises(types: dict[str, dict[str, Any]]) -> None:
    assert {value["id"] for value in types["EXERCISE"]["values"]} == EXERCISE_IDS


def test_pace_type_ids(types: dict[str, dict[str, Any]]) -> None:
    assert {value["id"] for value in types["PACE"]["values"]} == PACE_IDS


@pytest.mark.parametrize("type_name", sorted(EXPECTED_SYNONYMS))
def test_synonyms_of_what_people_say(types: dict[str, dict[str, Any]], type_name: str, english: bool) -> None:
    if not english:
        pytest.skip("English synonyms; each language's are checked by its corpus (tests/test_languages.py)")
    by_id = {value["id"]: set(value["name"].get("synonyms", [])) for value in types[type_name]["values"]}
    for value_id, expected in EXPECTED_SYNONYMS[type_name].items():
        assert expected <= by_id[value_id], (value_id, expected - by_id[value_id])


def test_no_spoken_value_names_two_values(types: dict[str, dict[str, Any]]) -> None:
    for slot_type in types.values():
        spoken = Counter(
            phrase
            for value in slot_type["values"]
            for phrase in (value["name"]["value"], *value["name"].get("synonyms", []))
        )
        assert [phrase for phrase, count in spoken.items() if count > 1] == [], slot_type["name"]
        for phrase in spoken:
            assert phrase == phrase.lower() and phrase == " ".join(phrase.split()), phrase
            assert all(letters_only(word) for word in phrase.split()), phrase


@pytest.mark.parametrize("locale", LOCALES)
def test_model_loads_through_nlu(locale: str, locale_model: Callable[[str], InteractionModel]) -> None:
    model = locale_model(locale)
    assert model.invocation_name == for_locale(locale)("INVOCATION")
    assert set(CUSTOM_INTENTS) <= set(model.intents)


def test_every_regional_locale_is_generated_from_its_source() -> None:
    assert check_models(MODELS_DIR) == []
    assert set(ENGLISH) <= set(LOCALES)


def test_locales_add_what_people_there_say_and_keep_everything_else(
    locale_model: Callable[[str], InteractionModel],
) -> None:
    us, gb, india = (locale_model(locale) for locale in ("en-US", "en-GB", "en-IN"))
    for name, intent in us.intents.items():
        assert set(intent.samples) <= set(gb.intents[name].samples), name
    assert gb.resolve("crack on").intent == "AMAZON.NextIntent"
    assert us.resolve("crack on").intent == "AMAZON.FallbackIntent", "only where people say it"
    assert india.resolve("kindly repeat").intent == "AMAZON.RepeatIntent"
    assert gb.resolve("ask my foot routine for tiptoe walking").slots["exercise"].id == "toe_walking"


def test_a_typo_in_the_locale_source_fails_the_build() -> None:
    source = json.loads((MODELS_DIR / "en-US.json").read_text(encoding="utf-8"))
    with pytest.raises(KeyError):
        build_model(source, {"add": {"NoSuchIntent": ["hello"]}})
    with pytest.raises(KeyError):
        build_model(source, {"synonyms": {"EXERCISE": {"push_ups": ["press ups"]}}})
