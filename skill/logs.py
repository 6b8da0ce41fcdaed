"""Structured logs that never hold a raw Alexa userId.

``configure_logging()`` makes the root logger write one JSON object per line (time, level, logger,
message, plus any ``extra={...}`` fields), which CloudWatch Logs Insights can query directly. At every
level: ids, tokens and credentials are redacted, botocore's DEBUG lines (signed headers, records) are
dropped, and each line is capped in length.
``user_hash()`` is what goes into a log instead of a userId.

Salt trade-off: with ``LOG_SALT`` set (same value on every Lambda container), a user's hash is the
same across containers and days, so one user's turns can be followed through the logs; whoever
holds the salt can confirm a guessed userId, so keep it secret like any key and rotate it to cut
old logs off. Without ``LOG_SALT`` each process draws a random salt: hashes link turns only within
one warm container and can never be reversed or matched later, at the cost of not following a user
across containers.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import secrets
import sys
from datetime import UTC, datetime
from typing import Any, Final, TextIO

__all__ = ["JsonFormatter", "configure_logging", "redact", "renew_process_salt", "user_hash"]

HASH_CHARS: Final = 16
_PROCESS_SALT = secrets.token_hex(16)
"""Drawn per process; renewed by :func:`renew_process_salt` after a SnapStart restore, since every
copy restored from one snapshot would otherwise share it (skill/snapstart.py)."""
# Attributes every LogRecord has; anything else on a record came from ``extra=`` and is logged too.
_STANDARD: Final = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def renew_process_salt() -> None:
    """Draw a new per-process salt (after a SnapStart restore: each restored copy its own)."""
    global _PROCESS_SALT  # noqa: PLW0603  # one salt per process, by design
    _PROCESS_SALT = secrets.token_hex(16)


def user_hash(user_id: str, salt: str | None = None) -> str:
    """A short salted SHA-256 of ``user_id`` (salt: ``salt``, else LOG_SALT, else per process)."""
    if salt is None:
        salt = os.environ.get("LOG_SALT") or _PROCESS_SALT
    digest = hashlib.sha256(f"{salt}\x00{user_id}".encode()).hexdigest()
    return f"u-{digest[:HASH_CHARS]}"


_SECRETS: Final = (
    # Alexa's per-user and per-device ids (amzn1.ask.account.…, amzn1.ask.device.…, person ids).
    (re.compile(r"(amzn1\.(?:ask\.)?(?:account|device|person|user))\.[^\s/\\\"'?&,;)]+"), r"\1.<redacted>"),
    # The ids inside Alexa API paths: a device id (settings) or a reminder's alert token.
    (re.compile(r"(/v2/devices/|/v1/alerts/reminders/)[^\s/\\\"'?&,;)]+"), r"\1<redacted>"),
    # Access tokens: an Authorization header's value, or anything shaped like a JWT.
    (re.compile(r"(Bearer\s+)\S+", re.IGNORECASE), r"\1<redacted>"),
    (re.compile(r"eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"), "<redacted-token>"),
    # AWS credentials, should a library ever print a signed request (issue #20, 4): the session token
    # header, the access key id (alone or in a SigV4 Credential=), and the signature.
    (re.compile(r"(X-Amz-Security-Token['\"]?\s*[:=]\s*['\"]?)[^'\"\s,}]+", re.IGNORECASE), r"\1<redacted>"),
    (re.compile(r"\b(?:AKIA|ASIA)[A-Z0-9]{16}\b"), "<redacted-key-id>"),
    (re.compile(r"(Credential=)[^,\s'\"]+"), r"\1<redacted>"),
    (re.compile(r"(Signature=)[0-9a-fA-F]+"), r"\1<redacted>"),
)

WIRE_LOGGERS: Final = ("botocore", "boto3", "s3transfer")
"""Libraries whose DEBUG lines carry what must never be logged: botocore writes each request's
parameters (whole records, alert tokens), the signed ``Authorization`` header, the
``X-Amz-Security-Token`` and the access key id (issue #20, 4). Below INFO they are dropped whatever
``LOG_LEVEL`` says; their INFO and above (retries, errors) still come through, redacted."""

OPERATOR_FIELDS: Final = frozenset({"delete_key", "delete_key_prefix"})
"""``extra`` fields written as they are, never redacted: the table keys of a record that must be
deleted by hand (a SkillDisabled event whose deletion failed; Alexa does not send it again). An
operator needs the exact key; nothing else of the user is logged with it."""

MAX_MESSAGE_CHARS: Final = 2_000
MAX_EXTRA_CHARS: Final = 500
MAX_EXCEPTION_CHARS: Final = 8_000
MAX_LINE_CHARS: Final = 16_384
"""Every log line is capped (issue #20, 7: a 1.8 KB request nested 500 deep wrote a 144 KB line, a
traceback through the SDK's recursive copy). A traceback keeps its first and last lines."""


def redact(text: str) -> str:
    """``text`` without user ids, device ids, alert tokens or access tokens (each replaced by a mark).

    Every log line goes through this in :class:`JsonFormatter`, as a second line of defence: error
    texts from urllib or the SDK can carry an API URL whose path holds a device id or alert token
    (issue #12, finding 6), and the code that logs them is fixed at the source too.
    """
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


def _redacted(value: Any) -> Any:
    """``value`` with every string in it redacted (dicts and lists walked); other values as they are."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_redacted(item) for item in value]
    return value


def _cut(text: str, limit: int) -> str:
    """``text`` at most ``limit`` characters: its start and end, with a mark of what was left out."""
    if len(text) <= limit:
        return text
    head = limit // 4
    tail = limit - head - 40
    return f"{text[:head]} ...[{len(text) - head - tail} characters cut]... {text[-tail:]}"


def _capped(value: Any) -> Any:
    return _cut(value, MAX_EXTRA_CHARS) if isinstance(value, str) else value


class JsonFormatter(logging.Formatter):
    """One JSON object per record, ids and tokens redacted, every line capped at MAX_LINE_CHARS;
    values JSON cannot hold become their ``repr``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            # Redacted whole, then cut: a cut first could leave half an id that no pattern recognises.
            "message": _cut(redact(record.getMessage()), MAX_MESSAGE_CHARS),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry:
                plain = value if isinstance(value, str | int | float | bool | None) else repr(value)
                if key in OPERATOR_FIELDS and isinstance(plain, str):
                    entry[key] = plain[:MAX_EXTRA_CHARS]
                    continue
                entry[key] = _capped(_redacted(plain))
        if record.exc_info:
            entry["exception"] = _cut(redact(self.formatException(record.exc_info)), MAX_EXCEPTION_CHARS)
        line = json.dumps(entry, default=lambda odd: redact(repr(odd))[:MAX_EXTRA_CHARS], ensure_ascii=False)
        if len(line) > MAX_LINE_CHARS:  # many extras: keep what identifies the line
            short = {key: entry[key] for key in ("time", "level", "logger", "message")}
            short["cut"] = f"{len(line)} characters"
            line = json.dumps(short, ensure_ascii=False)
        return line


class _QuietWireLoggers(logging.Filter):
    """Drop records below INFO from :data:`WIRE_LOGGERS` (on our handler: whatever their level says)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.INFO:
            return True
        return not any(record.name == name or record.name.startswith(name + ".") for name in WIRE_LOGGERS)


def configure_logging(level: int | str = logging.INFO, stream: TextIO | None = None) -> logging.Handler:
    """Send the root logger's records, as JSON lines, to ``stream`` (stderr by default).

    Replaces the root logger's handlers (Lambda's runtime installs its own plain-text one), so it is
    safe to call more than once. Returns the handler it installed.
    """
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(_QuietWireLoggers())
    for name in WIRE_LOGGERS:  # and they need not build those lines at all
        logging.getLogger(name).setLevel(logging.INFO)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler
