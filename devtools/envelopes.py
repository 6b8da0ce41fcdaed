"""Real Alexa request envelopes, and a simulated Echo that sends them to a skill.

Tests and the local coach must exercise the skill through exactly what Alexa sends, not through a
convenient shortcut: the ASK SDK deserialises the envelope, checks the skill id, reads the session
attributes and routes on the request type, and each of those steps can fail in ways only a real
envelope reveals. The builders here produce envelopes as Alexa sends them (field names, ids, ISO
timestamps with "Z", entity resolution on custom slots, a slot the user did not fill present with
its name only). ``Device`` adds what the Alexa service does between requests: it keeps the session
id, marks the first request of a session ``new``, carries ``sessionAttributes`` from each response
into the next request, and closes the session when the skill ends it.
"""

from __future__ import annotations

import html
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Final, Protocol

from devtools.nlu import BUILTIN_PREFIX, InteractionModel, ResolutionKind, SlotMatch, load_model
from skill.limits import WORDS_PER_SECOND

JsonDict = dict[str, Any]
Handler = Callable[[JsonDict, Any], JsonDict]
"""A skill entry point, e.g. ``lambda_handler(event, context)``."""
SlotInput = str | SlotMatch | tuple[str, str | None]
"""A slot for ``Device.intent``: words heard, a SlotMatch, or (words heard, resolved id or None)."""

VERSION: Final = "1.0"
DEFAULT_SKILL_ID: Final = "amzn1.ask.skill.00000000-0000-4000-8000-000000000000"
DEFAULT_USER_ID: Final = "amzn1.ask.account.LOCAL-TEST-USER"
DEFAULT_DEVICE_ID: Final = "amzn1.ask.device.LOCAL-TEST-DEVICE"
DEFAULT_LOCALE: Final = "en-US"
API_ENDPOINT: Final = "https://api.amazonalexa.com"
SIMULATED_API_ACCESS_TOKEN: Final = "simulated-api-access-token"
"""A placeholder: Alexa sends a short-lived token here; a simulated device has none to send."""

REQUEST_ID_PREFIX: Final = "amzn1.echo-api.request."
SESSION_ID_PREFIX: Final = "amzn1.echo-api.session."
AUTHORITY_PREFIX: Final = "amzn1.er-authority.echo-sdk."
CONFIRMATION_NONE: Final = "NONE"
SLOT_SOURCE_USER: Final = "USER"
SIMPLE_SLOT_VALUE: Final = "Simple"
TIMESTAMP_FORMAT: Final = "%Y-%m-%dT%H:%M:%SZ"


class RequestType(StrEnum):
    """The request types a custom skill's voice session carries."""

    LAUNCH = "LaunchRequest"
    INTENT = "IntentRequest"
    SESSION_ENDED = "SessionEndedRequest"
    USER_EVENT = "Alexa.Presentation.APL.UserEvent"
    SESSION_RESUMED = "SessionResumedRequest"


class SessionEndedReason(StrEnum):
    """Why Alexa ended the session (SessionEndedRequest.reason)."""

    USER_INITIATED = "USER_INITIATED"
    EXCEEDED_MAX_REPROMPTS = "EXCEEDED_MAX_REPROMPTS"
    ERROR = "ERROR"


class SessionEndedErrorType(StrEnum):
    """SessionEndedRequest.error.type when the reason is ERROR."""

    INVALID_RESPONSE = "INVALID_RESPONSE"
    DEVICE_COMMUNICATION_ERROR = "DEVICE_COMMUNICATION_ERROR"
    INTERNAL_SERVICE_ERROR = "INTERNAL_SERVICE_ERROR"
    ENDPOINT_TIMEOUT = "ENDPOINT_TIMEOUT"


class ResolutionStatus(StrEnum):
    """Entity resolution outcome for a custom slot."""

    MATCH = "ER_SUCCESS_MATCH"
    NO_MATCH = "ER_SUCCESS_NO_MATCH"


class SkillContractError(AssertionError):
    """The skill answered in a way Alexa would reject or that breaks the session rules.

    An AssertionError subclass so pytest reports it as a failed expectation, but raised explicitly
    so it still fires under ``python -O``.
    """


@dataclass(frozen=True)
class Caller:
    """Who is speaking to which skill, from which device: the parts of an envelope that stay put."""

    skill_id: str = DEFAULT_SKILL_ID
    user_id: str = DEFAULT_USER_ID
    device_id: str = DEFAULT_DEVICE_ID
    locale: str = DEFAULT_LOCALE
    supported_interfaces: Mapping[str, Any] = field(default_factory=dict)
    """Empty for a screenless Echo; e.g. {"Alexa.Presentation.APL": {...}} for an Echo Show."""
    person_id: str | None = None
    """A speaker Alexa recognised by voice (``context.System.person``); None: nobody recognised."""
    viewport: Mapping[str, Any] | None = None
    """``context.Viewport`` of a device with a screen (``devtools.viewports``); None: no screen."""
    api_endpoint: str | None = ""
    """The Alexa API endpoint the envelope names; empty: ``API_ENDPOINT`` (read when the envelope is
    built, so tests can point every envelope at a local fake of the API); None: no endpoint and no
    access token at all (the local coach, which has no Alexa account behind it)."""


@dataclass(frozen=True)
class Session:
    """The session part of an envelope."""

    session_id: str
    new: bool
    attributes: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def start(cls) -> Session:
        """A fresh session, as Alexa opens one: new id, ``new`` true, no attributes."""
        return cls(session_id=f"{SESSION_ID_PREFIX}{uuid.uuid4()}", new=True, attributes={})


def timestamp(now: datetime | None = None) -> str:
    """An Alexa request timestamp: ISO-8601 in UTC with a "Z", whole seconds."""
    moment = now if now is not None else datetime.now(UTC)
    return moment.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


def authority(skill_id: str, slot_type: str) -> str:
    """The entity-resolution authority Alexa names for a custom slot type of a skill."""
    return f"{AUTHORITY_PREFIX}{skill_id}.{slot_type}"


def slot_json(name: str, match: SlotMatch | None, *, slot_type: str, skill_id: str) -> JsonDict:
    """One entry of ``intent.slots``: name only when unfilled, else value with entity resolution."""
    slot: JsonDict = {"name": name, "confirmationStatus": CONFIRMATION_NONE}
    if match is None:
        return slot
    slot["value"] = match.value
    slot["source"] = SLOT_SOURCE_USER
    slot_value: JsonDict = {"type": SIMPLE_SLOT_VALUE, "value": match.value}
    if not slot_type.startswith(BUILTIN_PREFIX):
        # Amazon's own slot types (AMAZON.NUMBER...) carry no entity resolution.
        resolution: JsonDict = {
            "authority": authority(skill_id, slot_type),
            "status": {"code": ResolutionStatus.MATCH if match.resolved else ResolutionStatus.NO_MATCH},
        }
        if match.resolved:
            resolution["values"] = [{"value": {"name": match.name or match.value, "id": match.id}}]
        resolutions = {"resolutionsPerAuthority": [resolution]}
        slot["resolutions"] = resolutions
        slot_value["resolutions"] = resolutions
    slot["slotValue"] = slot_value
    return slot


def envelope(request: JsonDict, *, caller: Caller | None = None, session: Session | None = None) -> JsonDict:
    """Wrap a ``request`` object in the version, session and context Alexa sends around it."""
    who = caller if caller is not None else Caller()
    current = session if session is not None else Session.start()
    application = {"applicationId": who.skill_id}
    user = {"userId": who.user_id}
    result: JsonDict = {
        "version": VERSION,
        "session": {
            "new": current.new,
            "sessionId": current.session_id,
            "application": dict(application),
            "attributes": dict(current.attributes),
            "user": dict(user),
        },
        "context": {
            "System": {
                "application": dict(application),
                "user": dict(user),
                "device": {
                    "deviceId": who.device_id,
                    "supportedInterfaces": dict(who.supported_interfaces),
                },
                "apiEndpoint": who.api_endpoint or API_ENDPOINT,
                "apiAccessToken": SIMULATED_API_ACCESS_TOKEN,
            }
        },
        "request": request,
    }
    if who.person_id is not None:
        result["context"]["System"]["person"] = {
            "personId": who.person_id,
            "accessToken": SIMULATED_API_ACCESS_TOKEN,
        }
    if who.viewport is not None:
        result["context"]["Viewport"] = dict(who.viewport)
    if who.api_endpoint is None:
        for key in ("apiEndpoint", "apiAccessToken"):
            del result["context"]["System"][key]
    return result


def _request(kind: RequestType, locale: str, now: datetime | None) -> JsonDict:
    return {
        "type": kind.value,
        "requestId": f"{REQUEST_ID_PREFIX}{uuid.uuid4()}",
        "timestamp": timestamp(now),
        "locale": locale,
    }


def launch_request(
    *, caller: Caller | None = None, session: Session | None = None, now: datetime | None = None
) -> JsonDict:
    """A LaunchRequest envelope ("Alexa, open my foot routine")."""
    who = caller if caller is not None else Caller()
    return envelope(_request(RequestType.LAUNCH, who.locale, now), caller=who, session=session)


def intent_request(
    name: str,
    slots: Mapping[str, SlotMatch | None] | None = None,
    *,
    slot_types: Mapping[str, str] | None = None,
    caller: Caller | None = None,
    session: Session | None = None,
    dialog_state: str | None = None,
    now: datetime | None = None,
) -> JsonDict:
    """An IntentRequest envelope.

    ``slots`` maps each slot the intent declares to what was heard, or None for a slot the user
    left empty (sent with its name only, as Alexa does). ``slot_types`` names each slot's type for
    the entity-resolution authority; a slot missing there is named after itself in upper case.
    ``dialogState`` is sent only when given: Alexa adds it only for intents with a dialog model.
    """
    who = caller if caller is not None else Caller()
    types = slot_types or {}
    request = _request(RequestType.INTENT, who.locale, now)
    if dialog_state is not None:
        request["dialogState"] = dialog_state
    intent: JsonDict = {"name": name, "confirmationStatus": CONFIRMATION_NONE}
    if slots:
        intent["slots"] = {
            slot_name: slot_json(
                slot_name,
                match,
                slot_type=types.get(slot_name, slot_name.upper()),
                skill_id=who.skill_id,
            )
            for slot_name, match in slots.items()
        }
    request["intent"] = intent
    return envelope(request, caller=who, session=session)


def user_event_request(
    arguments: list[Any],
    *,
    token: str,
    caller: Caller | None = None,
    session: Session | None = None,
    now: datetime | None = None,
) -> JsonDict:
    """An ``Alexa.Presentation.APL.UserEvent`` envelope: a touch on a ``SendEvent`` button of the
    screen rendered with ``token``, carrying the command's ``arguments``."""
    who = caller if caller is not None else Caller()
    request = _request(RequestType.USER_EVENT, who.locale, now)
    request["token"] = token
    request["arguments"] = list(arguments)
    request["source"] = {"type": "TouchWrapper", "handler": "Press", "id": ""}
    return envelope(request, caller=who, session=session)


def session_resumed_request(
    cause: JsonDict,
    *,
    caller: Caller | None = None,
    session: Session | None = None,
    now: datetime | None = None,
) -> JsonDict:
    """A ``SessionResumedRequest``: Alexa gives the session back after a ``Connections.StartConnection``
    task (an offered routine), with the task's ``cause`` (token, status, result)."""
    who = caller if caller is not None else Caller()
    request = _request(RequestType.SESSION_RESUMED, who.locale, now)
    request["cause"] = dict(cause)
    return envelope(request, caller=who, session=session)


def session_ended_request(
    reason: SessionEndedReason = SessionEndedReason.USER_INITIATED,
    *,
    error_type: SessionEndedErrorType = SessionEndedErrorType.INTERNAL_SERVICE_ERROR,
    error_message: str = "simulated error",
    caller: Caller | None = None,
    session: Session | None = None,
    now: datetime | None = None,
) -> JsonDict:
    """A SessionEndedRequest envelope; ``error`` is included only when the reason is ERROR."""
    who = caller if caller is not None else Caller()
    request = _request(RequestType.SESSION_ENDED, who.locale, now)
    request["reason"] = SessionEndedReason(reason).value
    if request["reason"] == SessionEndedReason.ERROR:
        request["error"] = {"type": SessionEndedErrorType(error_type).value, "message": error_message}
    return envelope(request, caller=who, session=session)


_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
_BREAK = re.compile(r"""<break\b[^>]*?\btime\s*=\s*["']\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*["']""", re.IGNORECASE)
_MS_PER_UNIT: Final = {"ms": 1, "s": 1000}
_SSML_TYPE: Final = "SSML"
_PLAIN_TYPE: Final = "PlainText"


def speech_text(ssml: str) -> str:
    """What a listener hears as words: tags removed, entities decoded, whitespace collapsed."""
    return _SPACES.sub(" ", html.unescape(_TAG.sub(" ", ssml))).strip()


def break_durations_ms(ssml: str) -> list[int]:
    """Every ``<break time=...>`` in order, in milliseconds ("2s", "500ms", "1.5s")."""
    return [round(float(amount) * _MS_PER_UNIT[unit.lower()]) for amount, unit in _BREAK.findall(ssml)]


def _speech_ssml(output_speech: Mapping[str, Any] | None) -> str | None:
    if not output_speech:
        return None
    if output_speech.get("type") == _PLAIN_TYPE:
        return f"<speak>{html.escape(str(output_speech.get('text', '')), quote=False)}</speak>"
    if output_speech.get("type") == _SSML_TYPE:
        return str(output_speech.get("ssml", ""))
    raise SkillContractError(f"unknown outputSpeech type: {output_speech.get('type')!r}")


@dataclass(frozen=True)
class Reply:
    """The skill's response to one request, read the way a device plays it."""

    raw: JsonDict
    """The whole response envelope the skill returned."""
    ssml: str
    """The speech as sent ("" when the skill said nothing)."""
    text: str
    reprompt_ssml: str | None
    reprompt_text: str | None
    ends_session: bool
    breaks_ms: list[int]
    session_attributes: JsonDict
    request: JsonDict = field(default_factory=dict)
    """The envelope that was sent, for tests that check what the skill received."""

    @classmethod
    def from_response(cls, raw: Any, request: JsonDict | None = None) -> Reply:
        """Read a response envelope; SkillContractError if it is not one Alexa would play.

        ``shouldEndSession`` true ends the session; absent (None) also ends it, because that is
        what a screenless Echo does (a screen device would keep it open without listening).
        """
        if not isinstance(raw, Mapping) or not isinstance(raw.get("response"), Mapping):
            raise SkillContractError(f"not a response envelope: {raw!r}")
        response: Mapping[str, Any] = raw["response"]
        ssml = _speech_ssml(response.get("outputSpeech")) or ""
        reprompt = response.get("reprompt")
        reprompt_ssml = _speech_ssml(reprompt.get("outputSpeech")) if isinstance(reprompt, Mapping) else None
        should_end = response.get("shouldEndSession")
        return cls(
            raw=dict(raw),
            ssml=ssml,
            text=speech_text(ssml),
            reprompt_ssml=reprompt_ssml,
            reprompt_text=speech_text(reprompt_ssml) if reprompt_ssml is not None else None,
            ends_session=should_end is not False,
            breaks_ms=break_durations_ms(ssml),
            session_attributes=dict(raw.get("sessionAttributes") or {}),
            request=request if request is not None else {},
        )


_RATE = re.compile(r'<prosody\b[^>]*\brate\s*=\s*"(\d+)%"')


def listening_seconds(reply: Reply) -> float:
    """How long a listener takes to hear ``reply`` to its end: its words at Alexa's pace (slower
    inside a slower ``<prosody rate>``), plus every pause."""
    rate = _RATE.search(reply.ssml)
    slower = 100 / int(rate.group(1)) if rate is not None and int(rate.group(1)) > 0 else 1.0
    words = len(reply.text.split())
    return words / WORDS_PER_SECOND * slower + sum(reply.breaks_ms) / 1000


class ListeningClock:
    """Request timestamps that move the way a listening user's do.

    Each reply is heard to its end, then the user takes ``think`` seconds to answer, so Alexa's
    timestamp on the next request falls after the part just spoken, as on a device. A test that
    wants the user to talk over a part calls :meth:`interrupt` first: the next request is then
    stamped that many seconds after the last one.
    """

    def __init__(self, start: datetime, think: float = 2.0) -> None:
        self.now = start
        self.think = think
        self._sent = start

    def __call__(self) -> datetime:
        self._sent = self.now
        return self.now

    def heard(self, reply: Reply) -> None:
        self.now = self._sent + timedelta(seconds=listening_seconds(reply) + self.think)

    def interrupt(self, after_seconds: float) -> None:
        """The next request is made ``after_seconds`` into the last reply (talked over it)."""
        self.now = self._sent + timedelta(seconds=after_seconds)

    def wait(self, seconds: float) -> None:
        """Time passes before the next request (hours, days)."""
        self.now += timedelta(seconds=seconds)


class OfferAnswerer(Protocol):
    """Alexa's side of a ``Connections.StartConnection`` (devtools.alexa_fake.AlexaRoutines)."""

    def prompt(self, directive: JsonDict) -> str: ...

    def answer(self, directive: JsonDict, locale: str, accepted: bool) -> JsonDict: ...


class Device:
    """One simulated Echo talking to one skill, keeping the session as Alexa does; screenless unless
    given ``supported_interfaces`` and a ``viewport`` (an Echo Show: ``devtools.viewports``).

    ``model`` is the interaction model used to resolve slot words and typed text; ``say`` loads
    the repository's model when none was given. ``clock`` gives request timestamps: a
    :class:`ListeningClock` moves them as a listening user's would.
    """

    def __init__(
        self,
        handler: Handler,
        user_id: str = DEFAULT_USER_ID,
        skill_id: str = DEFAULT_SKILL_ID,
        locale: str = DEFAULT_LOCALE,
        *,
        model: InteractionModel | None = None,
        device_id: str = DEFAULT_DEVICE_ID,
        supported_interfaces: Mapping[str, Any] | None = None,
        api_endpoint: str | None = "",
        person_id: str | None = None,
        context: Any = None,
        clock: Callable[[], datetime] | None = None,
        viewport: Mapping[str, Any] | None = None,
        routines: OfferAnswerer | None = None,
    ) -> None:
        self.handler = handler
        #: Alexa's side of an offered routine; None: a test answers with ``resume`` itself.
        self.routines = routines
        #: A ``Connections.StartConnection`` the skill handed over with, until Alexa resumes it.
        self.connection: JsonDict | None = None
        self.caller = Caller(
            skill_id=skill_id,
            user_id=user_id,
            device_id=device_id,
            locale=locale,
            supported_interfaces=dict(supported_interfaces or {}),
            api_endpoint=api_endpoint,
            person_id=person_id,
            viewport=dict(viewport) if viewport is not None else None,
        )
        self.model = model
        self.context = context
        self._clock = clock
        self._session: Session | None = None
        #: (intent, slot) the skill's last answer asked for with Dialog.ElicitSlot, else None.
        self.eliciting: tuple[str, str] | None = None

    @property
    def session_open(self) -> bool:
        """Whether a skill session is open (the next request continues it)."""
        return self._session is not None

    @property
    def session_id(self) -> str | None:
        """The open session's id, or None."""
        return self._session.session_id if self._session is not None else None

    @property
    def session_attributes(self) -> Mapping[str, Any]:
        """The attributes the next request of the open session will carry ({} when closed)."""
        return self._session.attributes if self._session is not None else {}

    def launch(self) -> Reply:
        """ "Alexa, open my foot routine": a LaunchRequest, always in a new session."""
        self._session = None
        return self._send(launch_request(caller=self.caller, session=self._next_session(), now=self._now()))

    def intent(self, name: str, /, **slots: SlotInput) -> Reply:
        """Send an IntentRequest in the open session, or as a one-shot in a new one.

        A slot given as plain words is resolved through the model's slot type (sent as a no-match
        without a model); ``(words, id)`` or a SlotMatch states the resolution outright. With a
        model, declared slots left out are sent with their name only, and an intent or slot the
        model does not declare is refused, since a device could never send it.
        """
        return self._send(self._intent_envelope(name, slots))

    def say(self, text: str) -> Reply | None:
        """Speak ``text`` to the device; None when it would not reach this skill.

        A launch phrase opens a new session; a one-shot ("ask my foot routine for ...") sends its
        intent in a new session; anything else is an intent of the open session. With no session
        open, a bare "next" goes to Alexa itself, not to this skill, so nothing is sent. A launch
        or one-shot during an open session replaces it without a SessionEndedRequest (use
        ``end_session`` first to test that path).
        """
        if self.model is None:
            self.model = load_model(locale=self.caller.locale)
        if self.connection is not None and self.routines is not None:
            # Alexa is asking her own question (an offered routine): the answer is hers to read.
            said = self.model.resolve(text)
            return self.answer_offer(said.intent == "AMAZON.YesIntent")
        heard = self.model.resolve(text, eliciting=self.eliciting if self.session_open else None)
        if heard.kind == ResolutionKind.LAUNCH:
            return self.launch()
        if heard.intent is None:
            return None
        if heard.one_shot:
            self._session = None
        elif not self.session_open:
            return None
        return self.intent(heard.intent, **heard.slots)

    def answer_offer(self, accepted: bool) -> Reply:
        """The user answers Alexa's offer; Alexa resumes the skill with what came of it."""
        if self.connection is None or self.routines is None:
            raise SkillContractError("no offer is open")
        cause = self.routines.answer(self.connection, self.caller.locale, accepted)
        return self.resume(cause)

    def resume(self, cause: JsonDict) -> Reply:
        """Alexa gives the session back after a StartConnection, with ``cause``."""
        if self.connection is None or self._session is None:
            raise SkillContractError("Alexa resumes only a session the skill handed over")
        self.connection = None
        event = session_resumed_request(cause, caller=self.caller, session=self._session, now=self._now())
        return self._send(event)

    def touch(self, arguments: list[Any], token: str) -> Reply:
        """Press a button on the screen: a UserEvent in the open session, or in a new one."""
        event = user_event_request(
            arguments, token=token, caller=self.caller, session=self._next_session(), now=self._now()
        )
        return self._send(event)

    def end_session(
        self,
        reason: SessionEndedReason | str = SessionEndedReason.USER_INITIATED,
        *,
        error_type: SessionEndedErrorType = SessionEndedErrorType.INTERNAL_SERVICE_ERROR,
        error_message: str = "simulated error",
    ) -> None:
        """End the open session as Alexa does (user walked away, reprompts ran out, an error).

        Sends a SessionEndedRequest if a session is open. Alexa plays nothing in reply to one, so
        a response carrying speech raises SkillContractError.
        """
        if self._session is None:
            return
        event = session_ended_request(
            SessionEndedReason(reason),
            error_type=error_type,
            error_message=error_message,
            caller=self.caller,
            session=self._session,
            now=self._now(),
        )
        self._session = None
        raw = self.handler(event, self.context)
        response = raw.get("response") if isinstance(raw, Mapping) else None
        if isinstance(response, Mapping) and (response.get("outputSpeech") or response.get("reprompt")):
            raise SkillContractError(f"the skill spoke in reply to a SessionEndedRequest: {response!r}")

    def _intent_envelope(self, name: str, given: Mapping[str, SlotInput]) -> JsonDict:
        slots: dict[str, SlotMatch | None] = {}
        slot_types: dict[str, str] = {}
        if self.model is not None:
            if name not in self.model.intents:
                raise ValueError(f"the interaction model has no intent {name!r}")
            declared = self.model.intents[name].slots
            unknown = set(given) - set(declared)
            if unknown:
                raise ValueError(f"{name} declares no slot {sorted(unknown)}")
            slot_types.update(declared)
            slots.update(dict.fromkeys(declared))
        for slot_name, heard in given.items():
            slots[slot_name] = self._slot_match(slot_types.get(slot_name), heard)
        # The answer to a slot the skill asked for comes with the dialog's state, as on a device.
        answering = self.eliciting is not None and self.eliciting[0] == name and self.session_open
        return intent_request(
            name,
            slots,
            slot_types=slot_types,
            caller=self.caller,
            session=self._next_session(),
            now=self._now(),
            dialog_state="IN_PROGRESS" if answering else None,
        )

    def _slot_match(self, slot_type: str | None, heard: SlotInput) -> SlotMatch:
        if isinstance(heard, SlotMatch):
            return heard
        if isinstance(heard, tuple):
            words, value_id = heard
            if value_id is None:
                return SlotMatch(value=words)
            name = self._value_name(slot_type, value_id)
            return SlotMatch(value=words, id=value_id, name=name)
        if self.model is not None and slot_type is not None:
            return self.model.match_slot_value(slot_type, heard)
        return SlotMatch(value=heard)

    def _value_name(self, slot_type: str | None, value_id: str) -> str:
        """The canonical name of ``value_id`` when the model knows it, else the id itself."""
        if self.model is not None and slot_type is not None and slot_type in self.model.types:
            for value in self.model.types[slot_type].values:
                if value.id == value_id:
                    return value.name
        return value_id

    def _next_session(self) -> Session:
        return self._session if self._session is not None else Session.start()

    def _now(self) -> datetime | None:
        return self._clock() if self._clock is not None else None

    def _send(self, event: JsonDict) -> Reply:
        reply = Reply.from_response(self.handler(event, self.context), event)
        self.eliciting = _elicited_slot(reply.raw)
        self.connection = _connection(reply.raw)
        if isinstance(self._clock, ListeningClock):
            self._clock.heard(reply)
        if reply.ends_session and self.connection is None:
            self._session = None
        else:
            self._session = Session(
                session_id=event["session"]["sessionId"],
                new=False,
                attributes=reply.session_attributes,
            )
        return reply


def _connection(raw: Any) -> JsonDict | None:
    """A ``Connections.StartConnection`` directive that wants the session back, if the response has one."""
    response = raw.get("response") if isinstance(raw, Mapping) else None
    directives = response.get("directives") if isinstance(response, Mapping) else None
    for directive in directives or []:
        if (
            isinstance(directive, Mapping)
            and directive.get("type") == "Connections.StartConnection"
            and directive.get("onCompletion", "RESUME_SESSION") == "RESUME_SESSION"
        ):
            return dict(directive)
    return None


def _elicited_slot(raw: Any) -> tuple[str, str] | None:
    """(intent, slot) of a Dialog.ElicitSlot directive in a response, if there is one."""
    response = raw.get("response") if isinstance(raw, Mapping) else None
    directives = response.get("directives") if isinstance(response, Mapping) else None
    for directive in directives or []:
        if isinstance(directive, Mapping) and directive.get("type") == "Dialog.ElicitSlot":
            intent = directive.get("updatedIntent") or {}
            name, slot = intent.get("name"), directive.get("slotToElicit")
            if isinstance(name, str) and isinstance(slot, str):
                return name, slot
    return None
