"""A progress store in one SQLite file: the default off Lambda, so a local run remembers progress.

One table, one row per user, the record as JSON text. The file and table are created on first use,
not at import or construction, so building a store (for example from the environment at start-up)
never touches the disk.

A row whose text is not a JSON object (a hand edit, a half-written file from a crash before WAL, a
future format) does not crash ``load``: it returns ``{}``, an empty record, and logs a warning.
The skill validates records itself and treats an empty or odd record as "start fresh, with a
notice", which is kinder to someone mid-exercise than an error.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from skill.storage.base import Record, StorageError, check_record

__all__ = ["SqliteStore"]

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS progress (
    user_id TEXT PRIMARY KEY,
    record  TEXT NOT NULL,
    updated INTEGER NOT NULL
)
"""

_BUSY_TIMEOUT_S = 2.0
"""How long a write waits for another process's lock: short, a turn has about 8 s in all."""


def user_hash(user_id: str) -> str:
    """A short, stable stand-in for a user id in logs: Alexa user ids are personal data."""
    return hashlib.sha256(user_id.encode("utf-8")).hexdigest()[:12]


class SqliteStore:
    """Records in a SQLite file, safe to share between threads.

    One connection is opened lazily and shared under a lock (``check_same_thread=False``): the web
    server answers from several threads, and a connection per call would repeat the open and the
    pragmas every turn for nothing. WAL mode lets another process (a second server, the chat tool)
    read while this one writes.
    """

    def __init__(self, path: str | Path) -> None:
        """Remember where the file goes; nothing is created until the first load/save/delete."""
        self.path = Path(path) if str(path) != ":memory:" else None
        self._target = str(path)
        self._conn: sqlite3.Connection | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        """Show the file, which is what someone debugging "where did my progress go" needs."""
        return f"SqliteStore({self._target!r})"

    def _connection(self) -> sqlite3.Connection:
        """Open the file, make its directory and table, once. Caller holds the lock."""
        if self._conn is None:
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self._target, timeout=_BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None
            )
            try:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")  # durable enough with WAL, much faster
                conn.execute(_SCHEMA)
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _run(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        """Execute one statement (autocommit) and fetch its rows, as StorageError on any failure."""
        try:
            with self._lock:
                return self._connection().execute(sql, params).fetchall()
        except (sqlite3.Error, OSError) as exc:
            raise StorageError(f"SQLite store {self._target}: {type(exc).__name__}: {exc}") from exc

    def load(self, user_id: str) -> Record | None:
        """The user's record; ``None`` if never saved; ``{}`` (and a warning) if the row is corrupt."""
        rows = self._run("SELECT record FROM progress WHERE user_id = ?", (user_id,))
        if not rows:
            return None
        text = rows[0][0]
        try:
            record = json.loads(text)
        except (TypeError, ValueError):
            record = None
        if not isinstance(record, dict):
            log.warning(
                "progress row for user %s in %s is not a JSON object; returning an empty record",
                user_hash(user_id),
                self._target,
            )
            return {}
        return record

    def save(self, user_id: str, record: Record) -> None:
        """Replace the user's row; TypeError (and nothing stored) for floats or odd types."""
        check_record(record)
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        self._run(
            "INSERT INTO progress (user_id, record, updated) VALUES (?, ?, ?) "
            "ON CONFLICT(user_id) DO UPDATE SET record = excluded.record, updated = excluded.updated",
            (user_id, text, int(time.time())),
        )

    def delete(self, user_id: str) -> None:
        """Remove the user's row; no error if there was none."""
        self._run("DELETE FROM progress WHERE user_id = ?", (user_id,))

    def close(self) -> None:
        """Close the shared connection; the next call opens it again. For tests and clean shutdowns."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
