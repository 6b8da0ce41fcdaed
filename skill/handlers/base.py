"""What every handler shares: a class that matches intents, and a Turn that answers one request.

Handlers stay thin: read the intent and slots, call one engine command, answer through ``Turn``.
``Turn`` keeps the user's record in the session (loaded once per session by
``skill.interceptors.LoadProgress``) and knows how to speak a segment, ask, and tell.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import replace
from typing import Any, cast, get_args

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_model.response import Response

from skill import phrases, ssml, streaks
from skill.clock import TZ_KEY, device_time_zone, local_date
from skill.engine import Engine
from skill.progress import Position
from skill.record import Notice, UserRecord, read_record
from skill.segments import ROUTINE_SCOPE, describe
from skill.slots import clean_slot_value

PROGRESS_KEY = "progress"
AWAITING_KEY = "awaiting"
NOTICE_KEY = "notice"


def session_of(handler_input: HandlerInput) -> dict[str, Any]:
    """The session attributes dict itself (the SDK types it Optional; it is a dict in a session)."""
    manager = handler_input.attributes_manager
    attributes = manager.session_attributes
    if attributes is None:
        attributes = {}
        manager.session_attributes = attributes
    return attributes


def text(*sentences: str) -> str:
    """Plain sentences as escaped SSML."""
    return ssml.escape_text(" ".join(sentence for sentence in sentences if sentence))


class Turn:
    """One request: the user's record, what we asked last, and ways to answer."""

    def __init__(self, handler_input: HandlerInput, engine: Engine) -> None:
        self.input = handler_input
        self.engine = engine
        self.session = session_of(handler_input)
        self.record: UserRecord = read_record(engine.routine, self.session.get(PROGRESS_KEY)).record

    # --- state -------------------------------------------------------------------------------
    @property
    def position(self) -> Position | None:
        return self.record.position

    @property
    def pace(self) -> int:
        return self.record.pace

    @property
    def awaiting(self) -> str:
        value = self.session.get(AWAITING_KEY, "")
        return value if isinstance(value, str) else ""

    @awaiting.setter
    def awaiting(self, value: str) -> None:
        if value:
            self.session[AWAITING_KEY] = value
        else:
            self.session.pop(AWAITING_KEY, None)

    @property
    def notice(self) -> Notice:
        """What the loader noticed about the stored record (said once, at launch)."""
        notice = self.input.attributes_manager.request_attributes.get(NOTICE_KEY)
        return cast(Notice, notice) if notice in get_args(Notice) else ""

    def update(self, record: UserRecord) -> None:
        self.record = record
        self.session[PROGRESS_KEY] = record.to_stored()

    def today(self) -> str:
        """The user's date for this request: Alexa's timestamp in the device's time zone.

        The zone is asked of the Settings API once per session (only when a date is needed) and
        kept in the session; see ``skill.clock``.
        """
        timestamp = getattr(self.input.request_envelope.request, "timestamp", None)
        if timestamp is None:
            return ""
        return local_date(timestamp, self.time_zone())

    def time_zone(self) -> str:
        """The device's IANA time zone, asked of the Settings API once per session (UTC if it fails)."""
        zone = self.session.get(TZ_KEY)
        if not isinstance(zone, str) or not zone:
            zone = self.session[TZ_KEY] = device_time_zone(self.input)
        return zone

    def where(self, position: Position) -> tuple[str, str]:
        """The exercise's name and "set two, left foot" for a position."""
        exercise = self.engine.routine.exercise(position.exercise)
        return exercise.name, describe(exercise, position.key)

    # --- answers -----------------------------------------------------------------------------
    def ask(self, speech: str, reprompt: str) -> Response:
        """Speak SSML and keep the microphone open, with a short reprompt."""
        builder = self.input.response_builder.speak(speech).ask(text(reprompt))
        return builder.set_should_end_session(False).response

    def reply(self, *sentences: str) -> Response:
        """Answer a question asked in passing: a one-shot ends there; inside a session the
        conversation goes on, back to the routine if one is under way."""
        if getattr(self.input.request_envelope.session, "new", True):
            return self.tell(text(*sentences))
        reprompt = phrases.REPROMPT if self.position is not None else phrases.HELP_REPROMPT
        return self.ask(text(*sentences, reprompt), reprompt)

    def tell(self, speech: str) -> Response:
        """Speak SSML and end the session."""
        return self.input.response_builder.speak(speech).set_should_end_session(True).response

    def play(self, position: Position, *before: str) -> Response:
        """Coach the segment at ``position``, after any plain sentences; the last one finishes."""
        segment = self.engine.segment(position, self.pace, self.record.sounds)
        speech = ssml.join(text(*before), self.engine.speech(position, self.pace, self.record.sounds))
        self.awaiting = ""
        if segment.is_last:
            return self.finish(position, speech)
        self.update(self.record.at(position))
        return self.ask(speech, phrases.REPROMPT)

    def finish(self, position: Position, speech: str) -> Response:
        """Close after the last segment of a scope, counting it in the user's practice history."""
        today = self.today()
        whole = position.scope == ROUTINE_SCOPE
        finished_on = today if whole else self.record.finished_on
        history = self.record.history
        if today:
            history = history.done(today, "routine" if whole else "exercise")
            speech = ssml.join(speech, text(streaks.on_finishing(history, today)))
        self.update(
            replace(self.record, position=None, welcomed=True, finished_on=finished_on, history=history)
        )
        return self.tell(speech)

    def welcome(self) -> tuple[str, ...]:
        """The welcome and safety note for a user who has never heard them; nothing for anyone else."""
        if self.record.welcomed:
            return ()
        minutes = phrases.duration(self.engine.total_seconds(ROUTINE_SCOPE, self.pace))
        return phrases.WELCOME_NEW.format(duration=minutes), phrases.SAFETY

    def begin(self, scope: str, *before: str) -> Response:
        """Start a scope from its first segment, with the welcome for a first-time user."""
        welcome = self.welcome()
        step = self.engine.start(scope)
        assert step.position is not None
        self.update(replace(self.record, welcomed=True))
        return self.play(step.position, *welcome, *before)


class CoachHandler(AbstractRequestHandler):
    """A handler for some intents (or a request type), answering through a :class:`Turn`."""

    intents: tuple[str, ...] = ()
    request_type: str = "IntentRequest"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if self.intents:
            return any(is_intent_name(name)(handler_input) for name in self.intents)
        matches: bool = is_request_type(self.request_type)(handler_input)
        return matches

    def handle(self, handler_input: HandlerInput) -> Response:
        return self.answer(Turn(handler_input, self.engine))

    @abstractmethod
    def answer(self, turn: Turn) -> Response:
        """Answer this request."""


def slot(handler_input: HandlerInput, name: str) -> tuple[str | None, str | None]:
    """A custom slot as (resolved id, what was heard): id is None unless entity resolution matched."""
    intent = getattr(handler_input.request_envelope.request, "intent", None)
    slots = getattr(intent, "slots", None) or {}
    value = slots.get(name)
    if value is None:
        return None, None
    heard = clean_slot_value(value.value)  # issue #12: cut, and only what UTF-8 can encode
    resolutions = getattr(value, "resolutions", None)
    for authority in getattr(resolutions, "resolutions_per_authority", None) or []:
        status = getattr(getattr(authority, "status", None), "code", None)
        code = getattr(status, "value", status)
        if code == "ER_SUCCESS_MATCH" and authority.values:
            return authority.values[0].value.id, heard
    return None, heard
