"""The one small interface every progress store implements.

A *record* is everything the skill remembers about one user: a JSON-like dict whose leaves are
``str``, ``int`` or ``bool`` (never ``float``: DynamoDB rejects it, and positions are whole numbers
anyway). Stores keep records by the Alexa ``userId``.
"""

from __future__ import annotations

from typing import Any, Protocol

Record = dict[str, Any]


class StorageError(Exception):
    """The store could not be reached or answered with an error.

    Every adapter wraps its backend's own exceptions in this one, so the skill can treat an outage
    the same way whichever store is configured: keep the position in the session, tell the user.
    """


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


class ProgressStore(Protocol):
    """Load, save and delete one user's record."""

    def load(self, user_id: str) -> Record | None:
        """The user's record, or ``None`` for a user we have never seen. Raises StorageError."""
        ...

    def save(self, user_id: str, record: Record) -> None:
        """Replace the user's record. Raises StorageError, or TypeError for a float in the record."""
        ...

    def delete(self, user_id: str) -> None:
        """Forget the user (no error if there was nothing). Raises StorageError."""
        ...
