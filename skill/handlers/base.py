"""What every handler shares: a class that matches intents, and a Turn that answers one request.

Handlers stay thin: read the intent and slots, call one engine command, answer through ``Turn``.
``Turn`` keeps the user's record in the session (loaded once per session by
``skill.interceptors.LoadProgress``) and knows how to speak a segment, ask, and tell.
"""

from __future__ import annotations

from abc import abstractmethod
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any, cast, get_args

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_model.response import Response

from skill import phrases, screens, ssml, streaks
from skill.clock import TZ_KEY, device_time_zone, local_date
from skill.engine import Engine
from skill.handlers.display import ScreenMaker, add_screen
from skill.listening import Playing, heard_after, was_heard
from skill.progress import Position
from skill.record import Notice, UserRecord, read_record
from skill.segments import ROUTINE_SCOPE, describe
from skill.slots import clean_slot_value
from skill.timeline import speaking_seconds

PROGRESS_KEY = "progress"
AWAITING_KEY = "awaiting"
NOTICE_KEY = "notice"
PLAYED_KEY = "played"
"""Session flag: a part was spoken in this session (so a part without a timer was cut short here)."""
# What the coach asked last (the session's "awaiting" value), so a yes or no answers it.
RESUME_QUESTION = "resume"
ANOTHER_ROUND_QUESTION = "another_round"
EXERCISE_QUESTION = "exercise"
HELP_QUESTION = "help"
MISHEARD_KEY = "misheard"
"""Session count of misunderstandings in a row (the fallback says more each time)."""


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
        #: What an Echo Show shows with the answer (None: the words said); see skill.handlers.display.
        self.screen: ScreenMaker | None = None
        #: The part in play was heard to its end before this request (see skill.listening).
        self.heard = False
        playing = self.record.playing
        if playing is not None:
            if was_heard(playing, self.timestamp):
                self.heard = True
            else:  # the user spoke over it: it is not done, and resumes from its start
                self.update(replace(self.record, playing=None))

    # --- state -------------------------------------------------------------------------------
    @property
    def position(self) -> Position | None:
        return self.record.position

    @property
    def pace(self) -> int:
        return self.record.pace

    @property
    def timestamp(self) -> datetime | None:
        """Alexa's timestamp of this request (when the user spoke)."""
        value = getattr(self.input.request_envelope.request, "timestamp", None)
        return value if isinstance(value, datetime) else None

    @property
    def cut_short(self) -> bool:
        """A part was spoken in this session and the user spoke over it: it is to be done again."""
        return self.position is not None and not self.heard and self.session.get(PLAYED_KEY) is True

    @property
    def place(self) -> Position | None:
        """Where to go on from: the part after one heard to its end, else the part itself."""
        position = self.position
        if position is None or not self.heard:
            return position
        return self.engine.next(position).position or position

    @property
    def upcoming(self) -> Position | None:
        """The part that comes next: the place, or after a part cut short, the part after it."""
        position = self.position
        if position is None or not self.cut_short:
            return self.place
        return self.engine.next(position).position

    def leave(self) -> Position | None:
        """Keep the place to go on from (pause, stop, "I'm done", session end); the place kept."""
        place = self.place
        if self.record.playing is not None or place != self.position:
            self.update(self.record.at(place))
            self.heard = False
        return place

    def go_on_prompt(self) -> str:
        """How to go on from here, in one sentence (the reprompt of answers given in passing)."""
        if self.position is None:
            return phrases.HELP_REPROMPT
        if self.cut_short:
            return phrases.WAIT_REPROMPT
        getting_ready = self.record.playing is not None and self.position.key.is_setup
        return phrases.WHEN_READY_REPROMPT if getting_ready else phrases.REPROMPT

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
        add_screen(self, builder, speech, ending=False)
        return builder.set_should_end_session(False).response

    def reply(self, *sentences: str) -> Response:
        """Answer a question asked in passing: a one-shot ends there; inside a session the
        conversation goes on, back to the routine if one is under way."""
        if self.is_one_shot:
            return self.tell(text(*sentences))
        reprompt = self.go_on_prompt()
        return self.ask(text(*sentences, reprompt), reprompt)

    @property
    def is_one_shot(self) -> bool:
        """The first request of a session that is not a launch: "ask my foot routine to ..."."""
        return bool(getattr(self.input.request_envelope.session, "new", True))

    def tell(self, speech: str) -> Response:
        """Speak SSML and end the session."""
        builder = self.input.response_builder.speak(speech)
        add_screen(self, builder, speech, ending=True)
        return builder.set_should_end_session(True).response

    def play(self, position: Position, *before: str) -> Response:
        """Coach the segment at ``position``, after any plain sentences; the last one finishes.

        The record keeps when the part started and when it will count as heard, so the next
        request can tell a part heard to its end from one cut short (skill.listening).
        """
        segment = self.engine.segment(position, self.pace, self.record.sounds)
        said_first = " ".join(sentence for sentence in before if sentence)
        speech = ssml.join(text(said_first), self.engine.speech(position, self.pace, self.record.sounds))
        self.awaiting = ""
        lead = speaking_seconds(said_first, self.pace)  # the screen's timers start after these words
        self.screen = lambda: screens.coaching(self.engine.routine, segment, position.scope, lead)
        if segment.is_last:
            return self.finish(position, speech)
        started = self.timestamp or datetime.now(UTC)
        work = lead + segment.work_seconds
        playing = Playing(started.isoformat(), heard_after(work))
        self.update(self.record.at(position, playing))
        self.heard = False
        self.session[PLAYED_KEY] = True
        reprompt = phrases.WHEN_READY_REPROMPT if segment.key.is_setup else phrases.REPROMPT
        return self.ask(speech, reprompt)

    def finish(self, position: Position, speech: str) -> Response:
        """Close after the last segment of a scope: count it, congratulate once, streak, goodbye."""
        today = self.today()
        whole = position.scope == ROUTINE_SCOPE
        finished_on = today if whole else self.record.finished_on
        history = self.record.history
        streak = ""
        if today:
            history = history.done(today, "routine" if whole else "exercise")
            streak = streaks.on_finishing(history, today)
        praise = phrases.FINISHED_PRAISE_ROUTINE if whole else phrases.FINISHED_PRAISE_EXERCISE
        goodbye = phrases.FINISHED_GOODBYE_ROUTINE if whole else phrases.FINISHED_GOODBYE_EXERCISE
        self.update(
            replace(
                self.record,
                position=None,
                playing=None,
                welcomed=True,
                finished_on=finished_on,
                history=history,
            )
        )
        closing = text(praise, streak)
        self.screen = lambda: screens.finale(self.engine.routine, position.scope, screens.plain(closing))
        return self.tell(ssml.join(speech, text(praise, streak, goodbye)))

    def welcome(self, scope: str = ROUTINE_SCOPE) -> tuple[str, ...]:
        """The welcome and safety note for a user who has never heard them; nothing for anyone else.

        Someone who asked for one exercise hears about that exercise and its own length.
        """
        if self.record.welcomed:
            return ()
        length = phrases.duration(self.engine.total_seconds(scope, self.pace))
        if scope == ROUTINE_SCOPE:
            return phrases.WELCOME_NEW.format(duration=length), phrases.SAFETY
        name = self.engine.routine.exercise(scope).name
        return phrases.WELCOME_NEW_EXERCISE.format(name=name, duration=length), phrases.SAFETY

    def begin(self, scope: str, *before: str) -> Response:
        """Start a scope from its first segment, with the welcome for a first-time user."""
        welcome = self.welcome(scope)
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
