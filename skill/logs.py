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
import secrets
import sys
from datetime import UTC, datetime
from typing import Any, Final, TextIO

__all__ = ["JsonFormatter", "configure_logging", "user_hash"]

HASH_CHARS: Final = 16
_PROCESS_SALT: Final = secrets.token_hex(16)
# Attributes every LogRecord has; anything else on a record came from ``extra=`` and is logged too.
_STANDARD: Final = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def user_hash(user_id: str, salt: str | None = None) -> str:
    """A short salted SHA-256 of ``user_id`` (salt: ``salt``, else LOG_SALT, else per process)."""
    if salt is None:
        salt = os.environ.get("LOG_SALT") or _PROCESS_SALT
    digest = hashlib.sha256(f"{salt}\x00{user_id}".encode()).hexdigest()
    return f"u-{digest[:HASH_CHARS]}"


class JsonFormatter(logging.Formatter):
    """One JSON object per record; values JSON cannot hold are written as their ``repr``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=repr, ensure_ascii=False)


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
