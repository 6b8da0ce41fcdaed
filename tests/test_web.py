"""The web service over real HTTP: a werkzeug server on a free port, requests through urllib.

Going through a socket (not Flask's test client) exercises what a deployment sees: Content-Length
limits, the SDK's own verification, status codes and JSON bodies as bytes on the wire.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from devtools.envelopes import Device, JsonDict, Reply
from skill.app import build_skill
from skill.storage import MemoryStore, ProgressStore
from webhost.web import MAX_BODY_BYTES, check_envelope, create_app

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
OTHER_SKILL_ID = "amzn1.ask.skill.99999999-8888-7777-6666-000000000000"
TEST_USER = "amzn1.ask.account.TESTUSER"
WELCOME = "Welcome to your foot routine"
NO_VERIFY: dict[str, Any] = {"verify_signature": False, "verify_timestamp": False}


# --------------------------------------------------------------------------------------------------
# Envelopes
# --------------------------------------------------------------------------------------------------


def launch_envelope(application_id: str = SKILL_ID) -> dict[str, Any]:
    """A complete LaunchRequest envelope shaped like the ones Alexa sends, timestamped now."""
    user = {"userId": TEST_USER}
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
def start_server(serve_wsgi: Callable[[Any], str]) -> Callable[..., str]:
    """Start ``create_app(build_skill(store), **options)`` over real HTTP; return its base URL.

    The skill is the real one, keeping progress in ``store`` (a new MemoryStore unless one is given).
    """

    def start(store: ProgressStore | None = None, **options: Any) -> str:
        return serve_wsgi(create_app(build_skill(store if store is not None else MemoryStore()), **options))

    return start


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


def http_device(base_url: str, **device: Any) -> Device:
    """A simulated Echo whose requests go to the web service over HTTP (each must be answered 200)."""

    def handle(event: JsonDict, context: Any) -> JsonDict:
        status, body = post(base_url, event)
        assert status == 200, body
        assert isinstance(body, dict)
        return body

    return Device(handle, **device)


# --------------------------------------------------------------------------------------------------
# Tests
# --------------------------------------------------------------------------------------------------


def test_unsigned_request_is_refused_when_verification_is_on(start_server: Callable[..., str]) -> None:
    status, body = post(start_server(), launch_envelope())
    assert status == 400
    assert "error" in body


def test_unsigned_refused_request_stores_nothing(start_server: Callable[..., str]) -> None:
    store = MemoryStore()
    assert post(start_server(store), launch_envelope())[0] == 400
    assert len(store) == 0


def test_launch_request_gets_the_welcome(start_server: Callable[..., str]) -> None:
    store = MemoryStore()
    status, body = post(start_server(store, **NO_VERIFY), launch_envelope())
    assert status == 200
    assert body["version"] == "1.0"
    output = body["response"]["outputSpeech"]
    assert output["type"] == "SSML"
    assert output["ssml"].startswith("<speak>")
    assert output["ssml"].endswith("</speak>")
    assert WELCOME in output["ssml"]
    assert "sharp pain" in output["ssml"]
    assert body["response"]["shouldEndSession"] is False
    record = store.load(TEST_USER)
    assert record is not None
    assert (record["position"]["exercise"], record["position"]["side"]) == ("heel_raises", ""), (
        "getting ready"
    )


def test_next_in_the_same_session_goes_on_to_the_left_leg(start_server: Callable[..., str]) -> None:
    device = http_device(start_server(**NO_VERIFY), user_id=TEST_USER)
    launch = device.launch()
    assert launch.text.startswith(WELCOME)
    assert launch.session_attributes, "the skill keeps its place in the session too"

    after = device.intent("AMAZON.NextIntent")
    sent = after.request["session"]
    assert sent["new"] is False
    assert sent["sessionId"] == launch.request["session"]["sessionId"]
    assert sent["attributes"] == launch.session_attributes
    first_sentence = after.text.split(".")[0]
    assert "right leg" in first_sentence, "from getting ready to the first set"
    assert "left leg" not in first_sentence
    assert WELCOME not in after.text


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
    store = MemoryStore()
    base_url = start_server(store, skill_id=SKILL_ID, **NO_VERIFY)
    status, answer = post(base_url, launch_envelope(OTHER_SKILL_ID))
    assert status == 403
    assert answer == {"error": "request is not for this skill"}
    assert len(store) == 0, "a refused request stores nothing"


def test_request_naming_two_different_skills_is_403(start_server: Callable[..., str]) -> None:
    envelope = launch_envelope(SKILL_ID)
    envelope["session"]["application"] = {"applicationId": OTHER_SKILL_ID}
    base_url = start_server(verify_signature=False, verify_timestamp=False, skill_id=SKILL_ID)
    assert post(base_url, envelope)[0] == 403


def test_request_for_this_skill_is_answered(start_server: Callable[..., str]) -> None:
    base_url = start_server(verify_signature=False, verify_timestamp=False, skill_id=SKILL_ID)
    status, body = post(base_url, launch_envelope(SKILL_ID))
    assert status == 200
    assert WELCOME in body["response"]["outputSpeech"]["ssml"]


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
    del envelope["context"]["System"]["application"]
    assert check_envelope(json.dumps(envelope).encode(), SKILL_ID) == (
        400,
        "request body is not an Alexa request envelope",
    )


def test_check_envelope_refuses_an_envelope_without_context() -> None:
    """Every real request carries context.System (the skill reads the user and device from it)."""
    envelope = launch_envelope()
    del envelope["context"]
    assert check_envelope(json.dumps(envelope).encode(), SKILL_ID) == (
        400,
        "request body is not an Alexa request envelope",
    )


def test_check_envelope_refuses_a_session_naming_another_skill() -> None:
    envelope = launch_envelope()
    envelope["session"]["application"]["applicationId"] = OTHER_SKILL_ID
    assert check_envelope(json.dumps(envelope).encode(), SKILL_ID) == (403, "request is not for this skill")


# --------------------------------------------------------------------------------------------------
# foot-routine serve, as a process
# --------------------------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(process: subprocess.Popen[str], base_url: str, within_s: float = 60.0) -> None:
    deadline = time.monotonic() + within_s
    while True:
        if process.poll() is not None:
            pytest.fail(f"foot-routine serve exited early with code {process.returncode}")
        try:
            if _send(urllib.request.Request(base_url + "/health")) == (200, {"status": "ok"}):
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"foot-routine serve did not answer /health within {within_s} s")
        time.sleep(0.05)


def test_serve_command_without_signature_check_answers_and_warns_loudly() -> None:
    port = _free_port()
    env = {name: value for name, value in os.environ.items() if name != "SKILL_ID"}
    env["SKILL_STORE"] = "memory"
    process = subprocess.Popen(
        [sys.executable, "-m", "devtools.cli", "serve", "--port", str(port), "--no-verify-signature"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(process, base_url)
        status, body = post(base_url, launch_envelope())
    finally:
        process.terminate()
        try:
            _, stderr = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            _, stderr = process.communicate()
    assert status == 200
    assert Reply.from_response(body).text.startswith(WELCOME)
    assert "WARNING: Alexa request signature verification is OFF" in stderr
    assert f"http://127.0.0.1:{port}/" in stderr


def test_serve_command_without_skill_id_warns_loudly_at_start_up(tmp_path: Path) -> None:
    """Issue #20, 7: without SKILL_ID the service answers any skill; it used to say nothing."""
    port = _free_port()
    env = {name: value for name, value in os.environ.items() if name != "SKILL_ID"}
    env["SKILL_STORE"] = "memory"
    env["XDG_CACHE_HOME"] = str(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "devtools.cli", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_until_up(process, f"http://127.0.0.1:{port}")
    finally:
        process.terminate()
        try:
            _, stderr = process.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            _, stderr = process.communicate()
    assert "WARNING: SKILL_ID is not set." in stderr
    assert "answers requests for ANY Alexa skill" in stderr
    assert "verification is OFF" not in stderr, "signatures are checked: only the skill id warning"


def test_a_skill_that_fails_inside_the_adapter_answers_the_apology_not_a_500(
    serve_wsgi: Callable[[Any], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """flask-ask-sdk's adapter answers 500 for whatever escapes the skill (the SDK's own exception
    handlers catch what the handlers raise; a failure around them, in the SDK, still escapes):
    Alexa would only say "there was a problem". We answer Lambda's apology instead."""
    skill = build_skill(MemoryStore())

    def fails(**_: Any) -> Any:
        raise RuntimeError("a failure inside the SDK")

    monkeypatch.setattr(skill, "invoke", fails)
    status, body = post(serve_wsgi(create_app(skill, **NO_VERIFY)), launch_envelope())
    assert status == 200
    assert "Sorry" in body["response"]["outputSpeech"]["ssml"]
