"""Structured logs that never hold a raw Alexa userId.

``configure_logging()`` makes the root logger write one JSON object per line (time, level, logger,
message, plus any ``extra={...}`` fields), which CloudWatch Logs Insights can query directly.
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
)


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


class JsonFormatter(logging.Formatter):
    """One JSON object per record, ids and tokens redacted; values JSON cannot hold become their ``repr``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry:
                entry[key] = _redacted(
                    value if isinstance(value, str | int | float | bool | None) else repr(value)
                )
        if record.exc_info:
            entry["exception"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, default=lambda odd: redact(repr(odd)), ensure_ascii=False)


def configure_logging(level: int | str = logging.INFO, stream: TextIO | None = None) -> logging.Handler:
    """Send the root logger's records, as JSON lines, to ``stream`` (stderr by default).

    Replaces the root logger's handlers (Lambda's runtime installs its own plain-text one), so it is
    safe to call more than once. Returns the handler it installed.
    """
    handler = logging.StreamHandler(stream if stream is not None else sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler
