"""AlexaSkillEvent.SkillDisabled: the user's record is deleted, nobody else's, and the event is answered."""

from __future__ import annotations

import json
import logging
import socket
import uuid
from typing import Any

import pytest

from devtools.envelopes import API_ENDPOINT, DEFAULT_SKILL_ID, Caller, Device, intent_request
from skill.app import error_response, lambda_handler_for
from skill.storage import DynamoDbStore, ProgressStore
from skill.storage.memory import MemoryStore

ALICE = "amzn1.ask.account.ALICE"
BOB = "amzn1.ask.account.BOB"


def skill_disabled(user_id: str, skill_id: str = DEFAULT_SKILL_ID) -> dict[str, Any]:
    """A SkillDisabled event as Alexa sends it: context and request, and no session at all."""
    return {
        "version": "1.0",
        "context": {
            "System": {
                "application": {"applicationId": skill_id},
                "user": {"userId": user_id},
                "apiEndpoint": API_ENDPOINT,
                "apiAccessToken": "simulated-api-access-token",
            }
        },
        "request": {
            "type": "AlexaSkillEvent.SkillDisabled",
            "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
            "timestamp": "2026-11-25T08:30:00Z",
            "eventCreationTime": "2026-11-25T08:29:58Z",
            "eventPublishingTime": "2026-11-25T08:29:59Z",
            "body": {"userInformationPersistenceStatus": "NOT_PERSISTED"},
        },
    }


@pytest.fixture(params=["memory", "dynamodb"])
def any_store(request: pytest.FixtureRequest) -> ProgressStore:
    if request.param == "memory":
        return MemoryStore()
    dynamo: ProgressStore = request.getfixturevalue("dynamodb_store")
    return dynamo


def test_skill_disabled_deletes_only_that_users_record(any_store: ProgressStore) -> None:
    handler = lambda_handler_for(any_store)
    for user in (ALICE, BOB):
        device = Device(handler, user_id=user)
        device.launch()
        device.intent("AMAZON.StopIntent")
    assert any_store.load(ALICE) is not None
    bobs = any_store.load(BOB)
    assert bobs is not None

    reply = handler(skill_disabled(ALICE), None)

    assert reply["version"] == "1.0"
    response = reply["response"]
    assert not response.get("outputSpeech") and not response.get("reprompt")
    assert any_store.load(ALICE) is None
    assert any_store.load(BOB) == bobs


def test_skill_disabled_for_a_user_never_seen_is_answered(any_store: ProgressStore) -> None:
    reply = lambda_handler_for(any_store)(skill_disabled("amzn1.ask.account.NOBODY"), None)
    assert "response" in reply and not reply["response"].get("outputSpeech")


def test_a_user_who_comes_back_after_disabling_is_welcomed_as_new() -> None:
    store = MemoryStore()
    handler = lambda_handler_for(store)
    first = Device(handler, user_id=ALICE).launch()
    handler(skill_disabled(ALICE), None)
    again = Device(handler, user_id=ALICE).launch()
    assert again.text == first.text


def test_a_store_that_fails_is_logged_and_the_event_still_answered(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    unreachable = DynamoDbStore("foot-routine-progress", endpoint_url=f"http://127.0.0.1:{port}")
    with caplog.at_level(logging.ERROR, logger="skill.handlers.events"):
        reply = lambda_handler_for(unreachable)(skill_disabled(ALICE), None)
    assert "response" in reply and not reply["response"].get("outputSpeech")
    assert any("could not be deleted" in record.getMessage() for record in caplog.records)


def test_an_event_without_a_user_id_is_refused_without_deleting_anything() -> None:
    """Not a well-formed envelope (every real event names its user): the gate's apology, nothing deleted."""
    store = MemoryStore()
    store.save(ALICE, {"pace": 100})
    event = skill_disabled(ALICE)
    del event["context"]["System"]["user"]
    reply = lambda_handler_for(store)(event, None)
    assert reply == error_response()
    assert store.load(ALICE) == {"pace": 100, "revision": 1}


@pytest.mark.parametrize(
    ("kind", "body"),
    [
        ("AlexaSkillEvent.SkillEnabled", {}),
        (
            "AlexaSkillEvent.SkillPermissionAccepted",
            {"acceptedPermissions": [{"scope": "alexa::alerts:reminders:skill:readwrite"}]},
        ),
        ("AlexaSkillEvent.SkillPermissionChanged", {"acceptedPermissions": []}),
        ("AlexaSkillEvent.SkillAccountLinked", {"accessToken": "token"}),
    ],
)
def test_other_skill_events_get_an_empty_answer_and_change_nothing(kind: str, body: dict[str, Any]) -> None:
    store = MemoryStore()
    store.save(ALICE, {"pace": 125})
    event = skill_disabled(ALICE)
    event["request"]["type"] = kind
    event["request"]["body"] = body
    reply = lambda_handler_for(store)(event, None)
    assert reply["response"] == {}, "nothing said for an event"
    assert store.load(ALICE) == {"pace": 125, "revision": 1}


def test_a_failed_deletion_logs_the_table_key_an_operator_needs_and_nothing_more(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Issue #20, 7: the line held only a salted hash, so nobody could delete the record by hand."""
    from skill.logs import JsonFormatter

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    unreachable = DynamoDbStore("foot-routine-progress", endpoint_url=f"http://127.0.0.1:{port}")
    with caplog.at_level(logging.DEBUG, logger="skill"):
        lambda_handler_for(unreachable)(skill_disabled(ALICE), None)
    lines = [json.loads(JsonFormatter().format(record)) for record in caplog.records]
    (failure,) = [line for line in lines if "could not be deleted" in line["message"]]
    assert failure["delete_key"] == ALICE, "the item's key, as stored: the operator can delete it"
    assert failure["delete_key_prefix"] == ALICE + "#person#", "and every person's item on the account"
    assert "foot-routine-progress" in failure["message"], "in which table"
    everything = json.dumps(lines)
    assert everything.count(ALICE) == 2, "the key twice in that one line, nowhere else"


def alexa_report(request: dict[str, Any], *, session: bool) -> dict[str, Any]:
    """An envelope around a request Alexa sends about an error, in or out of a session."""
    event = intent_request("AMAZON.NextIntent", caller=Caller(user_id=ALICE))
    event["request"] = {
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": event["request"]["timestamp"],
        "locale": "en-US",
        **request,
    }
    if session:
        event["session"]["new"] = False
    else:
        del event["session"]
    return event


def test_exception_encountered_gets_no_speech_and_no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    """Issue #20, 7: Alexa's report that a response failed was answered with speech, a traceback logged."""
    event = alexa_report(
        {
            "type": "System.ExceptionEncountered",
            "error": {"type": "INVALID_RESPONSE", "message": "An exception occurred while dispatching."},
            "cause": {"requestId": "amzn1.echo-api.request.earlier"},
        },
        session=False,
    )
    with caplog.at_level(logging.INFO, logger="skill"):
        reply = lambda_handler_for(MemoryStore())(event, None)
    assert reply["response"] == {}, "nothing said, nothing asked"
    assert not any(record.exc_info for record in caplog.records), "no traceback"
    assert any("INVALID_RESPONSE" in record.getMessage() for record in caplog.records)


def test_a_screen_list_error_gets_no_speech_no_traceback_and_the_session_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    store = MemoryStore()
    device = Device(lambda_handler_for(store), user_id=ALICE)
    device.launch()
    before = dict(device.session_attributes)
    event = alexa_report(
        {
            "type": "Alexa.Presentation.APL.RuntimeError",
            "token": "foot-routine",
            "errors": [
                {"type": "LIST_ERROR", "reason": "INVALID_DATASOURCE", "listId": "l", "message": "bad list"}
            ],
        },
        session=True,
    )
    event["session"]["attributes"] = before
    with caplog.at_level(logging.INFO, logger="skill"):
        reply = lambda_handler_for(store)(event, None)
    assert "outputSpeech" not in reply["response"] and "shouldEndSession" not in reply["response"]
    assert not any(record.exc_info for record in caplog.records), "no traceback"
    assert any("LIST_ERROR/INVALID_DATASOURCE" in record.getMessage() for record in caplog.records)
    assert reply["sessionAttributes"]["progress"] == before["progress"], "the place is kept"
