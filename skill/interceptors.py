"""Loading progress once per session, saving it after each turn that changed it.

The record travels in the session attributes, so a session reads storage once (at its first
request) and Repeat / Help never touch it. After each turn the record is written only if it
differs from what was last saved. If storage fails, the turn still answers from the session and
the user is told once that progress may not be saved; the next turn tries again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from typing import Any

from ask_sdk_core.dispatch_components.request_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from skill import phrases, ssml
from skill.handlers.base import AWAITING_KEY, NOTICE_KEY, PROGRESS_KEY, session_of
from skill.record import read_record
from skill.routine import Routine
from skill.storage.base import StorageError

log = logging.getLogger(__name__)

SAVED_KEY = "saved"
WARNED_KEY = "storage_warned"
#: Session flags for a session whose first read failed: what is stored is still unknown ("unread"),
#: or turned out to hold a position this session must not overwrite ("keep_stored").
UNREAD_KEY = "storage_unread"
KEEP_STORED_KEY = "keep_stored"
#: Longest string attribute we ever write (a digest, a question name).
_MAX_MARK = 32
#: Request flag: storage failed during this request (the user is warned once per session).
STORAGE_FAILED = "storage_failed"


def digest(record: Any) -> str:
    """A short fingerprint of a record, to tell whether it changed since it was saved."""
    return hashlib.sha256(json.dumps(record, sort_keys=True).encode()).hexdigest()[:16]


class LoadProgress(AbstractRequestInterceptor):
    def __init__(self, routine: Routine) -> None:
        self.routine = routine

    def process(self, handler_input: HandlerInput) -> None:
        if handler_input.request_envelope.session is None:
            return
        manager = handler_input.attributes_manager
        session = session_of(handler_input)
        if PROGRESS_KEY in session:
            clean_session(self.routine, session)
            return
        session.clear()  # a session without our record carries nothing of ours
        try:
            stored = manager.persistent_attributes
        except StorageError as error:
            log.warning("progress could not be loaded: %s", error)
            manager.request_attributes[STORAGE_FAILED] = True
            session[UNREAD_KEY] = True
            stored = None
        loaded = read_record(self.routine, stored)
        session[PROGRESS_KEY] = loaded.record.to_stored()
        # A migrated or unreadable record is rewritten at the first save; a clean one only if it changes.
        clean = not loaded.notice and not manager.request_attributes.get(STORAGE_FAILED)
        session[SAVED_KEY] = digest(session[PROGRESS_KEY]) if clean else ""
        manager.request_attributes[NOTICE_KEY] = loaded.notice


def clean_session(routine: Routine, session: dict[str, Any]) -> None:
    """Keep only the session attributes this skill writes, in the shapes it writes them.

    Alexa hands back what we returned last turn, but a hand-made or hostile request can carry
    anything, and the SDK echoes session attributes into the response: an unknown key or a huge
    value would be stored, or push the response past Alexa's size limit.
    """
    record = read_record(routine, session.get(PROGRESS_KEY)).record.to_stored()
    kept: dict[str, Any] = {PROGRESS_KEY: record}
    for key in (SAVED_KEY, AWAITING_KEY):
        value = session.get(key)
        if isinstance(value, str) and len(value) <= _MAX_MARK:
            kept[key] = value
    for key in (WARNED_KEY, UNREAD_KEY, KEEP_STORED_KEY):
        if session.get(key) is True:
            kept[key] = True
    session.clear()
    session.update(kept)


class SaveProgress(AbstractResponseInterceptor):
    def process(self, handler_input: HandlerInput, response: Response) -> None:
        if handler_input.request_envelope.session is None:
            return
        manager = handler_input.attributes_manager
        session = session_of(handler_input)
        record = session.get(PROGRESS_KEY)
        changed = isinstance(record, dict) and digest(record) != session.get(SAVED_KEY)
        if isinstance(record, dict) and changed and self.may_overwrite(handler_input, session):
            try:
                manager.persistent_attributes = record
                manager.save_persistent_attributes()
                session[SAVED_KEY] = digest(record)
            except StorageError as error:
                log.warning("progress could not be saved: %s", error)
                manager.request_attributes[STORAGE_FAILED] = True
        failed = manager.request_attributes.get(STORAGE_FAILED)
        if failed and not session.get(WARNED_KEY) and warn(response):
            session[WARNED_KEY] = True

    @staticmethod
    def may_overwrite(handler_input: HandlerInput, session: dict[str, Any]) -> bool:
        """Whether this session may write its record over what is stored.

        A session whose first read failed started from nothing; writing that over a stored position
        would lose the user's real progress. So it reads again first (not in the request whose read
        just failed: one timeout per turn is the most a user should wait), and if a position is
        stored it leaves it alone for the rest of the session.
        """
        manager = handler_input.attributes_manager
        if session.get(KEEP_STORED_KEY):
            return False
        if not session.get(UNREAD_KEY):
            return True
        if manager.request_attributes.get(STORAGE_FAILED):
            return False
        try:
            stored = manager.persistent_attributes
        except StorageError as error:
            log.warning("progress still could not be loaded: %s", error)
            manager.request_attributes[STORAGE_FAILED] = True
            return False
        del session[UNREAD_KEY]
        if isinstance(stored, dict) and stored.get("position") is not None:
            session[KEEP_STORED_KEY] = True
            return False
        return True


def warn(response: Response | None) -> bool:
    """Put the storage warning in front of the speech; False if there is no speech to add it to."""
    speech = getattr(response, "output_speech", None)
    current = getattr(speech, "ssml", None)
    if speech is None or not isinstance(current, str) or not current.startswith("<speak>"):
        return False
    speech.ssml = ssml.speak(
        ssml.join(ssml.escape_text(phrases.STORAGE_WARNING), current[len("<speak>") : -len("</speak>")])
    )
    return True
