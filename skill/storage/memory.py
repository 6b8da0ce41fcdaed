"""A progress store that lives in a dict: for tests, the chat tool and one-off local runs.

It is also the reference for how every store treats a record, so the record check the other stores
share (:func:`check_record`) lives here: this module imports nothing heavy, so the SQLite and
DynamoDB stores can use it without slowing anyone's import.
"""

from __future__ import annotations

import copy
import threading
from typing import Any

from skill.storage.base import Record

__all__ = ["MemoryStore", "check_record"]


def check_record(record: Record) -> None:
    """Raise TypeError unless ``record`` is a dict of JSON-like values without floats.

    Every store runs this *before* writing anything, so a bad record fails the same way (TypeError,
    nothing stored) whichever store is configured. Floats are refused because DynamoDB refuses them;
    sets, tuples, Decimals and other objects because they would not come back as the same type from
    every store (JSON has no sets, DynamoDB turns tuples into lists, SQLite's JSON cannot hold
    Decimals). Accepting them in the memory store would let a bug pass the tests and fail on Lambda.
    """
    if not isinstance(record, dict):
        raise TypeError(f"a record must be a dict, not {type(record).__name__}")
    _check_value(record, "record")


def _check_value(value: Any, where: str) -> None:
    """Walk one value; ``where`` names its place so the error points at the offending field."""
    if isinstance(value, float):
        raise TypeError(f"{where} is a float ({value!r}); records hold whole numbers only")
    if value is None or isinstance(value, str | int):  # bool is an int
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{where} has a non-string key {key!r}")
            _check_value(item, f"{where}.{key}")
        return
    if isinstance(value, list):
        for index, item in enumerate(value):
            _check_value(item, f"{where}[{index}]")
        return
    raise TypeError(
        f"{where} is a {type(value).__name__}; records hold only dict, list, str, int, bool, None"
    )


class MemoryStore:
    """Keep records in a dict, guarded by a lock.

    Records are deep-copied on the way in and on the way out: a handler that edits the dict it got
    from ``load`` (or keeps editing the one it passed to ``save``) must not change what is stored,
    because with the real stores it would not, and tests should see the same behaviour.
    """

    def __init__(self) -> None:
        """Start empty."""
        self._records: dict[str, Record] = {}
        self._lock = threading.Lock()

    def load(self, user_id: str) -> Record | None:
        """A copy of the user's record, or ``None`` for a user never saved."""
        with self._lock:
            record = self._records.get(user_id)
            return copy.deepcopy(record) if record is not None else None

    def save(self, user_id: str, record: Record) -> None:
        """Store a copy of ``record``; TypeError (and nothing stored) for floats or odd types."""
        check_record(record)
        stored = copy.deepcopy(record)
        with self._lock:
            self._records[user_id] = stored

    def delete(self, user_id: str) -> None:
        """Forget the user; no error if there was nothing."""
        with self._lock:
            self._records.pop(user_id, None)

    def __len__(self) -> int:
        """How many users are stored: handy in tests that check nothing was written."""
        with self._lock:
            return len(self._records)
