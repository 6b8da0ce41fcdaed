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
