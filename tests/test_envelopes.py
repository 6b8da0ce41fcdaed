"""Simulated requests must be ones the ASK SDK accepts as Alexa's, and the session must behave."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill_builder import SkillBuilder
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_core.utils.request_util import get_slot
from ask_sdk_model.response import Response
from ask_sdk_runtime.exceptions import AskSdkException

from devtools import envelopes
from devtools.envelopes import (
    DEFAULT_SKILL_ID,
    Caller,
    Device,
    JsonDict,
    Reply,
    Session,
    SessionEndedErrorType,
    SessionEndedReason,
    SkillContractError,
    break_durations_ms,
    intent_request,
    launch_request,
    session_ended_request,
    speech_text,
)
from devtools.nlu import InteractionModel, SlotMatch, load_model

MODEL_PATH = Path(__file__).resolve().parent.parent / "interaction_models" / "en-US.json"
ISO_Z = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
FIXED_NOW = datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def model() -> InteractionModel:
    return load_model(MODEL_PATH)


def deserialize(event: JsonDict) -> Any:
    """Parse the event exactly as the ASK SDK's lambda handler does."""
    return DefaultSerializer().deserialize(json.dumps(event), "ask_sdk_model.RequestEnvelope")


def test_launch_request_is_what_alexa_sends() -> None:
    event = launch_request(now=FIXED_NOW)
    parsed = deserialize(event)
    assert type(parsed.request).__name__ == "LaunchRequest"
    assert parsed.version == "1.0"
    assert parsed.session.new is True
    assert parsed.session.session_id.startswith("amzn1.echo-api.session.")
    assert parsed.session.application.application_id == DEFAULT_SKILL_ID
    assert parsed.context.system.application.application_id == DEFAULT_SKILL_ID
    assert parsed.context.system.user.user_id == parsed.session.user.user_id
    assert parsed.context.system.device.device_id
    assert parsed.context.system.api_endpoint == envelopes.API_ENDPOINT  # the local fake, in tests
    assert parsed.request.request_id.startswith("amzn1.echo-api.request.")
    assert parsed.request.locale == "en-US"
    assert event["request"]["timestamp"] == "2024-05-06T07:08:09Z"
    assert event["context"]["System"]["device"]["supportedInterfaces"] == {}


def test_timestamp_is_iso_with_z() -> None:
    assert ISO_Z.fullmatch(launch_request()["request"]["timestamp"])


def test_request_ids_are_unique() -> None:
    assert launch_request()["request"]["requestId"] != launch_request()["request"]["requestId"]


def test_intent_with_resolved_slot() -> None:
    match = SlotMatch(value="calf raises", id="heel_raises", name="heel raises")
    event = intent_request("ExerciseIntent", {"exercise": match}, slot_types={"exercise": "EXERCISE"})
    parsed = deserialize(event)
    assert type(parsed.request).__name__ == "IntentRequest"
    assert parsed.request.dialog_state is None
    assert parsed.request.intent.name == "ExerciseIntent"
    assert parsed.request.intent.confirmation_status.value == "NONE"
    slot = parsed.request.intent.slots["exercise"]
    assert slot.value == "calf raises"
    authority = slot.resolutions.resolutions_per_authority[0]
    assert authority.authority == f"amzn1.er-authority.echo-sdk.{DEFAULT_SKILL_ID}.EXERCISE"
    assert authority.status.code.value == "ER_SUCCESS_MATCH"
    assert authority.values[0].value.id == "heel_raises"
    assert authority.values[0].value.name == "heel raises"
    assert event["request"]["intent"]["slots"]["exercise"]["source"] == "USER"
    assert slot.slot_value.value == "calf raises"


def test_intent_with_unmatched_slot() -> None:
    event = intent_request(
        "ExerciseIntent", {"exercise": SlotMatch(value="jumping jacks")}, slot_types={"exercise": "EXERCISE"}
    )
    slot = deserialize(event).request.intent.slots["exercise"]
    authority = slot.resolutions.resolutions_per_authority[0]
    assert slot.value == "jumping jacks"
    assert authority.status.code.value == "ER_SUCCESS_NO_MATCH"
    assert authority.values is None
    assert (
        "values"
        not in event["request"]["intent"]["slots"]["exercise"]["resolutions"]["resolutionsPerAuthority"][0]
    )


def test_unfilled_slot_has_its_name_only() -> None:
    event = intent_request("ExerciseIntent", {"exercise": None}, slot_types={"exercise": "EXERCISE"})
    assert event["request"]["intent"]["slots"] == {
        "exercise": {"name": "exercise", "confirmationStatus": "NONE"}
    }
    slot = deserialize(event).request.intent.slots["exercise"]
    assert (slot.name, slot.value, slot.resolutions) == ("exercise", None, None)


def test_intent_without_slots_sends_no_slots() -> None:
    event = intent_request("AMAZON.NextIntent")
    assert "slots" not in event["request"]["intent"]
    assert "dialogState" not in event["request"]
    assert deserialize(event).request.intent.name == "AMAZON.NextIntent"


def test_dialog_state_only_when_given() -> None:
    event = intent_request("ProgressIntent", dialog_state="COMPLETED")
    assert deserialize(event).request.dialog_state.value == "COMPLETED"


@pytest.mark.parametrize("reason", list(SessionEndedReason))
def test_session_ended_request(reason: SessionEndedReason) -> None:
    session = Session(session_id="amzn1.echo-api.session.x", new=False, attributes={"a": 1})
    event = session_ended_request(
        reason, error_type=SessionEndedErrorType.ENDPOINT_TIMEOUT, error_message="slow", session=session
    )
    parsed = deserialize(event)
    assert type(parsed.request).__name__ == "SessionEndedRequest"
    assert parsed.request.reason.value == reason.value
    assert parsed.session.attributes == {"a": 1}
    if reason == SessionEndedReason.ERROR:
        assert parsed.request.error.object_type.value == "ENDPOINT_TIMEOUT"
        assert parsed.request.error.message == "slow"
    else:
        assert "error" not in event["request"]


def test_caller_fields_reach_the_envelope() -> None:
    caller = Caller(skill_id="amzn1.ask.skill.other", user_id="u", device_id="d", locale="en-GB")
    parsed = deserialize(launch_request(caller=caller))
    assert parsed.session.application.application_id == "amzn1.ask.skill.other"
    assert (parsed.session.user.user_id, parsed.context.system.device.device_id) == ("u", "d")
    assert parsed.request.locale == "en-GB"


# --- reading replies ---------------------------------------------------------------------------


def response(
    ssml: str | None = None,
    *,
    reprompt: str | None = None,
    end: bool | None = None,
    attributes: JsonDict | None = None,
) -> JsonDict:
    body: JsonDict = {}
    if ssml is not None:
        body["outputSpeech"] = {"type": "SSML", "ssml": ssml}
    if reprompt is not None:
        body["reprompt"] = {"outputSpeech": {"type": "SSML", "ssml": reprompt}}
    if end is not None:
        body["shouldEndSession"] = end
    raw: JsonDict = {"version": "1.0", "response": body}
    if attributes is not None:
        raw["sessionAttributes"] = attributes
    return raw


def test_reply_reads_speech_breaks_and_reprompt() -> None:
    ssml = '<speak>Lift <break time="2s"/> and  lower. <break time="750ms"/>Ten &amp; done.</speak>'
    reply = Reply.from_response(response(ssml, reprompt="<speak>Say next.</speak>", end=False))
    assert reply.text == "Lift and lower. Ten & done."
    assert reply.breaks_ms == [2000, 750]
    assert reply.reprompt_text == "Say next."
    assert reply.ends_session is False


def test_reply_without_speech_or_reprompt() -> None:
    reply = Reply.from_response(response(end=True))
    assert (reply.ssml, reply.text, reply.reprompt_ssml, reply.reprompt_text) == ("", "", None, None)
    assert reply.ends_session


def test_plain_text_speech() -> None:
    raw = {"version": "1.0", "response": {"outputSpeech": {"type": "PlainText", "text": "a < b"}}}
    assert Reply.from_response(raw).text == "a < b"


def test_absent_should_end_session_ends_on_a_screenless_echo() -> None:
    assert Reply.from_response(response("<speak>Bye.</speak>")).ends_session


def test_not_a_response_is_refused() -> None:
    with pytest.raises(SkillContractError):
        Reply.from_response({"version": "1.0"})


def test_break_and_text_helpers() -> None:
    assert break_durations_ms("<break time='1.5s'/><break strength='strong'/><BREAK TIME=\"10S\"/>") == [
        1500,
        10000,
    ]
    assert speech_text("<speak><s>One</s><s>two</s></speak>") == "One two"


# --- the simulated device ----------------------------------------------------------------------


class EchoSkill:
    """A tiny skill that records what it gets and answers as told by the intent's name."""

    def __init__(self) -> None:
        self.events: list[JsonDict] = []

    def __call__(self, event: JsonDict, context: Any) -> JsonDict:
        self.events.append(event)
        request = event["request"]
        if request["type"] == "SessionEndedRequest":
            return {"version": "1.0", "response": {}}
        count = int(event["session"]["attributes"].get("count", 0)) + 1
        name = request.get("intent", {}).get("name", "launch")
        end = name == "AMAZON.StopIntent"
        return response(
            f'<speak>Heard {name}. <break time="1s"/></speak>',
            reprompt=None if end else "<speak>Go on.</speak>",
            end=end,
            attributes={"count": count},
        )


def test_device_keeps_the_session_and_its_attributes() -> None:
    skill = EchoSkill()
    device = Device(skill, clock=lambda: FIXED_NOW)
    assert not device.session_open

    first = device.launch()
    assert first.text == "Heard launch."
    assert first.breaks_ms == [1000]
    assert device.session_open
    second = device.intent("AMAZON.NextIntent")
    third = device.intent("AMAZON.StopIntent")

    sent = [event["session"] for event in skill.events]
    assert [session["new"] for session in sent] == [True, False, False]
    assert len({session["sessionId"] for session in sent}) == 1
    assert [session["attributes"] for session in sent] == [{}, {"count": 1}, {"count": 2}]
    assert second.session_attributes == {"count": 2}
    assert third.ends_session and not device.session_open
    assert all(event["request"]["timestamp"] == "2024-05-06T07:08:09Z" for event in skill.events)

    device.intent("AMAZON.HelpIntent")
    after = skill.events[-1]["session"]
    assert after["new"] is True
    assert after["attributes"] == {}
    assert after["sessionId"] != sent[0]["sessionId"]


def test_end_session_sends_session_ended_and_closes() -> None:
    skill = EchoSkill()
    device = Device(skill)
    device.launch()
    session_id = device.session_id
    device.end_session(SessionEndedReason.EXCEEDED_MAX_REPROMPTS)
    assert not device.session_open
    ended = skill.events[-1]
    assert ended["request"] == ended["request"] | {
        "type": "SessionEndedRequest",
        "reason": "EXCEEDED_MAX_REPROMPTS",
    }
    assert ended["session"]["sessionId"] == session_id
    assert ended["session"]["attributes"] == {"count": 1}
    device.end_session()
    assert len(skill.events) == 2, "no session open: nothing more is sent"


def test_end_session_refuses_speech() -> None:
    def chatty(event: JsonDict, context: Any) -> JsonDict:
        return response("<speak>Goodbye!</speak>", end=False)

    device = Device(chatty)
    device.launch()
    with pytest.raises(SkillContractError):
        device.end_session()


def test_device_resolves_slots_through_the_model(model: InteractionModel) -> None:
    skill = EchoSkill()
    device = Device(skill, model=model)
    device.intent("ExerciseIntent", exercise="calf raises")
    device.intent("ExerciseIntent", exercise=("tippy toes", "toe_walking"))
    device.intent("ExerciseIntent", exercise="jumping jacks")
    device.intent("ExerciseIntent")
    slots = [deserialize(event).request.intent.slots["exercise"] for event in skill.events]
    codes = [
        slot.resolutions.resolutions_per_authority[0].status.code.value if slot.resolutions else None
        for slot in slots
    ]
    assert codes == ["ER_SUCCESS_MATCH", "ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH", None]
    assert [slot.value for slot in slots] == ["calf raises", "tippy toes", "jumping jacks", None]
    assert slots[1].resolutions.resolutions_per_authority[0].values[0].value.name == "toe walking"


def test_device_without_model_sends_plain_words_as_no_match() -> None:
    skill = EchoSkill()
    Device(skill).intent("ExerciseIntent", exercise="calf raises")
    slot = skill.events[-1]["request"]["intent"]["slots"]["exercise"]
    assert slot["resolutions"]["resolutionsPerAuthority"][0]["status"]["code"] == "ER_SUCCESS_NO_MATCH"


def test_device_refuses_what_the_model_cannot_send(model: InteractionModel) -> None:
    device = Device(EchoSkill(), model=model)
    with pytest.raises(ValueError, match="no intent"):
        device.intent("ExcerciseIntent")
    with pytest.raises(ValueError, match="no slot"):
        device.intent("PaceIntent", exercise="calf raises")


def test_say_routes_like_a_device(model: InteractionModel) -> None:
    skill = EchoSkill()
    device = Device(skill, model=model)
    assert device.say("next") is None, "with no session open, 'next' goes to Alexa, not the skill"
    assert device.say("alexa") is None

    launched = device.say("Alexa, start my foot routine")
    assert launched is not None and launched.text == "Heard launch."
    first_session = device.session_id
    slower = device.say("slow down please")
    assert slower is not None
    assert skill.events[-1]["request"]["intent"]["slots"]["pace"]["value"] == "slow down"
    assert device.session_id == first_session

    device.say("alexa, ask my foot routine for ankle circles")
    one_shot = skill.events[-1]
    assert one_shot["session"]["new"] is True
    assert one_shot["session"]["sessionId"] != first_session
    assert (
        one_shot["request"]["intent"]["slots"]["exercise"]["resolutions"]["resolutionsPerAuthority"][0][
            "values"
        ][0]["value"]["id"]
        == "ankle_circles"
    )

    fallback = device.say("what's the weather")
    assert fallback is not None and fallback.text == "Heard AMAZON.FallbackIntent."
    stopped = device.say("stop")
    assert stopped is not None and stopped.ends_session and not device.session_open


# --- against a real ASK SDK skill ----------------------------------------------------------------


def ask_sdk_skill() -> Any:
    """A minimal skill built with the ASK SDK, checking the skill id like the real one."""
    builder = SkillBuilder()
    builder.skill_id = DEFAULT_SKILL_ID  # type: ignore[assignment]  # the SDK annotates it as None

    @builder.request_handler(can_handle_func=is_request_type("LaunchRequest"))
    def launch(handler_input: HandlerInput) -> Response:
        attributes = handler_input.attributes_manager.session_attributes
        if attributes is not None:
            attributes["opened"] = True
        answer: Response = handler_input.response_builder.speak("Ready?").ask("Say an exercise.").response
        return answer

    @builder.request_handler(can_handle_func=is_intent_name("ExerciseIntent"))
    def exercise(handler_input: HandlerInput) -> Response:
        slot: Any = get_slot(handler_input, "exercise")
        status = slot.resolutions.resolutions_per_authority[0]
        chosen = status.values[0].value.id if status.values else "unknown"
        opened = (handler_input.attributes_manager.session_attributes or {}).get("opened")
        answer: Response = (
            handler_input.response_builder.speak(f"{chosen} {opened}").set_should_end_session(True).response
        )
        return answer

    @builder.request_handler(can_handle_func=is_request_type("SessionEndedRequest"))
    def ended(handler_input: HandlerInput) -> Response:
        answer: Response = handler_input.response_builder.response
        return answer

    return builder.lambda_handler()


def test_device_drives_a_real_ask_sdk_skill(model: InteractionModel) -> None:
    device = Device(ask_sdk_skill(), model=model)
    assert device.launch().reprompt_text == "Say an exercise."
    reply = device.intent("ExerciseIntent", exercise="ankle rolls")
    assert reply.text == "ankle_circles True"
    assert not device.session_open
    device.launch()
    device.end_session()
    assert not device.session_open


def test_real_ask_sdk_skill_refuses_another_skill_id() -> None:
    # The id in the envelope is the one the device was given, so the SDK's own check sees it.
    with pytest.raises(AskSdkException, match="Skill ID Verification failed"):
        Device(ask_sdk_skill(), skill_id="amzn1.ask.skill.someone-else").launch()
