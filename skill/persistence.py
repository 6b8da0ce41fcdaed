"""Plug our progress stores into the ASK SDK's AttributesManager.

The SDK loads and saves "persistent attributes" through an ``AbstractPersistenceAdapter``. Its own
DynamoDB adapter builds a boto3 resource at import time and has no timeouts, and there is no SQLite
or memory adapter at all; this one adapter serves every store behind :class:`ProgressStore`, so the
choice of store stays a matter of configuration.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from skill.storage.base import REVISION, ProgressStore, Record, person_key

MAX_PERSON_ID = 256
"""Longer is not a person id Alexa sent: such a request uses the account's record."""

__all__ = ["SESSION_SPEAKER", "StorePersistenceAdapter", "record_key", "speaker_of", "user_id_of"]


def user_id_of(request_envelope: Any) -> str:
    """The Alexa user id of the account (``context.System.user.userId``).

    The SDK hands adapters the envelope, not a HandlerInput, so request_util's accessors (which
    take a HandlerInput) do not apply here. Raises ValueError when it is missing: storing under a
    made-up key would mix users' progress.
    """
    context = getattr(request_envelope, "context", None)
    system = getattr(context, "system", None)
    user = getattr(system, "user", None)
    user_id = getattr(user, "user_id", None)
    if not isinstance(user_id, str) or not user_id:
        raise ValueError("request envelope has no context.System.user.userId; cannot key progress")
    return user_id


SESSION_SPEAKER = "speaker"
"""Session attribute: the person id whose record the session uses ("" for the account's), fixed at
the session's first request."""


def speaker_of(request_envelope: Any) -> str:
    """Whose record a request uses: the session's speaker, or for a session's first request the
    recognised speaker's person id; "" for the account's.

    Alexa sends ``context.System.person.personId`` only for a speaker it recognised by voice (who
    turned on "personalize skills"); everyone else shares the account's record. A session keeps the
    record it started with: when a later turn carries another personId, or none (Alexa recognised
    someone else, or nobody), the session's place was written into that person's record or the
    account's (issue #20, 3). The session is one conversation with one person's routine.
    """
    session = getattr(request_envelope, "session", None)
    if session is not None and session.new is False and isinstance(session.attributes, dict):
        kept = session.attributes.get(SESSION_SPEAKER)
        if isinstance(kept, str) and len(kept) <= MAX_PERSON_ID:
            return kept
    person = getattr(getattr(getattr(request_envelope, "context", None), "system", None), "person", None)
    person_id = getattr(person, "person_id", None)
    if isinstance(person_id, str) and 0 < len(person_id) <= MAX_PERSON_ID:
        return person_id
    return ""


def record_key(request_envelope: Any) -> str:
    """The key of the record a request reads and writes: the account's, or its speaker's (speaker_of)."""
    user_id = user_id_of(request_envelope)
    speaker = speaker_of(request_envelope)
    return person_key(user_id, speaker) if speaker else user_id


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
        record = self.store.load(record_key(request_envelope))
        return {} if record is None else record

    def save_attributes(self, request_envelope: Any, attributes: Record) -> None:
        """Replace the user's record with ``attributes`` if it is still at their ``revision``.

        Raises RevisionConflict if another device saved first. On success the new revision is
        written back into ``attributes``: the SDK's interface returns nothing, and the dict is the
        AttributesManager's own, so a second save in the same request starts from the right revision.
        """
        attributes[REVISION] = self.store.save(record_key(request_envelope), attributes)

    def delete_attributes(self, request_envelope: Any) -> None:
        """Forget the account and every person on it (AlexaSkillEvent.SkillDisabled)."""
        self.store.delete(user_id_of(request_envelope))
