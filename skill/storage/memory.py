"""A progress store that lives in a dict: for tests, the chat tool and one-off local runs."""

from __future__ import annotations

import copy
import threading

from skill.storage.base import (
    PERSON_SEPARATOR,
    REVISION,
    Record,
    RevisionConflict,
    check_record,
    expected_revision,
    known_revision,
    without_revision,
)

__all__ = ["MemoryStore"]


class MemoryStore:
    """Keep records in a dict, guarded by a lock.

    Records are deep-copied on the way in and on the way out: a handler that edits the dict it got
    from ``load`` (or keeps editing the one it passed to ``save``) must not change what is stored,
    because with the real stores it would not, and tests should see the same behaviour.
    """

    def __init__(self) -> None:
        """Start empty."""
        self._records: dict[str, tuple[Record, int]] = {}
        self._lock = threading.Lock()

    def load(self, user_id: str) -> Record | None:
        """A copy of the user's record, or ``None`` for a user never saved."""
        with self._lock:
            found = self._records.get(user_id)
            if found is None:
                return None
            record, revision = found
            return {**copy.deepcopy(record), REVISION: known_revision(revision) or 0}

    def save(self, user_id: str, record: Record) -> int:
        """Store a copy of ``record`` if its revision is current; TypeError for floats or odd types."""
        check_record(record)
        expected = expected_revision(record)
        stored = copy.deepcopy(without_revision(record))
        with self._lock:
            # An unknown revision (only a hand-made one can be) counts as 0, as the other stores read it.
            current = known_revision(self._records.get(user_id, (None, 0))[1]) or 0
            if current != expected:
                raise RevisionConflict(f"stored revision is {current}, the record was read at {expected}")
            self._records[user_id] = (stored, expected + 1)
            return expected + 1

    def delete(self, user_id: str) -> None:
        """Forget the account and every person on it; no error if there was nothing."""
        prefix = user_id + PERSON_SEPARATOR
        with self._lock:
            for key in [key for key in self._records if key == user_id or key.startswith(prefix)]:
                del self._records[key]

    def __len__(self) -> int:
        """How many users are stored: handy in tests that check nothing was written."""
        with self._lock:
            return len(self._records)
