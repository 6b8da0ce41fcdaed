"""Structured JSON logs, and a salted hash in place of the raw userId."""

from __future__ import annotations

import io
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from devtools.envelopes import Caller, Device, launch_request
from skill.app import build_skill, lambda_handler_for
from skill.logs import JsonFormatter, configure_logging, user_hash
from skill.storage import DynamoDbStore, MemoryStore
from webhost.web import create_app

USER = "amzn1.ask.account.AGF7EXAMPLEUSERID"


@pytest.fixture
def restore_root_logger() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        yield
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)


def test_user_hash_is_stable_for_a_salt_and_differs_across_salts() -> None:
    assert user_hash(USER, salt="one") == user_hash(USER, salt="one")
    assert user_hash(USER, salt="one") != user_hash(USER, salt="two")
    assert user_hash(USER, salt="one") != user_hash("amzn1.ask.account.OTHER", salt="one")


def test_user_hash_never_contains_the_raw_id() -> None:
    for user in (USER, "amzn1.ask.account.A", "u-0123456789abcdef"):
        for salt in ("", "s", USER):
            hashed = user_hash(user, salt=salt)
            assert user not in hashed and "amzn1" not in hashed
            assert len(hashed) == 18 and hashed.startswith("u-")


def test_user_hash_uses_log_salt_then_a_process_salt(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOG_SALT", "from-env")
    assert user_hash(USER) == user_hash(USER, salt="from-env")
    monkeypatch.delenv("LOG_SALT")
    assert user_hash(USER) == user_hash(USER)  # stable within the process
    assert user_hash(USER) != user_hash(USER, salt="from-env")
    assert user_hash(USER) != user_hash(USER, salt="")


def test_the_formatter_writes_one_json_object_per_line_with_extras(restore_root_logger: None) -> None:
    stream = io.StringIO()
    configure_logging(logging.DEBUG, stream)
    log = logging.getLogger("skill.test")
    log.info("turn for %s", "Launch", extra={"user": user_hash(USER, salt="s"), "ms": 12, "odd": {1, 2}})
    log.warning('quotes " and newlines\nand unicode ✓')
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        log.exception("failed")

    lines = stream.getvalue().splitlines()
    assert len(lines) == 3
    entries = [json.loads(line) for line in lines]
    first = entries[0]
    assert first["level"] == "INFO" and first["logger"] == "skill.test"
    assert first["message"] == "turn for Launch"
    assert first["user"] == user_hash(USER, salt="s") and first["ms"] == 12
    assert first["odd"] == repr({1, 2})
    assert first["time"].endswith("+00:00")
    assert entries[1]["message"] == 'quotes " and newlines\nand unicode ✓'
    assert "RuntimeError: boom" in entries[2]["exception"]
    assert USER not in stream.getvalue()


def test_configure_logging_twice_keeps_one_handler(restore_root_logger: None) -> None:
    configure_logging(stream=io.StringIO())
    handler = configure_logging(stream=io.StringIO())
    assert logging.getLogger().handlers == [handler]
    assert isinstance(handler.formatter, JsonFormatter)


# ---- the skill's own logs, end to end ------------------------------------------------------------

SIGNATURE = "U0lHTkFUVVJFLU1BUktFUi1kby1ub3QtbG9nLW1l"  # base64 of a marker string


@pytest.fixture
def json_logs(restore_root_logger: None) -> Iterator[io.StringIO]:
    stream = io.StringIO()
    configure_logging(logging.INFO, stream)
    yield stream


def entries(stream: io.StringIO) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def test_every_turn_is_one_json_line_with_a_hashed_user(json_logs: io.StringIO) -> None:
    device = Device(lambda_handler_for(MemoryStore()), user_id=USER)
    device.launch()
    device.intent("AMAZON.NextIntent")
    device.intent("AMAZON.HelpIntent")
    turns = [entry for entry in entries(json_logs) if entry["logger"] == "skill.turn"]
    assert [(turn["request_type"], turn["intent"]) for turn in turns] == [
        ("LaunchRequest", None),
        ("IntentRequest", "AMAZON.NextIntent"),
        ("IntentRequest", "AMAZON.HelpIntent"),
    ]
    assert {turn["user"] for turn in turns} == {user_hash(USER)}
    assert [turn["new_session"] for turn in turns] == [True, False, False]
    assert all(isinstance(turn["ms"], float) and turn["ms"] >= 0 for turn in turns)
    assert not any(turn["storage_failed"] for turn in turns)
    assert USER not in json_logs.getvalue()


def test_storage_failures_and_errors_are_logged_without_the_user_id(json_logs: io.StringIO) -> None:
    broken = DynamoDbStore("progress", endpoint_url="http://127.0.0.1:9")  # nothing listens on port 9
    Device(lambda_handler_for(broken), user_id=USER).launch()
    logged = entries(json_logs)
    failures = [entry for entry in logged if entry["message"] == "progress could not be loaded"]
    assert failures and "EndpointConnectionError" in failures[0]["error"]
    turn = next(entry for entry in logged if entry["logger"] == "skill.turn")
    assert turn["storage_failed"] is True
    assert USER not in json_logs.getvalue()


def test_web_requests_log_neither_user_id_nor_signature(
    json_logs: io.StringIO, serve_wsgi: Callable[[Any], str]
) -> None:
    """Over real HTTP: a refused signed request and served turns, with Werkzeug's access log on."""
    skill = build_skill(MemoryStore())
    checked = serve_wsgi(create_app(skill))
    unchecked = serve_wsgi(create_app(skill, verify_signature=False, verify_timestamp=False))
    envelope = launch_request(caller=Caller(user_id=USER))
    headers = {
        "Content-Type": "application/json",
        "Signature": SIGNATURE,
        "Signature-256": SIGNATURE,
        "SignatureCertChainUrl": "http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
    }
    for base_url in (checked, unchecked):
        request = urllib.request.Request(
            base_url + "/", data=json.dumps(envelope).encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
            error.close()
        assert status == (400 if base_url == checked else 200)
    output = json_logs.getvalue()
    logged = entries(json_logs)
    refusals = [entry for entry in logged if entry["message"].startswith("refused skill request")]
    assert len(refusals) == 1, "one line for the refused request"
    assert "exc_info" not in refusals[0] and "Traceback" not in output, "no traceback for a refusal"
    assert any(entry["logger"] == "skill.turn" and entry["user"] == user_hash(USER) for entry in logged)
    assert USER not in output
    assert SIGNATURE not in output


def test_a_request_nested_500_deep_writes_one_short_line(restore_root_logger: None) -> None:
    """Issue #20, 7: a 1.8 KB body with attributes nested 500 deep wrote a 144 KB log line (the SDK's
    deep copy of the session raised RecursionError). The gate refuses it; Lambda apologises."""
    from devtools.envelopes import intent_request
    from skill.app import lambda_handler_for
    from skill.storage import MemoryStore

    stream = io.StringIO()
    configure_logging(logging.DEBUG, stream)
    event = intent_request("AMAZON.NextIntent")
    nested: dict[str, object] = {}
    node = nested
    for _ in range(500):
        node["a"] = node = {}
    event["session"]["new"] = False
    event["session"]["attributes"] = nested
    reply = lambda_handler_for(MemoryStore())(event, None)
    assert "Sorry" in reply["response"]["outputSpeech"]["ssml"]
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1 and len(lines[0]) < 400, lines[0][:400]


def test_every_log_line_is_capped_whatever_it_carries(restore_root_logger: None) -> None:
    stream = io.StringIO()
    configure_logging(logging.DEBUG, stream)
    log = logging.getLogger("skill.test")
    try:
        raise ValueError("v" * 200_000)
    except ValueError:
        log.exception("m" * 200_000, extra={f"extra{n}": "e" * 10_000 for n in range(40)})
    (line,) = stream.getvalue().splitlines()
    assert len(line) <= 16_384, "16 KiB at most (skill.logs.MAX_LINE_CHARS)"
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["logger"] == "skill.test"
