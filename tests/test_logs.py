"""Structured JSON logs, and a salted hash in place of the raw userId."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from skill.logs import JsonFormatter, configure_logging, user_hash

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
