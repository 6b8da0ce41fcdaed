"""Typed text must reach the skill as the request a device would send for the same words."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devtools.nlu import (
    BUILTIN_PHRASES,
    InteractionModel,
    ModelError,
    ResolutionKind,
    SlotMatch,
    load_model,
    model_candidates,
    normalize,
)

MODEL_PATH = Path(__file__).resolve().parent.parent / "interaction_models" / "en-US.json"
FALLBACK = "AMAZON.FallbackIntent"
SLOT_REFERENCE = re.compile(r"\{(\w+)\}")
MODEL = load_model(MODEL_PATH)  # module-level so hypothesis tests can share it (no fixtures there)


ANSWERED_ALIKE = {"ReadyIntent": ("AMAZON.ResumeIntent",), "FeelingIntent": ("AMAZON.YesIntent",)}
"""Intents whose sample, filled with its first value, may reach another intent the skill answers the same."""


@pytest.fixture(scope="module")
def model() -> InteractionModel:
    return MODEL


@pytest.mark.parametrize(
    "text",
    [
        "start my foot routine",
        "alexa resume my foot routine",
        "Alexa, open my foot routine.",
        "my foot routine",
        "ask my foot routine",
        "talk to my foot routine",
        "please launch my foot routine",
    ],
)
def test_launch_phrases(model: InteractionModel, text: str) -> None:
    assert model.resolve(text).kind == ResolutionKind.LAUNCH


@pytest.mark.parametrize(
    ("text", "intent", "slots", "one_shot"),
    [
        ("ask my foot routine for ankle circles", "ExerciseIntent", {"exercise": "ankle_circles"}, True),
        ("Alexa, ask my foot routine to do heel raises", "ExerciseIntent", {"exercise": "heel_raises"}, True),
        ("tell my foot routine to start toe walking", "ExerciseIntent", {"exercise": "toe_walking"}, True),
        ("ask my foot routine how much is left", "ProgressIntent", {}, True),
        ("ask my foot routine to go slower", "PaceIntent", {"pace": "slower"}, True),
        ("ask my foot routine to start the routine", "StartRoutineIntent", {}, True),
        ("open my foot routine and do calf raises", "ExerciseIntent", {"exercise": "heel_raises"}, True),
        ("calf raises", "ExerciseIntent", {"exercise": "heel_raises"}, False),
        ("heel lifts", "ExerciseIntent", {"exercise": "heel_raises"}, False),
        ("walking on my toes", "ExerciseIntent", {"exercise": "toe_walking"}, False),
        ("let's do tiptoe walk", "ExerciseIntent", {"exercise": "toe_walking"}, False),
        ("ankle rolls", "ExerciseIntent", {"exercise": "ankle_circles"}, False),
        ("skip to ankle circles", "ExerciseIntent", {"exercise": "ankle_circles"}, False),
        ("do the heel raises", "ExerciseIntent", {"exercise": "heel_raises"}, False),
        ("slower", "PaceIntent", {"pace": "slower"}, False),
        ("slow down please", "PaceIntent", {"pace": "slower"}, False),
        ("Could you go a bit slower, please?", "PaceIntent", {"pace": "slower"}, False),
        ("you're going too fast", "PaceIntent", {"pace": "slower"}, False),
        ("speed up", "PaceIntent", {"pace": "faster"}, False),
        ("quicker please", "PaceIntent", {"pace": "faster"}, False),
        ("normal speed", "PaceIntent", {"pace": "normal"}, False),
        ("regular pace", "PaceIntent", {"pace": "normal"}, False),
        ("start the routine", "StartRoutineIntent", {}, False),
        ("let's start", "StartRoutineIntent", {}, False),
        ("how much is left", "ProgressIntent", {}, False),
        ("where am I?", "ProgressIntent", {}, False),
        ("what's left", "ProgressIntent", {}, False),
        ("whats left", "ProgressIntent", {}, False),
    ],
)
def test_custom_intents(
    model: InteractionModel, text: str, intent: str, slots: dict[str, str], one_shot: bool
) -> None:
    found = model.resolve(text)
    assert found.kind == ResolutionKind.INTENT
    assert found.intent == intent
    assert {name: slot.id for name, slot in found.slots.items()} == slots
    assert found.one_shot is one_shot


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("next", "AMAZON.NextIntent"),
        ("done", "AMAZON.NextIntent"),
        ("I'm ready", "AMAZON.ResumeIntent"),
        ("okay next", "AMAZON.NextIntent"),
        ("skip", "AMAZON.NextIntent"),
        ("go back", "AMAZON.PreviousIntent"),
        ("previous", "AMAZON.PreviousIntent"),
        ("pause", "AMAZON.PauseIntent"),
        ("hold on", "WaitIntent"),
        ("resume", "AMAZON.ResumeIntent"),
        ("continue", "AMAZON.ResumeIntent"),
        ("carry on", "AMAZON.ResumeIntent"),
        ("keep going", "AMAZON.ResumeIntent"),
        ("repeat", "AMAZON.RepeatIntent"),
        ("again", "AMAZON.RepeatIntent"),
        ("say that again", "AMAZON.RepeatIntent"),
        ("start over", "AMAZON.StartOverIntent"),
        ("help", "AMAZON.HelpIntent"),
        ("what can I say?", "AMAZON.HelpIntent"),
        ("stop", "AMAZON.StopIntent"),
        ("stop please", "AMAZON.StopIntent"),
        ("quit", "AMAZON.StopIntent"),
        ("exit", "AMAZON.StopIntent"),
        ("cancel", "AMAZON.CancelIntent"),
        ("never mind", "AMAZON.CancelIntent"),
        ("go home", "AMAZON.NavigateHomeIntent"),
        ("yes", "AMAZON.YesIntent"),
        ("yeah", "AMAZON.YesIntent"),
        ("no", "AMAZON.NoIntent"),
        ("nope", "AMAZON.NoIntent"),
        ("tell my foot routine to stop", "AMAZON.StopIntent"),
    ],
)
def test_builtin_intents(model: InteractionModel, text: str, intent: str) -> None:
    found = model.resolve(text)
    assert (found.kind, found.intent, found.slots) == (ResolutionKind.INTENT, intent, {})


@pytest.mark.parametrize("text", ["what's the weather", "play some jazz", "jumping jacks please"])
def test_unrelated_text_is_fallback(model: InteractionModel, text: str) -> None:
    found = model.resolve(text)
    assert (found.kind, found.intent, found.one_shot) == (ResolutionKind.INTENT, FALLBACK, False)


def test_one_shot_for_an_unknown_exercise_is_fallback(model: InteractionModel) -> None:
    # "for" is Alexa's connecting word, so the request is just "jumping jacks". Only the bare
    # "{exercise}" sample could hold it, and a sample that is nothing but a slot would claim any
    # sentence at all; on a device the FallbackIntent's out-of-domain model keeps such text out,
    # and the skill gets AMAZON.FallbackIntent (in a new session: it is a one-shot).
    found = model.resolve("ask my foot routine for jumping jacks")
    assert (found.kind, found.intent, found.slots, found.one_shot) == (
        ResolutionKind.INTENT,
        FALLBACK,
        {},
        True,
    )


def test_one_shot_with_a_carrier_word_keeps_an_unknown_exercise(model: InteractionModel) -> None:
    # "do {exercise}" anchors the slot with a real verb, so Alexa fills it with what it heard and
    # entity resolution reports ER_SUCCESS_NO_MATCH: the skill can answer "I know heel raises...".
    found = model.resolve("ask my foot routine to do jumping jacks")
    assert found.intent == "ExerciseIntent"
    assert found.slots == {"exercise": SlotMatch(value="jumping jacks")}
    assert not found.slots["exercise"].resolved
    assert found.one_shot


def test_resolved_slot_keeps_what_was_heard(model: InteractionModel) -> None:
    found = model.resolve("Calf raises!")
    assert found.slots["exercise"] == SlotMatch(value="calf raises", id="heel_raises", name="heel raises")


def test_nothing_to_send(model: InteractionModel) -> None:
    assert model.resolve("").kind == ResolutionKind.NONE
    assert model.resolve("  Alexa!  ").kind == ResolutionKind.NONE


def test_normalize() -> None:
    assert normalize("  Alexa,   what\u2019s LEFT?? ") == "alexa what's left"


def test_every_plain_sample_resolves_to_its_intent(model: InteractionModel) -> None:
    # Guards against a built-in's standard phrase or another intent's sample shadowing a sample.
    for name, intent in model.intents.items():
        for sample in intent.samples:
            if "{" not in sample:
                assert model.resolve(sample).intent == name, sample


def test_every_slot_sample_resolves_each_value(model: InteractionModel) -> None:
    for name, intent in model.intents.items():
        for sample in intent.samples:
            references = SLOT_REFERENCE.findall(sample)
            if not references:
                continue
            if any(intent.slots[reference].startswith("AMAZON.") for reference in references):
                continue  # Alexa's own types (AMAZON.TIME): no values listed in the model
            slot_type = model.types[intent.slots[references[0]]]
            others = sample
            for reference in references[1:]:  # the other slots take their type's first value
                others = others.replace(
                    f"{{{reference}}}", model.types[intent.slots[reference]].values[0].name
                )
            for value in slot_type.values:
                text = others.replace(f"{{{references[0]}}}", value.name)
                found = model.resolve(text)
                if found.intent in ANSWERED_ALIKE.get(name, ()):
                    continue  # "i'm ready" is the built-in ResumeIntent's: the same handler answers
                assert found.intent == name, text
                if found.slots:  # none: an exact sample of the same intent said the same words
                    assert found.slots[references[0]].id == value.id, text


def test_every_synonym_resolves(model: InteractionModel) -> None:
    """Each synonym, said in the first sample that takes its type ("turn the sounds {setting}")."""
    for type_name, slot_type in model.types.items():
        carrier = next(
            (slot_name, sample)
            for intent in model.intents.values()
            for slot_name, slot_type_name in intent.slots.items()
            if slot_type_name == type_name
            for sample in intent.samples
            if f"{{{slot_name}}}" in sample
        )
        slot_name, sample = carrier
        intent = next(intent for intent in model.intents.values() if sample in intent.samples)
        for other in SLOT_REFERENCE.findall(sample):  # other slots take their type's first value
            if other != slot_name:
                sample = sample.replace(f"{{{other}}}", model.types[intent.slots[other]].values[0].name)
        for value in slot_type.values:
            for spoken in (value.name, *value.synonyms):
                found = model.resolve(sample.replace(f"{{{slot_name}}}", spoken))
                if found.intent in ANSWERED_ALIKE.get(intent.name, ()) or slot_name not in found.slots:
                    assert found.intent != "AMAZON.FallbackIntent", spoken
                    continue  # "fine thanks": the built-in YesIntent's own words; the same answer
                if found.intent in ("PainIntent", "UnwellIntent") and found.intent != intent.name:
                    continue  # "i feel not well": feeling unwell wins wherever it is said
                assert found.slots[slot_name].id == value.id, spoken


def test_builtin_phrases_cover_only_intents_the_model_declares(model: InteractionModel) -> None:
    assert set(BUILTIN_PHRASES) <= set(model.intents)


def test_default_path_finds_the_repository_model() -> None:
    assert model_candidates()[0] == MODEL_PATH
    assert load_model().invocation_name == "my foot routine"


def test_explicit_path(tmp_path: Path) -> None:
    copy = tmp_path / "model.json"
    shutil.copy(MODEL_PATH, copy)
    assert load_model(copy).invocation_name == "my foot routine"
    assert load_model(str(copy)).resolve("next").intent == "AMAZON.NextIntent"


def test_missing_model_says_where_it_looked() -> None:
    with pytest.raises(FileNotFoundError, match=r"xx-XX\.json"):
        load_model(locale="xx-XX")


def test_model_with_undeclared_slot_is_rejected() -> None:
    data = {
        "interactionModel": {
            "languageModel": {
                "invocationName": "my foot routine",
                "intents": [{"name": "ExerciseIntent", "slots": [], "samples": ["do {exercise}"]}],
                "types": [],
            }
        }
    }
    with pytest.raises(ModelError, match="undeclared slot"):
        InteractionModel.from_json(data)


def test_not_a_model_is_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"languageModel": {}}), encoding="utf-8")
    with pytest.raises(ModelError, match="interactionModel"):
        load_model(bad)


@given(st.text(max_size=80))
def test_any_text_resolves_to_something_a_device_could_send(text: str) -> None:
    found = MODEL.resolve(text)
    assert found == MODEL.resolve(text), "deterministic: the same words, the same request"
    assert (found.intent is None) == (found.kind != ResolutionKind.INTENT)
    assert found.intent is None or found.intent in MODEL.intents, "only intents the model declares"
    for name, slot in found.slots.items():
        assert found.intent is not None and name in MODEL.intents[found.intent].slots
        assert slot.value, "a slot is sent with what was heard"


@given(
    st.lists(st.sampled_from(["ask", "my", "foot", "routine", "for", "do", "heel", "raises", "go", "the"]))
)
def test_any_mix_of_model_words_resolves(words: list[str]) -> None:
    found = MODEL.resolve(" ".join(words))
    said = " ".join(words)
    if found.one_shot or found.kind == ResolutionKind.LAUNCH:
        assert "my foot routine" in said, "only the invocation name opens the skill"
    if found.kind == ResolutionKind.NONE:
        assert not words
