"""Every language the skill speaks: complete catalogues, complete models, the same routine, right plurals.

For each locale with an interaction model: its catalogue has every message (no English at run time),
its model every intent, slot and value of en-US, its phrasing corpus reaches its intents through its
own model and the local coach, the whole routine plays with the article's timing, no response breaks
Alexa's limits, and plural and number forms are right for 0, 1, 2, 5, 11, 21 and 101.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.messages.pofile import read_po

from devtools import askcli, catalogues
from devtools.askcli import model_locales
from devtools.envelopes import Device, ListeningClock
from devtools.nlu import InteractionModel, ResolutionKind
from skill import limits, ssml, words
from skill.app import lambda_handler_for
from skill.engine import Engine
from skill.handlers.leaving import StopHandler
from skill.handlers.navigation import GoOnHandler
from skill.routine import default_routine
from skill.segments import ROUTINE_SCOPE, build_segment, plan
from skill.storage.memory import MemoryStore
from skill.timeline import PACES, Pause, Say, speaking_seconds

ROOT = Path(__file__).resolve().parent.parent
MODELS = ROOT / "interaction_models"
LOCALES = model_locales(MODELS)
ALEXA_LOCALES = (
    "ar-SA de-DE en-AU en-CA en-GB en-IN en-US es-ES es-MX es-US fr-CA fr-FR hi-IN it-IT ja-JP nl-NL pt-BR"
).split()
"""Every locale Alexa offers custom skills in."""
SPOKEN = [locale for locale in ALEXA_LOCALES if words.supported(locale)]
"""The locales with a catalogue: the coach speaks them, model or not."""
CORPORA = ROOT / "tests" / "data" / "phrasings"
NUMBERS = (0, 1, 2, 5, 11, 21, 101)
WHEN = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
CATEGORIES = ("zero", "one", "two", "few", "many", "other")
"""CLDR's plural categories in the order gettext numbers a language's forms (Babel's to_gettext)."""


def language_model(locale: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((MODELS / f"{locale}.json").read_text(encoding="utf-8"))
    language: dict[str, Any] = data["interactionModel"]["languageModel"]
    return language


def test_the_catalogues_are_complete_consistent_and_compiled() -> None:
    assert catalogues.check_catalogues() == []


@pytest.mark.parametrize("locale", SPOKEN)
def test_every_locale_has_its_own_words(locale: str) -> None:
    said = words.for_locale(locale)
    assert said.locale == locale, f"{locale} falls back to another language's catalogue"
    language = locale.split("-", maxsplit=1)[0]
    assert words.catalogue_names(locale)[-1] == language
    # Every message the code asks for resolves in this locale's chain, never through English.
    for key in code_message_ids():
        if key.endswith("."):
            continue
        assert said.has(key) or said.has(f"{key}.0"), f"{locale}: {key}"


def code_message_ids() -> set[str]:
    """Every literal message id the skill's code names (``words("X")``, ``.count("X", n)``, pools)."""
    found: set[str] = set()
    for path in (ROOT / "skill").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            first = node.args[0]
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            value = first.value if isinstance(first, ast.Constant) else None
            if (
                name in ("words", "said", "count", "pool", "pick")
                and isinstance(value, str)
                and value.isupper()
            ):
                found.add(value)
    return found


def test_the_code_names_only_messages_the_english_catalogue_has() -> None:
    english = words.for_locale("en-US")
    ids = code_message_ids()
    assert len(ids) > 150, "the scan found the code's message ids"
    missing = sorted(key for key in ids if not (english.has(key) or english.has(f"{key}.0")))
    assert missing == []


@pytest.mark.parametrize("locale", [locale for locale in LOCALES if locale != "en-US"])
def test_every_model_has_every_intent_slot_and_value_of_en_us(locale: str) -> None:
    source, model = language_model("en-US"), language_model(locale)

    def shape(language: dict[str, Any]) -> tuple[Any, Any]:
        intents = {
            intent["name"]: sorted((slot["name"], slot["type"]) for slot in intent.get("slots", []))
            for intent in language["intents"]
        }
        types = {kind["name"]: sorted(value["id"] for value in kind["values"]) for kind in language["types"]}
        return intents, types

    assert shape(model) == shape(source)
    assert model["invocationName"] and model["invocationName"] == words.for_locale(locale)("INVOCATION")


@pytest.mark.parametrize("locale", sorted({*LOCALES} - {"en-US", "en-GB", "en-CA", "en-AU", "en-IN"}))
def test_every_new_language_has_a_corpus_that_reaches_its_intents(
    locale: str, locale_model: Callable[[str], InteractionModel]
) -> None:
    path = CORPORA / f"{locale}.tsv"
    lines = [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert len(lines) >= 40
    intents = [intent for _, intent in lines]
    assert sum(intent in ("PainIntent", "UnwellIntent") for intent in intents) >= 10
    model = locale_model(locale)
    missed = [(phrase, intent, model.resolve(phrase).intent) for phrase, intent in lines]
    missed = [miss for miss in missed if miss[1] != miss[2]]
    assert missed == [], f"{len(missed)} of {len(lines)} missed"


@pytest.mark.parametrize("locale", [locale for locale in LOCALES if (CORPORA / f"{locale}.tsv").is_file()])
def test_every_phrasing_reaches_its_handler_through_the_local_coach_in_its_language(
    locale: str, locale_model: Callable[[str], InteractionModel]
) -> None:
    """What the English corpus proves in tests/test_conversation.py, for each language: typed into the
    local coach after the welcome, each phrasing is sent as its intent, answered in the language's
    words within Alexa's limits, and never with "sorry, I didn't catch that" unless it should be."""
    said = words.for_locale(locale)
    handler = lambda_handler_for(MemoryStore())
    model = locale_model(locale)
    for number, (phrase, intent) in enumerate(_corpus(locale)):
        device = Device(handler, f"user-{number}", locale=locale, model=model, clock=ListeningClock(WHEN))
        assert said("SAFETY") in device.launch().text
        reply = device.say(phrase)
        assert reply is not None, phrase
        assert answered_alike(intent, reply.request["request"]["intent"]["name"]), phrase
        assert ssml.check_response(reply.raw) == [], phrase
        understood = intent == "AMAZON.FallbackIntent" or not reply.text.startswith(said("FALLBACK"))
        assert understood, (phrase, reply.text)
        if intent in ("PainIntent", "UnwellIntent"):
            advice = said("PAIN" if intent == "PainIntent" else "UNWELL")
            assert advice in reply.text or said("UNWELL") in reply.text, (phrase, reply.text)


def answered_alike(wanted: str, got: str | None) -> bool:
    """The intent wanted, or one its handler answers the same way (as in tests/test_conversation.py)."""
    return got == wanted or any(
        wanted in group and got in group for group in (GoOnHandler.intents, StopHandler.intents)
    )


def _corpus(locale: str) -> list[tuple[str, str]]:
    path = CORPORA / f"{locale}.tsv"
    if not path.is_file():
        return []
    return [
        (line.split("\t")[0], line.split("\t")[1])
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _timing(locale: str, pace: int) -> list[tuple[str, float]]:
    """The routine's timing: every cadence beat and rest, and each hold from "go" to "stop"."""
    routine = default_routine(locale)
    voice = routine.words.voice
    timing: list[tuple[str, float]] = []
    for index, _ in enumerate(plan(routine, ROUTINE_SCOPE)):
        segment = build_segment(routine, ROUTINE_SCOPE, index, pace)
        held: float | None = None
        for cue in segment.cues:
            if isinstance(cue, Say) and cue.role == "go":
                held = 0.0
            elif held is not None and isinstance(cue, Pause) and cue.kind == "hold":
                held += cue.seconds
            elif held is not None and isinstance(cue, Say) and cue.role == "cue":
                held += speaking_seconds(cue.text, pace, voice)
            elif isinstance(cue, Say) and cue.role == "stop":
                if held:
                    timing.append(("hold", round(held, 6)))
                held = None
            elif isinstance(cue, Pause) and cue.kind in ("cadence", "rest"):
                timing.append((cue.kind, cue.seconds))
    return timing


def test_every_alexa_locale_has_its_catalogue() -> None:
    assert SPOKEN == ALEXA_LOCALES


@pytest.mark.parametrize("locale", [locale for locale in SPOKEN if locale != "en-US"])
def test_a_whole_routine_plays_with_the_same_timing_as_en_us(locale: str) -> None:
    for pace in (PACES[0], PACES[-1]):
        assert _timing(locale, pace) == _timing("en-US", pace)


@pytest.mark.parametrize("locale", SPOKEN)
def test_no_segment_breaks_alexas_limits_in_any_language(locale: str) -> None:
    engine = Engine(default_routine(locale))
    routine = engine.routine
    for pace in PACES:
        for index, _ in enumerate(plan(routine, ROUTINE_SCOPE)):
            segment = build_segment(routine, ROUTINE_SCOPE, index, pace, sounds=True)
            spoken = ssml.speak(ssml.render(segment.cues, segment.pace))
            assert ssml.check_ssml(spoken) == [], (locale, segment.key)
            assert len(spoken) < limits.MAX_SSML_CHARS
            assert segment.planned_seconds < limits.MAX_SEGMENT_SECONDS


def _po(name: str) -> dict[str, tuple[str, ...]]:
    path = words.LOCALES_DIR / name / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as file:
        catalog = read_po(file)
    return {
        str(message.id[0]): tuple(str(form) for form in message.string or ())
        for message in catalog
        if message.id and isinstance(message.id, tuple | list)
    }


@pytest.mark.parametrize("name", [entry.name for entry in catalogues.entries() if "_" not in entry.name])
def test_plural_and_number_forms_follow_cldr(name: str) -> None:
    """``DAYS``, ``SECONDS`` and each exercise's reps for 0, 1, 2, 5, 11, 21 and 101: the form CLDR
    names for each number, with the number said as the language says it."""
    said = words.for_locale(name.replace("_", "-"))
    rule = Locale.parse(name).plural_form
    tags = [tag for tag in CATEGORIES if tag in rule.tags or tag == "other"]
    forms = _po(name)
    for key in ("DAYS", "SECONDS", "MINUTES", "WEEKS", "heel_raises.reps", "toe_walking.sets"):
        for number in NUMBERS:
            expected = forms[key][tags.index(rule(number))].format(n=said.number(number))
            assert said.count(key, number) == expected, (name, key, number)
            spelled = said.number(number)
            assert spelled in expected
            assert spelled == str(number) or name == "en", "only English spells numbers out"


def test_docs_languages_shows_the_first_minute_as_the_skill_says_it() -> None:
    from devtools.languages import DOC, LOCALES, render

    assert sorted(LOCALES) == sorted(ALEXA_LOCALES)
    assert DOC.read_text(encoding="utf-8") == render(), "run `foot-routine languages`"


EMERGENCY = {
    "en-US": "911",
    "en-CA": "911",
    "es-MX": "911",
    "es-US": "911",
    "fr-CA": "911",
    "en-GB": "999",
    "en-AU": "000",
    "en-IN": "112",
    "hi-IN": "112",
    "de-DE": "112",
    "es-ES": "112",
    "fr-FR": "112",
    "it-IT": "112",
    "nl-NL": "112",
    "ja-JP": "119",
    "pt-BR": "192",
    "ar-SA": "997",
}
"""Each country's emergency number (voice-style.md's list, from official sources): the advice to
someone who feels unwell, and the store listing, name it."""


@pytest.mark.parametrize("locale", SPOKEN)
def test_the_unwell_advice_and_the_listing_name_the_countrys_emergency_number(locale: str) -> None:
    said = words.for_locale(locale)
    number = EMERGENCY[locale]
    assert number in said("UNWELL")
    assert number in said("STORE_DESCRIPTION")


@pytest.mark.parametrize("locale", SPOKEN)
def test_every_store_listing_passes_the_stores_checks(locale: str) -> None:
    manifest = askcli.skill_manifest([locale])
    assert askcli.check_manifest(manifest) == []
    listing = manifest["manifest"]["publishingInformation"]["locales"][locale]
    assert listing["name"] == words.for_locale(locale)("INVOCATION")
    for phrase in listing["examplePhrases"]:
        assert words.for_locale(locale)("INVOCATION") in phrase.lower(), phrase


@pytest.mark.parametrize("locale", LOCALES)
def test_every_example_phrase_in_the_store_is_understood_by_its_model(
    locale: str, locale_model: Callable[[str], InteractionModel]
) -> None:
    """What the store tells people to say starts the skill or reaches an intent, never the fallback."""
    model = locale_model(locale)
    for phrase in words.for_locale(locale).pool("STORE_EXAMPLE"):
        heard = model.resolve(phrase)
        assert heard.kind is ResolutionKind.LAUNCH or heard.intent not in (None, "AMAZON.FallbackIntent"), (
            phrase
        )
