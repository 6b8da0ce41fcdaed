"""Plug our progress stores into the ASK SDK's AttributesManager.

The SDK loads and saves "persistent attributes" through an ``AbstractPersistenceAdapter``. Its own
DynamoDB adapter builds a boto3 resource at import time and has no timeouts, and there is no SQLite
or memory adapter at all; this one adapter serves every store behind :class:`ProgressStore`, so the
choice of store stays a matter of configuration.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from skill.storage.base import REVISION, ProgressStore, Record

__all__ = ["StorePersistenceAdapter", "user_id_of"]


def user_id_of(request_envelope: Any) -> str:
    """The Alexa user id the record is kept under (``context.System.user.userId``).

    Raises ValueError when it is missing: storing under a made-up key would mix users' progress.
    """
    context = getattr(request_envelope, "context", None)
    system = getattr(context, "system", None)
    user = getattr(system, "user", None)
    user_id = getattr(user, "user_id", None)
    if not isinstance(user_id, str) or not user_id:
        raise ValueError("request envelope has no context.System.user.userId; cannot key progress")
    return user_id


class StorePersistenceAdapter(AbstractPersistenceAdapter):
    """Persistent attributes = the user's record in a :class:`ProgressStore`.

    StorageError and TypeError from the store pass through unchanged: the skill's interceptors
    decide what to tell the user, and the SDK would only bury them in a generic error.
    """

    def __init__(self, store: ProgressStore) -> None:
        """Wrap ``store``; the adapter itself holds no state, so one serves every request."""
        self.store = store

    def get_attributes(self, request_envelope: Any) -> Record:
        """The user's record, or ``{}`` for a new user (the SDK expects a dict either way)."""
        record = self.store.load(user_id_of(request_envelope))
        return {} if record is None else record

    def save_attributes(self, request_envelope: Any, attributes: Record) -> None:
        """Replace the user's record with ``attributes`` if it is still at their ``revision``.

        Raises RevisionConflict if another device saved first. On success the new revision is
        written back into ``attributes``: the SDK's interface returns nothing, and the dict is the
        AttributesManager's own, so a second save in the same request starts from the right revision.
        """
        attributes[REVISION] = self.store.save(user_id_of(request_envelope), attributes)

    def delete_attributes(self, request_envelope: Any) -> None:
        """Forget the user (for example on AlexaSkillEvent.SkillDisabled)."""
        self.store.delete(user_id_of(request_envelope))
