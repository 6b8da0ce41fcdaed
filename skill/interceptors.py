"""Loading progress once per session, saving it after each turn that changed it.

The session carries three views of the user's record, so a session reads storage once (at its
first request) and Repeat / Help never touch it:

- ``progress``: the live record, what this session's user is doing;
- ``stored``: what the store holds, at its revision (absent while unknown: the first read failed, or
  what was read needs repair);
- ``synced``: ``progress`` as it was when last reconciled with the store (absent when the same as
  ``stored``, the usual case with one device).

After a turn that changed ``progress``, the interceptor writes the three-way merge of the three
(:func:`skill.record.merge`), conditional on the store's revision. With one device that is simply
``progress``. When another device saved first, the write is refused; this session reads again and
merges with what it finds: each field keeps the side that changed it, the furthest position is
kept, practice from both sides counts. This session's own position never jumps: its user is
mid-exercise here. A session whose first read failed merges the same way once storage is back, so
it never overwrites a position it did not see.

If storage fails, the turn still answers from the session and the user is told once that progress
may not be saved; the next turn tries again.
"""

from __future__ import annotations

import logging
import random
import time
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.dispatch_components.request_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_intent_name, get_request_type
from ask_sdk_model.response import Response

from skill import ssml, words
from skill.persistence import MAX_PERSON_ID, SESSION_SPEAKER, speaker_of
from skill.record import PLAYING, UserRecord, merge, read_record
from skill.routine import Routine
from skill.session import (
    AUTO_TIME_KEY,
    AWAITING_KEY,
    MISHEARD_KEY,
    NOTICE_KEY,
    OFFER_KEY,
    PLAYED_KEY,
    PROGRESS_KEY,
    STORAGE_FAILED,
    STORED_KEY,
    SYNCED_KEY,
    TZ_KEY,
    WARNED_KEY,
    session_of,
)
from skill.storage.base import REVISION, RevisionConflict, StorageError
from skill.words import Words

log = logging.getLogger(__name__)

#: Longest string attribute we ever write (a question name, an IANA time zone).
_MAX_MARK = 64
_MAX_MISHEARD = 100
FALLBACK_INTENT = "AMAZON.FallbackIntent"
#: How long one turn may keep retrying a save that other devices keep beating (issue #20, 2). Not a
#: count of attempts: a device whose user speaks back to back lost four races in a row, gave up, and the
#: exercise finished in that turn was never counted. Every refused write means another write went in
#: (each retry follows a fresh read), so retrying is never a runaway loop; the budget only keeps the
#: turn well inside Alexa's 8 s, with room for a read and a write that time out (2 x 2 s).
SAVE_BUDGET_S = 3.0
#: After a refused write, wait a random time up to this (doubling from 10 ms) before the next read:
#: two devices in lock step would otherwise meet again at once ("full jitter" backoff).
MAX_BACKOFF_S = 0.2
_FIRST_BACKOFF_S = 0.01


def keeps_progress(handler_input: HandlerInput) -> bool:
    """Whether this request is part of a conversation whose progress we keep.

    Not skill events (no session), and not ``CanFulfillIntentRequest``: Alexa asks it of many
    skills before choosing one, so it must neither read nor write the user's record.
    """
    envelope = handler_input.request_envelope
    return envelope.session is not None and get_request_type(handler_input) != "CanFulfillIntentRequest"


class LoadProgress(AbstractRequestInterceptor):
    """At a session's first request, read the user's record into the session; later, tidy it."""

    def __init__(self, routine: Routine) -> None:
        self.routine = routine

    def process(self, handler_input: HandlerInput) -> None:
        manager = handler_input.attributes_manager
        if not keeps_progress(handler_input):
            # The SDK echoes the request's session attributes into the response: for a request whose
            # session is not ours (CanFulfillIntentRequest) that sent a caller's 24 KB of lone
            # surrogates straight back (issue #20, 7). Nothing of it is read, nothing goes back.
            if handler_input.request_envelope.session is not None and manager.session_attributes:
                manager.session_attributes = {}
            return
        session = session_of(handler_input)
        if PROGRESS_KEY in session:
            clean_session(self.routine, session, understood=understood(handler_input))
            return
        session.clear()  # a session without our record carries nothing of ours
        # Whose record this session reads and writes, to the end (skill.persistence.speaker_of).
        session[SESSION_SPEAKER] = speaker_of(handler_input.request_envelope)
        try:
            stored = manager.persistent_attributes
        except StorageError as error:
            log.warning("progress could not be loaded", extra={"error": str(error)})
            manager.request_attributes[STORAGE_FAILED] = True
            stored = None
        loaded = read_record(self.routine, stored)
        session[PROGRESS_KEY] = loaded.record.to_stored()
        if loaded.notice or manager.request_attributes.get(STORAGE_FAILED):
            session[SYNCED_KEY] = session[PROGRESS_KEY]  # the store is unknown: reconcile at the next save
        else:
            session[STORED_KEY] = session[PROGRESS_KEY]
        manager.request_attributes[NOTICE_KEY] = loaded.notice


def clean_session(routine: Routine, session: dict[str, Any], *, understood: bool = False) -> None:
    """Keep only the session attributes this skill writes, in the shapes it writes them.

    Alexa hands back what we returned last turn, but a hand-made or hostile request can carry
    anything, and the SDK echoes session attributes into the response: an unknown key or a huge
    value would be stored, or push the response past Alexa's size limit. A request that was
    ``understood`` ends a run of misunderstandings.
    """
    kept: dict[str, Any] = {PROGRESS_KEY: read_record(routine, session.get(PROGRESS_KEY)).record.to_stored()}
    for key in (STORED_KEY, SYNCED_KEY):
        if isinstance(session.get(key), dict):
            kept[key] = read_record(routine, session[key]).record.to_stored()
    for key in (AWAITING_KEY, TZ_KEY, OFFER_KEY, AUTO_TIME_KEY):
        value = session.get(key)
        if isinstance(value, str) and len(value) <= _MAX_MARK:
            kept[key] = value
    speaker = session.get(SESSION_SPEAKER)
    if isinstance(speaker, str) and len(speaker) <= MAX_PERSON_ID:
        kept[SESSION_SPEAKER] = speaker
    for key in (WARNED_KEY, PLAYED_KEY):
        if session.get(key) is True:
            kept[key] = True
    misheard = session.get(MISHEARD_KEY)
    if type(misheard) is int and 0 < misheard <= _MAX_MISHEARD and not understood:
        kept[MISHEARD_KEY] = misheard
    session.clear()
    session.update(kept)


def understood(handler_input: HandlerInput) -> bool:
    """Whether this request is anything but a misunderstanding (the fallback intent)."""
    if get_request_type(handler_input) != "IntentRequest":
        return True
    return bool(get_intent_name(handler_input) != FALLBACK_INTENT)


class SaveProgress(AbstractResponseInterceptor):
    """After each turn, reconcile the session's record with the store if it changed.

    Writes go through the AttributesManager. A refused write needs a fresh read, which the manager
    cannot give (it caches the first read of a request and has no refresh), so those reads ask the
    persistence adapter directly: the same adapter the manager was built with.
    """

    def __init__(self, routine: Routine, adapter: AbstractPersistenceAdapter) -> None:
        self.routine = routine
        self.adapter = adapter

    def process(self, handler_input: HandlerInput, response: Response) -> None:
        if not keeps_progress(handler_input):
            return
        manager = handler_input.attributes_manager
        session = session_of(handler_input)
        progress = session.get(PROGRESS_KEY)
        stored = session.get(STORED_KEY)
        synced = session.get(SYNCED_KEY, stored)
        pending = isinstance(progress, dict) and (stored is None or worth_saving(progress, synced))
        # Not in a request whose read just failed: one timeout per turn is the most a user should wait.
        if pending and not manager.request_attributes.get(STORAGE_FAILED):
            assert isinstance(progress, dict)
            try:
                now_stored = self.reconcile(handler_input, progress, synced, stored)
            except StorageError as error:
                log.warning("progress could not be saved", extra={"error": str(error)})
                manager.request_attributes[STORAGE_FAILED] = True
            else:
                progress = {**progress, REVISION: now_stored[REVISION]}
                session[PROGRESS_KEY] = progress
                session[STORED_KEY] = now_stored
                if progress == now_stored:
                    session.pop(SYNCED_KEY, None)
                else:
                    session[SYNCED_KEY] = progress
        failed = manager.request_attributes.get(STORAGE_FAILED)
        locale = getattr(handler_input.request_envelope.request, "locale", None)
        if failed and not session.get(WARNED_KEY) and warn(response, words.for_locale(locale)):
            session[WARNED_KEY] = True

    def reconcile(
        self, handler_input: HandlerInput, progress: dict[str, Any], synced: Any, stored: Any
    ) -> dict[str, Any]:
        """Write the merge of ``progress`` into the store, as often as needed; what the store holds.

        Raises StorageError when the store fails, or when other devices keep saving first for longer
        than SAVE_BUDGET_S (then the session keeps its changes and the next turn merges them in).
        """
        manager = handler_input.attributes_manager
        mine = read_record(self.routine, progress).record
        start = read_record(self.routine, synced).record if isinstance(synced, dict) else UserRecord()
        give_up_at = time.monotonic() + SAVE_BUDGET_S
        backoff = _FIRST_BACKOFF_S
        attempts = 0
        while True:
            attempts += 1
            repair = False
            if isinstance(stored, dict):
                theirs = read_record(self.routine, stored).record
            else:
                fresh = read_record(self.routine, self.adapter.get_attributes(handler_input.request_envelope))
                theirs, repair = fresh.record, bool(fresh.notice)
            target = merge(self.routine, start, mine, theirs)
            if target == theirs and not repair:
                return theirs.to_stored()  # the store already holds all of this session's changes
            try:
                manager.persistent_attributes = target.to_stored()
                manager.save_persistent_attributes()
            except RevisionConflict:
                log.info("another device saved first; merging", extra={"revision": theirs.revision})
                stored = None
            else:
                saved: dict[str, Any] = manager.persistent_attributes
                return saved
            if time.monotonic() >= give_up_at:
                raise StorageError(f"other devices kept saving first ({attempts} attempts)")
            time.sleep(random.uniform(0, backoff))  # jitter, not a secret: random is fine
            backoff = min(backoff * 2, MAX_BACKOFF_S)


def worth_saving(progress: dict[str, Any], synced: Any) -> bool:
    """Whether ``progress`` differs from what the store has in anything but the timing of a part.

    Each spoken part carries its start time (skill.listening). Saying the same part again (Repeat)
    only moves that time: not worth a write, since the stored, older start can only make the part
    count as heard sooner. Whether a part is in play at all (cut short, finished) is worth one.
    """
    if not isinstance(synced, dict):
        return True
    return _without_timing(progress) != _without_timing(synced)


def _without_timing(record: dict[str, Any]) -> dict[str, Any]:
    return {key: (True if key == PLAYING else value) for key, value in record.items()}


def warn(response: Response | None, said: Words) -> bool:
    """Put the storage warning in front of the speech; False if there is no speech to add it to."""
    speech = getattr(response, "output_speech", None)
    current = getattr(speech, "ssml", None)
    if speech is None or not isinstance(current, str) or not current.startswith("<speak>"):
        return False
    speech.ssml = ssml.speak(
        ssml.join(ssml.escape_text(said("STORAGE_WARNING")), current[len("<speak>") : -len("</speak>")])
    )
    return True
