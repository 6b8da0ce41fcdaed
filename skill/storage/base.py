"""The one small interface every progress store implements.

A *record* is everything the skill remembers about one user: a JSON-like dict whose leaves are
``str``, ``int`` or ``bool`` (never ``float``: DynamoDB rejects it, and positions are whole numbers
anyway). Stores keep records by the Alexa ``userId``.

Every write is conditional on a *revision*, so two devices of one user cannot silently overwrite
each other: ``load`` returns the record with ``record["revision"]`` set to the stored revision (0
for a record written before revisions existed); ``save`` writes only if the stored revision still
equals the record's (absent means 0: "I saw no record") and stores it as revision + 1. Otherwise it
raises :class:`RevisionConflict` and writes nothing; the caller reloads, merges and tries again.
The revision lives beside the record in each backend (an item attribute, a column), not inside the
user's data, so a corrupt record can never leave it unreadable and wedge every later write.
"""

from __future__ import annotations

from typing import Any, Protocol

Record = dict[str, Any]

REVISION = "revision"
"""The one record key the stores own: see the module docstring."""

UNREADABLE = "unreadable"
"""Set (True) by ``load`` on a record it found but could not read (garbage text, null, not a map).

The skill then says it could not read where the user was, instead of greeting them as new, and its
next save replaces the record. Never stored: ``save`` drops it, as it drops the revision."""


MAX_REVISION = 10**15
"""The largest revision a store keeps counting from. A thousand saves a day for a thousand years is
under 10**9; above this a revision is a hand edit or a bug, and adding one to it failed for good:
DynamoDB refused ``1E+125`` + 1 and 38 nines + 1 (past its 38 digits), SQLite's largest integer + 1
raised OverflowError (issue #20, 6)."""


def known_revision(raw: Any) -> int | None:
    """A stored revision if it is a whole number from 0 to MAX_REVISION (never a bool), else None:
    "unknown".

    A store reads an unknown revision as 0, and its next save with revision 0 replaces it, still
    conditional on the unknown value being what is there: a stored revision nobody can match, or
    add one to, must not block every later save for good.
    """
    if isinstance(raw, bool) or not isinstance(raw, int) or not 0 <= raw <= MAX_REVISION:
        return None
    return raw


class StorageError(Exception):
    """The store could not be reached or answered with an error.

    Every adapter wraps its backend's own exceptions in this one, so the skill can treat an outage
    the same way whichever store is configured: keep the position in the session, tell the user.
    """


class RevisionConflict(Exception):
    """The stored record changed since the caller read it: nothing was written.

    Not a StorageError: the store is healthy, and the remedy (reload, merge, save again) differs
    from an outage's (keep the position in the session, tell the user).
    """


def expected_revision(record: Record) -> int:
    """The revision ``record`` was read at: what the stored one must still be for a save to go in.

    Raises TypeError for anything but a whole number >= 0 (a bool is refused too), before any write.
    """
    revision = record.get(REVISION, 0)
    if known_revision(revision) is None:
        raise TypeError(
            f"record.{REVISION} must be a whole number from 0 to {MAX_REVISION}, not {revision!r}"
        )
    assert isinstance(revision, int)
    return revision


def without_revision(record: Record) -> Record:
    """The user's data as a store keeps it: the record minus the store-owned revision and marker."""
    return {key: value for key, value in record.items() if key not in {REVISION, UNREADABLE}}


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


PERSON_SEPARATOR = "#person#"
"""Between an account's user id and a recognised speaker's person id in a record's key."""


def person_key(user_id: str, person_id: str) -> str:
    """The key of one recognised person's record on an account: its own item, its own revision."""
    return f"{user_id}{PERSON_SEPARATOR}{person_id}"


class ProgressStore(Protocol):
    """Load, save and delete one user's record."""

    def load(self, user_id: str) -> Record | None:
        """The user's record with its ``revision``, or ``None`` for a user never seen. StorageError."""
        ...

    def save(self, user_id: str, record: Record) -> int:
        """Replace the user's record if its revision is still ``record["revision"]``; the new revision.

        Raises RevisionConflict (nothing written) if another save came first, StorageError if the
        store fails, TypeError for a float or other odd value in the record.
        """
        ...

    def delete(self, user_id: str) -> None:
        """Forget the account: its own record and every person's on it (``person_key``), no error
        if there was nothing. Raises StorageError."""
        ...
