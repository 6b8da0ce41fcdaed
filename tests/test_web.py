"""The web service over real HTTP: a werkzeug server on a free port, requests through urllib.

Going through a socket (not Flask's test client) exercises what a deployment sees: Content-Length
limits, the SDK's own verification, status codes and JSON bodies as bytes on the wire.
"""

from __future__ import annotations

import http.client
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_model.response import Response
from werkzeug.serving import make_server

from skill.web import MAX_BODY_BYTES, check_envelope, create_app

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
OTHER_SKILL_ID = "amzn1.ask.skill.99999999-8888-7777-6666-000000000000"

# --------------------------------------------------------------------------------------------------
# The skill under test
# --------------------------------------------------------------------------------------------------


# TODO(lead): switch to build_skill(MemoryStore()) from skill/app.py once it exists; this stand-in is a
# minimal real ask-sdk-core skill (one LaunchRequest handler) so the web layer can be tested meanwhile.
class _LaunchHandler(AbstractRequestHandler):
    """Greets on launch and keeps the session open, like the real skill's launch."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("LaunchRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        builder = handler_input.response_builder
        return builder.speak("Welcome to my foot routine.").ask("Shall we start?").response


def _build_test_skill() -> CustomSkill:
    """A real CustomSkill built the same way the real skill is (TODO(lead): build_skill)."""
    builder = CustomSkillBuilder()
    builder.add_request_handler(_LaunchHandler())
    return builder.create()


# --------------------------------------------------------------------------------------------------
# Envelopes
# --------------------------------------------------------------------------------------------------


def launch_envelope(application_id: str = SKILL_ID) -> dict[str, Any]:
    """A complete LaunchRequest envelope shaped like the ones Alexa sends, timestamped now."""
    user = {"userId": "amzn1.ask.account.TESTUSER"}
    application = {"applicationId": application_id}
    return {
        "version": "1.0",
        "session": {
            "new": True,
            "sessionId": f"amzn1.echo-api.session.{uuid.uuid4()}",
            "application": application,
            "user": user,
        },
        "context": {
            "System": {
                "application": application,
                "user": user,
                "device": {"deviceId": "amzn1.ask.device.TESTDEVICE", "supportedInterfaces": {}},
                "apiEndpoint": "https://api.amazonalexa.com",
                "apiAccessToken": "test-access-token",
            }
        },
        "request": {
            "type": "LaunchRequest",
            "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "locale": "en-US",
        },
    }


# --------------------------------------------------------------------------------------------------
# A live server
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def start_server() -> Iterator[Callable[..., str]]:
    """Start ``create_app(skill, **options)`` on 127.0.0.1:<free port>; return its base URL.

    Every server started by a test is shut down and closed afterwards, even if the test failed.
    """
    servers: list[Any] = []
    threads: list[threading.Thread] = []

    def start(**options: Any) -> str:
        app = create_app(_build_test_skill(), **options)
        server = make_server("127.0.0.1", 0, app, threaded=True)
        # A short poll interval keeps shutdown() (which waits for the next poll) from costing 0.5 s a test.
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        thread.start()
        servers.append(server)
        threads.append(thread)
        return f"http://127.0.0.1:{server.server_port}"

    try:
        yield start
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=5)


def _send(request: urllib.request.Request) -> tuple[int, Any]:
    """Send and return (status, parsed JSON body); HTTP errors are answers here, not exceptions."""
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            body = error.read()
        return error.code, json.loads(body)


def post(base_url: str, body: bytes | dict[str, Any] | list[Any]) -> tuple[int, Any]:
    """POST a body (dicts and lists are JSON-encoded) to the skill endpoint."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode("utf-8")
    request = urllib.request.Request(
        base_url + "/", data=data, method="POST", headers={"Content-Type": "application/json"}
    )
    return _send(request)


# --------------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------------


def test_unsigned_request_is_refused_when_verification_is_on(start_server: Callable[..., str]) -> None:
    status, body = post(start_server(), launch_envelope())
    assert status == 400
    assert "error" in body


def test_launch_request_gets_an_alexa_response(start_server: Callable[..., str]) -> None:
    status, body = post(start_server(verify_signature=False, verify_timestamp=False), launch_envelope())
    assert status == 200
    assert body["version"] == "1.0"
    speech = body["response"]["outputSpeech"]
    assert speech["type"] == "SSML"
    assert speech["ssml"].startswith("<speak>")
    assert speech["ssml"].endswith("</speak>")


def test_timestamp_check_alone_accepts_a_fresh_request(start_server: Callable[..., str]) -> None:
    status, _ = post(start_server(verify_signature=False), launch_envelope())
    assert status == 200


@pytest.mark.parametrize(
    "body",
    [b"this is not json", b"{", b"\xff\xfe{}", b"[" * 100_000],
    ids=["text", "truncated", "not-utf8", "deeply-nested"],
)
def test_non_json_body_is_400_not_500(start_server: Callable[..., str], body: bytes) -> None:
    status, answer = post(start_server(verify_signature=False, verify_timestamp=False), body)
    assert status == 400
    assert answer == {"error": "request body is not valid JSON"}


@pytest.mark.parametrize("body", [[launch_envelope()], "a string", 42, None])
def test_json_that_is_not_an_object_is_400(start_server: Callable[..., str], body: Any) -> None:
    data = json.dumps(body).encode("utf-8")
    status, answer = post(start_server(verify_signature=False, verify_timestamp=False), data)
    assert status == 400
    assert answer == {"error": "request body is not a JSON object"}


def test_object_without_a_request_is_400(start_server: Callable[..., str]) -> None:
    status, _ = post(start_server(verify_signature=False, verify_timestamp=False), {"version": "1.0"})
    assert status == 400


def test_request_for_another_skill_is_403(start_server: Callable[..., str]) -> None:
    base_url = start_server(verify_signature=False, verify_timestamp=False, skill_id=SKILL_ID)
    status, answer = post(base_url, launch_envelope(OTHER_SKILL_ID))
    assert status == 403
    assert answer == {"error": "request is not for this skill"}


def test_request_naming_two_different_skills_is_403(start_server: Callable[..., str]) -> None:
    envelope = launch_envelope(SKILL_ID)
    envelope["session"]["application"] = {"applicationId": OTHER_SKILL_ID}
    base_url = start_server(verify_signature=False, verify_timestamp=False, skill_id=SKILL_ID)
    assert post(base_url, envelope)[0] == 403


def test_request_for_this_skill_is_answered(start_server: Callable[..., str]) -> None:
    base_url = start_server(verify_signature=False, verify_timestamp=False, skill_id=SKILL_ID)
    status, body = post(base_url, launch_envelope(SKILL_ID))
    assert status == 200
    assert "ssml" in body["response"]["outputSpeech"]


def test_oversized_body_is_413(start_server: Callable[..., str]) -> None:
    envelope = launch_envelope()
    envelope["padding"] = "x" * 200_000
    status, answer = post(start_server(verify_signature=False, verify_timestamp=False), envelope)
    assert status == 413
    assert "error" in answer


def test_oversized_chunked_body_is_413_not_truncated(start_server: Callable[..., str]) -> None:
    """Werkzeug silently cuts a chunked body at MAX_CONTENT_LENGTH; the app must still answer 413."""
    base_url = start_server(verify_signature=False, verify_timestamp=False)
    envelope = launch_envelope()
    envelope["padding"] = "x" * 200_000
    data = json.dumps(envelope).encode("utf-8")
    chunks = (data[i : i + 8192] for i in range(0, len(data), 8192))
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(base_url).netloc, timeout=10)
    try:
        connection.request("POST", "/", body=chunks, encode_chunked=True)
        response = connection.getresponse()
        assert response.status == 413
        assert "error" in json.loads(response.read())
    finally:
        connection.close()


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_body_exactly_at_the_limit_is_accepted(start_server: Callable[..., str], chunked: bool) -> None:
    envelope = launch_envelope()
    envelope["padding"] = ""
    envelope["padding"] = "x" * (MAX_BODY_BYTES - len(json.dumps(envelope).encode("utf-8")))
    data = json.dumps(envelope).encode("utf-8")
    assert len(data) == MAX_BODY_BYTES
    base_url = start_server(verify_signature=False, verify_timestamp=False)
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(base_url).netloc, timeout=10)
    try:
        body = iter([data]) if chunked else data
        connection.request("POST", "/", body=body, encode_chunked=chunked)
        assert connection.getresponse().status == 200
    finally:
        connection.close()


def test_body_one_byte_over_the_limit_is_413(start_server: Callable[..., str]) -> None:
    envelope = launch_envelope()
    envelope["padding"] = ""
    envelope["padding"] = "x" * (MAX_BODY_BYTES + 1 - len(json.dumps(envelope).encode("utf-8")))
    assert post(start_server(verify_signature=False, verify_timestamp=False), envelope)[0] == 413


def test_health_is_ok(start_server: Callable[..., str]) -> None:
    assert _send(urllib.request.Request(start_server() + "/health")) == (200, {"status": "ok"})


def test_get_on_the_skill_endpoint_is_a_json_405(start_server: Callable[..., str]) -> None:
    status, answer = _send(urllib.request.Request(start_server() + "/"))
    assert status == 405
    assert "error" in answer


# --------------------------------------------------------------------------------------------------
# check_envelope without HTTP
# --------------------------------------------------------------------------------------------------


def test_check_envelope_accepts_a_real_envelope_without_skill_id() -> None:
    assert check_envelope(json.dumps(launch_envelope(OTHER_SKILL_ID)).encode(), None) is None


def test_check_envelope_refuses_an_envelope_without_any_application_id() -> None:
    envelope = launch_envelope()
    del envelope["session"]
    del envelope["context"]
    assert check_envelope(json.dumps(envelope).encode(), SKILL_ID) == (403, "request is not for this skill")


def test_check_envelope_falls_back_to_the_session_application_id() -> None:
    envelope = launch_envelope()
    del envelope["context"]
    assert check_envelope(json.dumps(envelope).encode(), SKILL_ID) is None
