"""Every English locale: its own model, every handler answering, and the ASK project carrying it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devtools.alexa_fake import FakeAlexaApi
from devtools.askcli import model_locales, write_ask_project
from devtools.envelopes import Device, Reply
from devtools.nlu import load_model
from skill import ssml
from skill.app import lambda_handler_for
from skill.storage import MemoryStore
from skill.words import for_locale

EN = for_locale("en-US")
"""The coach's English words: what the tests expect to hear."""

LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
MODELS = Path(__file__).resolve().parent.parent / "interaction_models"
SAID_THERE = {
    "en-US": "next",
    "en-GB": "crack on",
    "en-CA": "keep her going",
    "en-AU": "righto",
    "en-IN": "next one please",
}


def check(reply: Reply | None, locale: str) -> Reply:
    assert reply is not None
    assert ssml.check_response(reply.raw) == [], (locale, reply.raw)
    assert reply.request["request"]["locale"] == locale
    return reply


@pytest.mark.parametrize("locale", LOCALES)
def test_every_handler_answers_in_every_locale(locale: str, alexa_api: FakeAlexaApi) -> None:
    store = MemoryStore()
    user = f"amzn1.ask.account.{locale}"
    device = Device(lambda_handler_for(store), user_id=user, locale=locale, model=load_model(locale=locale))
    assert check(device.say("open my foot routine"), locale).text.startswith("Welcome to your foot routine")
    assert check(device.say(SAID_THERE[locale]), locale).text.startswith("Set one of two, right leg.")
    for said in (
        "repeat",
        "slower",
        "how much is left",
        "how am i doing",
        "turn the sounds off",
        "help",
        "go back",
    ):
        assert check(device.say(said), locale).text, said
    assert check(device.say("pause"), locale).ends_session
    assert "heel raises" in check(device.say("open my foot routine"), locale).text.lower()
    assert check(device.say("stop"), locale).ends_session
    one_shot = check(device.say("ask my foot routine for ankle circles"), locale)
    assert one_shot.text.startswith("Okay, ankle circles. I'll keep your place in the routine")
    assert "Ankle circles." in one_shot.text
    assert check(device.say("cancel"), locale).ends_session
    reminder = check(device.say("ask my foot routine to remind me every day at 8 am"), locale)
    assert reminder.text == "Okay, I'll remind you every day at eight in the morning."
    (created,) = alexa_api.requests_to("/v1/alerts/reminders")
    spoken = created.body["alertInfo"]["spokenInfo"]["content"]
    assert spoken == [{"locale": locale, "text": EN("REMINDER_TEXT")}], (
        "the reminder speaks the user's locale"
    )
    record = store.load(user)
    assert record is not None and record["sounds"] is False


def test_the_ask_project_and_manifest_carry_every_locale(tmp_path: Path) -> None:
    write_ask_project(tmp_path)
    models = sorted(path.stem for path in tmp_path.rglob("interactionModels/custom/*.json"))
    every = model_locales(MODELS)
    assert set(LOCALES) <= set(every)
    assert models == sorted(every)
    manifest = json.loads(next(tmp_path.rglob("skill.json")).read_text(encoding="utf-8"))["manifest"]
    assert sorted(manifest["publishingInformation"]["locales"]) == sorted(every)
    countries = sorted({locale[3:] for locale in every})
    assert manifest["publishingInformation"]["distributionCountries"] == countries
    gb = manifest["publishingInformation"]["locales"]["en-GB"]["description"]
    assert "physiotherapist" in gb and "physical therapist" not in gb
