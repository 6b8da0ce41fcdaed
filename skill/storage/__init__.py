"""Where the skill keeps each user's progress: one small interface, three stores, chosen by config.

Importing this package stays cheap (no botocore, no sqlite3, no platformdirs): Lambda imports it on
every cold start, the DynamoDB store imports botocore itself on first use, and the SQLite and memory
stores are imported when first named.

Configuration (the contract in README.md, "Configuration", read by :func:`store_from_env`):

- ``SKILL_STORE``: ``dynamodb``, ``sqlite:PATH`` or ``memory``. Unset: ``dynamodb`` on Lambda,
  otherwise a SQLite file ``progress.sqlite3`` in the user's data directory.
- ``SKILL_TABLE``: the DynamoDB table (default ``foot-routine-progress``).
- ``DYNAMODB_ENDPOINT``: optional endpoint URL of a local DynamoDB-compatible server.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from skill.storage.base import REVISION, UNREADABLE, ProgressStore, Record, RevisionConflict, StorageError
from skill.storage.dynamodb import DynamoDbStore

if TYPE_CHECKING:
    from skill.storage.memory import MemoryStore
    from skill.storage.sqlite import SqliteStore

__all__ = [
    "DEFAULT_TABLE",
    "REVISION",
    "UNREADABLE",
    "DynamoDbStore",
    "MemoryStore",
    "ProgressStore",
    "Record",
    "RevisionConflict",
    "SqliteStore",
    "StorageError",
    "default_sqlite_path",
    "store_from_env",
]

DEFAULT_TABLE = "foot-routine-progress"
APP_NAME = "foot-routine"
SQLITE_FILE = "progress.sqlite3"
_ALLOWED = "'dynamodb', 'sqlite:PATH' or 'memory'"


def __getattr__(name: str) -> Any:
    """``MemoryStore`` and ``SqliteStore`` on first use (PEP 562): Lambda never needs sqlite3."""
    if name == "MemoryStore":
        from skill.storage.memory import MemoryStore  # noqa: PLC0415

        return MemoryStore
    if name == "SqliteStore":
        from skill.storage.sqlite import SqliteStore  # noqa: PLC0415

        return SqliteStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def default_sqlite_path() -> Path:
    """The local default: a file in the per-user data directory, so progress outlives the checkout."""
    import platformdirs  # noqa: PLC0415  # only needed off Lambda: not paid for on a cold start

    return Path(platformdirs.user_data_dir(APP_NAME)) / SQLITE_FILE


def store_from_env(environ: Mapping[str, str] | None = None) -> ProgressStore:
    """Build the store the configuration asks for (``os.environ`` unless ``environ`` is given).

    Builds only: no file is opened and no network call is made until the first load/save, so a
    misconfigured endpoint shows up as a StorageError in a turn, not a crash at start-up. An
    unknown ``SKILL_STORE`` raises ValueError at once, though: a typo should fail the deploy, not
    silently fall back to another store and lose progress.
    """
    env = os.environ if environ is None else environ
    setting = env.get("SKILL_STORE", "").strip()
    if not setting:
        setting = "dynamodb" if env.get("AWS_LAMBDA_FUNCTION_NAME") else f"sqlite:{default_sqlite_path()}"

    kind, colon, rest = setting.partition(":")
    kind = kind.strip().lower()
    if kind == "sqlite" and colon:
        path = rest.strip()
        if not path:
            raise ValueError(f"SKILL_STORE={setting!r} names no file; use {_ALLOWED}")
        from skill.storage.sqlite import SqliteStore  # noqa: PLC0415

        return SqliteStore(Path(path).expanduser())
    if colon:
        raise ValueError(f"unknown SKILL_STORE={setting!r}; use {_ALLOWED}")
    if kind == "memory":
        from skill.storage.memory import MemoryStore  # noqa: PLC0415

        return MemoryStore()
    if kind == "dynamodb":
        return DynamoDbStore(
            env.get("SKILL_TABLE", "").strip() or DEFAULT_TABLE,
            endpoint_url=env.get("DYNAMODB_ENDPOINT", "").strip() or None,
            region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or None,
        )
    raise ValueError(f"unknown SKILL_STORE={setting!r}; use {_ALLOWED}")
