"""No device id, alert token, user id or access token in any log line, failures included (issue #12: 6).

Before: when the Alexa API was unreachable or timed out, the error text carried the URL path
(``/v2/devices/{deviceId}/settings/...``, ``/v1/alerts/reminders/{alertToken}``) into the logs.
Each failure below is real: a port nothing listens on, or the local fake API hanging past the
client's timeout. Every record is formatted the way production writes it (``JsonFormatter``,
extras and tracebacks included) and searched for each secret.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from devtools.alexa_fake import FakeAlexaApi
from devtools.envelopes import SIMULATED_API_ACCESS_TOKEN, Device
from skill.app import lambda_handler_for
from skill.logs import JsonFormatter, redact
from skill.storage import MemoryStore

USER = "amzn1.ask.account.SECRETUSER123"
DEVICE = "amzn1.ask.device.SECRETDEVICE456"
NOW = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)


@pytest.fixture
def closed_port_url() -> Iterator[str]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield f"http://127.0.0.1:{port}"


def all_logged(caplog: pytest.LogCaptureFixture) -> str:
    formatter = JsonFormatter()
    return "\n".join(formatter.format(record) for record in caplog.records)


def coach(store: MemoryStore, api_endpoint: str | None = "") -> Device:
    return Device(
        lambda_handler_for(store),
        user_id=USER,
        device_id=DEVICE,
        api_endpoint=api_endpoint,
        clock=lambda: NOW,
    )


def assert_no_secret(text: str, *secrets: str) -> None:
    for secret in (USER, DEVICE, SIMULATED_API_ACCESS_TOKEN, *secrets):
        assert secret not in text, f"{secret} reached the logs"


def test_an_unreachable_api_leaks_nothing(
    store_with_reminder: tuple[MemoryStore, str], closed_port_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    store, token = store_with_reminder
    with caplog.at_level(logging.DEBUG):
        device = coach(store, closed_port_url)
        device.say("ask my foot routine do I have a reminder")
        device.say("ask my foot routine to cancel my reminder")
        device.say("ask my foot routine to remind me every day at 9 am")
        finishing = coach(store, closed_port_url)
        finishing.say("ask my foot routine how am I doing")
    logged = all_logged(caplog)
    assert "AlexaApiError" in logged or "could not" in logged, "the failures were logged"
    assert_no_secret(logged, token)


def test_a_hanging_api_leaks_nothing(
    store_with_reminder: tuple[MemoryStore, str], alexa_api: FakeAlexaApi, caplog: pytest.LogCaptureFixture
) -> None:
    store, token = store_with_reminder
    alexa_api.hang("/v1/alerts", seconds=5)
    alexa_api.hang("/v2/devices", seconds=5)
    with caplog.at_level(logging.DEBUG):
        coach(store).say("ask my foot routine do I have a reminder")
        coach(store).say("ask my foot routine how am I doing")
    logged = all_logged(caplog)
    assert "TimeoutError" in logged or "timed out" in logged, "the timeouts were logged"
    assert_no_secret(logged, token)


@pytest.fixture
def store_with_reminder(alexa_api: FakeAlexaApi) -> tuple[MemoryStore, str]:
    store = MemoryStore()
    coach(store).say("ask my foot routine to remind me every day at 8 am")
    record = store.load(USER)
    assert record is not None and record.get("reminder")
    token: str = record["reminder"]["token"]
    return store, token


def test_redact_scrubs_ids_and_tokens_from_any_text() -> None:
    text = (
        f"GET /v2/devices/{DEVICE}/settings/System.timeZone for {USER} with Bearer abc.def-ghi "
        "DELETE /v1/alerts/reminders/0f3c2a8e-1234-4abc-9def-001122334455"
    )
    cleaned = redact(text)
    assert_no_secret(cleaned, "0f3c2a8e-1234-4abc-9def-001122334455", "abc.def-ghi")
    assert "/v2/devices/" in cleaned and "/v1/alerts/reminders/" in cleaned


# Credentials, tokens and records at DEBUG, DynamoDB included (issue #20, 4)
# --------------------------------------------------------------------------------------------------

ACCESS_KEY_ID = "AKIAFOOTROUTINE12345"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY"
SESSION_TOKEN = "IQoJb3JpZ2luX2VjEFOOTROUTINESESSIONTOKEN"


def test_debug_logs_with_dynamodb_hold_no_credential_token_or_record(
    dynamodb_endpoint: str, monkeypatch: pytest.MonkeyPatch, alexa_api: FakeAlexaApi
) -> None:
    """LOG_LEVEL=DEBUG on a DynamoDB store: botocore's loggers wrote the signed Authorization header,
    X-Amz-Security-Token, the access key id, alert tokens and whole records. Not any more, at any level."""
    import io
    import uuid

    from skill.logs import configure_logging
    from skill.storage import DynamoDbStore

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    monkeypatch.setenv("AWS_SESSION_TOKEN", SESSION_TOKEN)
    store = DynamoDbStore(f"debug-{uuid.uuid4().hex[:8]}", endpoint_url=dynamodb_endpoint)
    store.create_table()
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    stream = io.StringIO()
    try:
        configure_logging("DEBUG", stream)
        device = Device(lambda_handler_for(store), user_id=USER, device_id=DEVICE, clock=lambda: NOW)
        device.say("ask my foot routine to remind me every day at 8 am")
        device.say("start my foot routine")
        device.say("ready")
        device.say("pause")
    finally:
        for handler in list(root.handlers):
            root.removeHandler(handler)
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)
    record = store.load(USER)
    assert record is not None and record.get("reminder") and record.get("position")
    logged = stream.getvalue()
    assert '"level": "DEBUG"' in logged, "DEBUG lines are written: the level is honoured"
    assert_no_secret(
        logged,
        ACCESS_KEY_ID,
        SECRET_KEY,
        SESSION_TOKEN,
        record["reminder"]["token"],
        "X-Amz-Security-Token",
        "AWS4-HMAC-SHA256",
        "heel_raises",  # the record's position
    )
    assert "attributes" not in logged, "no item, no record"


def test_redact_scrubs_aws_credentials_from_any_text() -> None:
    text = (
        f"headers={{'X-Amz-Security-Token': '{SESSION_TOKEN}', 'Authorization': 'AWS4-HMAC-SHA256 "
        f"Credential={ACCESS_KEY_ID}/20261205/us-east-1/dynamodb/aws4_request, SignedHeaders=host, "
        "Signature=0123456789abcdef0123456789abcdef'}"
    )
    cleaned = redact(text)
    assert_no_secret(cleaned, SESSION_TOKEN, ACCESS_KEY_ID, "0123456789abcdef0123456789abcdef")
