"""A progress store in one SQLite file: the default off Lambda, so a local run remembers progress.

One table, one row per user, the record as JSON text. The file and table are created on first use,
not at import or construction, so building a store (for example from the environment at start-up)
never touches the disk.

A row whose text is not a JSON object (a hand edit, a half-written file from a crash before WAL, a
future format) does not crash ``load``: it returns an empty record marked ``UNREADABLE`` and logs
a warning. The skill validates records itself and treats an unreadable or odd record as "start
fresh, with a notice", which is kinder to someone mid-exercise than an error; its next save
replaces the row.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from skill.logs import user_hash
from skill.storage.base import (
    MAX_REVISION,
    PERSON_SEPARATOR,
    REVISION,
    UNREADABLE,
    Record,
    RevisionConflict,
    StorageError,
    check_record,
    expected_revision,
    known_revision,
    without_revision,
)

__all__ = ["SqliteStore"]

log = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS progress (
    user_id  TEXT PRIMARY KEY,
    record   TEXT NOT NULL,
    updated  INTEGER NOT NULL,
    revision INTEGER NOT NULL DEFAULT 0
)
"""

_ADD_REVISION = "ALTER TABLE progress ADD COLUMN revision INTEGER NOT NULL DEFAULT 0"
"""Files written before revisions existed lack the column; their rows count as revision 0."""

_INSERT_NEW = (
    "INSERT INTO progress (user_id, record, updated, revision) VALUES (?, ?, ?, 1) "
    "ON CONFLICT(user_id) DO UPDATE SET record = excluded.record, updated = excluded.updated, "
    "revision = 1 WHERE progress.revision = 0 "
    # A revision that is not a whole number from 0 to MAX_REVISION (a hand edit; SQLite keeps 'abc' or
    # 2.5 in an INTEGER column, or its largest integer, which Python cannot add one to) is unknown:
    # load() reads it as 0, and this replaces it, in the same single statement.
    "OR typeof(progress.revision) != 'integer' OR progress.revision < 0 "
    f"OR progress.revision > {MAX_REVISION}"
)
_UPDATE_AT = "UPDATE progress SET record = ?, updated = ?, revision = ? WHERE user_id = ? AND revision = ?"

_BUSY_TIMEOUT_S = 2.0
"""How long a write waits for another process's lock: short, a turn has about 8 s in all."""


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
                columns = {row[1] for row in conn.execute("PRAGMA table_info(progress)")}
                if "revision" not in columns:
                    conn.execute(_ADD_REVISION)
            except BaseException:
                conn.close()
                raise
            self._conn = conn
        return self._conn

    def _run(self, sql: str, params: tuple[Any, ...]) -> tuple[list[tuple[Any, ...]], int]:
        """Execute one statement (autocommit): its rows and row count, StorageError on any failure.

        Each statement is atomic on its own, and the conditional writes below are single
        statements, so no explicit transaction is needed even with another process on the file.
        """
        try:
            with self._lock:
                cursor = self._connection().execute(sql, params)
                return cursor.fetchall(), cursor.rowcount
        except (sqlite3.Error, OSError) as exc:
            raise StorageError(f"SQLite store {self._target}: {type(exc).__name__}: {exc}") from exc

    def load(self, user_id: str) -> Record | None:
        """The user's record and revision; ``None`` if never saved; an empty record if it is corrupt."""
        # As bytes: a TEXT value that is not UTF-8 made sqlite3 raise on every read, so the row could
        # never be read, nor replaced (issue #20, 6). Now it is decoded here, and unreadable if it fails.
        rows, _ = self._run(
            "SELECT CAST(record AS BLOB), revision FROM progress WHERE user_id = ?", (user_id,)
        )
        if not rows:
            return None
        raw, revision = rows[0]
        try:
            record = json.loads(raw.decode("utf-8")) if isinstance(raw, bytes) else None
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError; nesting 100,000 deep
            record = None
        known = known_revision(revision) or 0
        if not isinstance(record, dict):
            log.warning(
                "progress row for user %s in %s is not a JSON object; marked unreadable",
                user_hash(user_id),
                self._target,
            )
            return {REVISION: known, UNREADABLE: True}
        return {**record, REVISION: known}

    def save(self, user_id: str, record: Record) -> int:
        """Replace the user's row if its revision is current; TypeError for floats or odd types."""
        check_record(record)
        expected = expected_revision(record)
        text = json.dumps(without_revision(record), ensure_ascii=False, separators=(",", ":"))
        now = int(time.time())
        if expected == 0:
            _, changed = self._run(_INSERT_NEW, (user_id, text, now))
        else:
            _, changed = self._run(_UPDATE_AT, (text, now, expected + 1, user_id, expected))
        if changed != 1:
            raise RevisionConflict(f"progress row for user {user_hash(user_id)} is past revision {expected}")
        return expected + 1

    def delete(self, user_id: str) -> None:
        """Remove the account's row and every person's; no error if there were none."""
        prefix = user_id + PERSON_SEPARATOR
        # substr, not LIKE: a user id may hold "%" or "_", which LIKE would read as wildcards.
        self._run(
            "DELETE FROM progress WHERE user_id = ? OR substr(user_id, 1, ?) = ?",
            (user_id, len(prefix), prefix),
        )

    def close(self) -> None:
        """Close the shared connection; the next call opens it again. For tests and clean shutdowns."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
