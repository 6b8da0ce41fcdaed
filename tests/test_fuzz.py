"""Property-based fuzzing of request envelopes through the Lambda entry point.

Whatever arrives (every request type, unknown intents, missing or null fields, wrong types, odd
slot values, garbage session attributes, requests out of order), the skill answers with a valid
Alexa response envelope: "version" and "response", well-formed SSML within Alexa's limits, and a
JSON body under 24 KB. It never raises (PermissionError is reserved for another skill id when a
skill id is configured, which it is not here).

Example counts (≥ 10,000 in total) are set per test below; ``FUZZ_SCALE`` multiplies them (e.g.
``FUZZ_SCALE=0.1`` for a quick local run).
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devtools.envelopes import (
    DEFAULT_USER_ID,
    Caller,
    Session,
    SessionEndedReason,
    envelope,
    intent_request,
    launch_request,
    session_ended_request,
)
from devtools.nlu import load_model
from skill import limits, ssml
from skill.app import lambda_handler_for
from skill.routine import default_routine
from skill.storage.memory import MemoryStore

JsonDict = dict[str, Any]
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))


def fuzz_settings(examples: int) -> Callable[[Any], Any]:
    return settings(
        max_examples=max(1, int(examples * SCALE)),
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


MODEL = load_model()
ROUTINE = default_routine()
KNOWN_INTENTS = sorted(MODEL.intents)
SLOT_NAMES = sorted({name for intent in MODEL.intents.values() for name in intent.slots})
SLOT_IDS = sorted({value.id for kind in MODEL.types.values() for value in kind.values})
EXERCISES = list(ROUTINE.exercise_ids)
USERS = ["amzn1.ask.account.ALICE", "amzn1.ask.account.BOB"]
SKILL_EVENTS = [
    "AlexaSkillEvent.SkillDisabled",
    "AlexaSkillEvent.SkillEnabled",
    "AlexaSkillEvent.SkillAccountLinked",
    "AlexaSkillEvent.SkillPermissionAccepted",
    "AlexaSkillEvent.SkillPermissionChanged",
    "AlexaSkillEvent.ProactiveSubscriptionChanged",
]
OTHER_TYPES = [
    "CanFulfillIntentRequest",
    "Connections.Response",
    "SessionResumedRequest",
    "System.ExceptionEncountered",
    "AudioPlayer.PlaybackStarted",
    "Alexa.Presentation.APL.UserEvent",
    "Dialog.API.Invoked",
    "Messaging.MessageReceived",
]

# --- Strategies -----------------------------------------------------------------------------------

ODD_STRINGS = ["", " ", "\x00", "\ud800", "<speak>", "</speak>&amp;<", "]]>", "&#0;", "\u202e", "🦶" * 50]
huge_text = st.builds(lambda char, size: char * size, st.characters(), st.integers(1_000, 20_000))
small_text = st.text(max_size=40) | st.sampled_from(ODD_STRINGS)
odd_text = st.one_of(small_text, huge_text)


def json_like(text: st.SearchStrategy[str]) -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), text)
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
        max_leaves=8,
    )


garbage = json_like(odd_text)
# Session attributes are what the skill itself returned on the previous turn, so Alexa never sends
# huge ones; they get garbage without the 20k strings (the tests at the end cover huge attributes directly).
small_garbage = json_like(small_text)


def either(good: st.SearchStrategy[Any], junk: st.SearchStrategy[Any] = garbage) -> st.SearchStrategy[Any]:
    """Mostly plausible values, sometimes anything at all."""
    return st.one_of(good, good, junk)


def either_small(good: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return either(good, small_garbage)


positions = either_small(
    st.fixed_dictionaries(
        {},
        optional={
            "v": either_small(st.sampled_from([ROUTINE.content_version, 0, 2, "1", 1.0, 1.5, True])),
            "scope": either_small(st.sampled_from(["routine", *EXERCISES])),
            "exercise": either_small(st.sampled_from(EXERCISES)),
            "set": either_small(st.integers(-2, 8)),
            "side": either_small(st.sampled_from(["", "left", "right"])),
        },
    )
)
records = either_small(
    st.fixed_dictionaries(
        {},
        optional={
            "position": positions,
            "pace": either_small(st.integers(-(10**6), 10**6)),
            "welcomed": either_small(st.booleans()),
            "finished_on": either_small(st.sampled_from(["2026-11-25", "2026-11-24", ""])),
            "revision": either_small(st.integers(-3, 10**12)),
            "sounds": either_small(st.booleans()),
            "history": either_small(
                st.fixed_dictionaries(
                    {},
                    optional={
                        "days": either_small(st.lists(st.sampled_from(["2026-11-24", "2026-11-25", "x"]))),
                        "routines": either_small(st.integers(-5, 10**15)),
                        "run": either_small(st.integers(-5, 10**6)),
                        "best": either_small(st.integers(-5, 10**6)),
                    },
                )
            ),
            "reminder": either_small(
                st.fixed_dictionaries({}, optional={"token": small_garbage, "time": small_garbage})
            ),
        },
    )
)
session_attributes = either_small(
    st.fixed_dictionaries(
        {},
        optional={
            "progress": records,
            "awaiting": either_small(st.sampled_from(["resume", "another_round", "exercise", ""])),
            "saved": small_garbage,
            "stored": records,
            "synced": records,
            "tz": either_small(st.sampled_from(["Europe/London", "../../etc/passwd", "Mars/Olympus", ""])),
            "storage_warned": small_garbage,
            "notice": small_garbage,
        },
    )
)
resolutions = either(
    st.fixed_dictionaries(
        {
            "resolutionsPerAuthority": either(
                st.lists(
                    st.fixed_dictionaries(
                        {
                            "authority": odd_text,
                            "status": either(
                                st.fixed_dictionaries(
                                    {
                                        "code": either(
                                            st.sampled_from(
                                                [
                                                    "ER_SUCCESS_MATCH",
                                                    "ER_SUCCESS_NO_MATCH",
                                                    "ER_ERROR_TIMEOUT",
                                                ]
                                            )
                                        )
                                    }
                                )
                            ),
                        },
                        optional={
                            "values": either(
                                st.lists(
                                    st.fixed_dictionaries(
                                        {
                                            "value": either(
                                                st.fixed_dictionaries(
                                                    {
                                                        "name": odd_text,
                                                        "id": either(st.sampled_from(SLOT_IDS)),
                                                    }
                                                )
                                            )
                                        }
                                    ),
                                    max_size=2,
                                )
                            )
                        },
                    ),
                    max_size=2,
                )
            )
        }
    )
)
slot_values = either(
    st.fixed_dictionaries(
        {"name": either(st.sampled_from(SLOT_NAMES))},
        optional={
            "value": either(st.sampled_from(["heel raises", "slower", "toe walks"]) | odd_text),
            "confirmationStatus": either(st.just("NONE")),
            "resolutions": resolutions,
            "slotValue": garbage,
        },
    )
)
slots = either(st.dictionaries(st.sampled_from(SLOT_NAMES) | odd_text, slot_values, max_size=3))
intent_names = st.one_of(st.sampled_from(KNOWN_INTENTS), st.sampled_from(KNOWN_INTENTS), odd_text)
CORE_TYPES = ["LaunchRequest", "IntentRequest", "IntentRequest", "IntentRequest", "SessionEndedRequest"]


PATHS: list[tuple[str, ...]] = [
    ("version",),
    ("session",),
    ("session", "new"),
    ("session", "sessionId"),
    ("session", "application"),
    ("session", "user"),
    ("session", "user", "userId"),
    ("session", "attributes"),
    ("context",),
    ("context", "System"),
    ("context", "System", "application"),
    ("context", "System", "user"),
    ("context", "System", "user", "userId"),
    ("context", "System", "device"),
    ("request",),
    ("request", "type"),
    ("request", "requestId"),
    ("request", "timestamp"),
    ("request", "locale"),
    ("request", "intent"),
    ("request", "intent", "name"),
    ("request", "intent", "slots"),
    ("request", "reason"),
    ("request", "dialogState"),
]
ACTIONS = st.sampled_from(["delete", "null", "replace"])
ATTRIBUTES_PATH = ("session", "attributes")
mutations = st.lists(
    st.tuples(st.sampled_from([path for path in PATHS if path != ATTRIBUTES_PATH]), ACTIONS, garbage)
    | st.tuples(st.just(ATTRIBUTES_PATH), ACTIONS, small_garbage),
    max_size=3,
)


def mutate(event: JsonDict, changes: list[tuple[tuple[str, ...], str, Any]]) -> JsonDict:
    """Delete, null or replace fields along ``path`` (skipped where the path no longer exists)."""
    for path, action, value in changes:
        parent: Any = event
        for key in path[:-1]:
            parent = parent.get(key) if isinstance(parent, dict) else None
        if not isinstance(parent, dict):
            continue
        if action == "delete":
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = None if action == "null" else value
    return event


@st.composite
def envelopes(draw: st.DrawFn) -> Any:
    """One request envelope of any type, from faithful to badly broken."""
    caller = Caller(user_id=draw(st.sampled_from(USERS)))
    session = Session(session_id="amzn1.echo-api.session.fuzz", new=draw(st.booleans()))
    roll = draw(st.integers(0, 9))  # mostly the voice requests, then other known types, then junk
    if roll < 7:
        kind = draw(st.sampled_from(CORE_TYPES))
    else:
        kind = draw(st.sampled_from(SKILL_EVENTS + OTHER_TYPES)) if roll < 9 else draw(odd_text)
    event: JsonDict
    if kind == "LaunchRequest":
        event = launch_request(caller=caller, session=session)
    elif kind == "IntentRequest":
        event = intent_request(draw(intent_names), caller=caller, session=session)
        if draw(st.booleans()):
            event["request"]["intent"]["slots"] = draw(slots)
    elif kind == "SessionEndedRequest":
        event = session_ended_request(draw(st.sampled_from(SessionEndedReason)), session=session)
    else:
        request = {
            "type": kind,
            "requestId": "amzn1.echo-api.request.fuzz",
            "timestamp": "2026-11-25T08:30:00Z",
        }
        event = envelope(request, caller=caller, session=session)
        if kind.startswith("AlexaSkillEvent.") or draw(st.booleans()):
            del event["session"]  # skill events carry no session
    if "session" in event and draw(st.booleans()):
        event["session"]["attributes"] = draw(session_attributes)
    if draw(st.booleans()):
        event = mutate(event, draw(mutations))
    if draw(st.integers(0, 49)) == 0:
        return draw(garbage)  # not even an object
    return event


# --- The property ---------------------------------------------------------------------------------


def check_reply(reply: Any) -> None:
    """A valid Alexa response envelope that Alexa would accept and speak."""
    assert isinstance(reply, dict), reply
    assert "version" in reply and "response" in reply, reply
    response = reply["response"]
    assert isinstance(response, dict), reply
    body = json.dumps(reply)
    assert len(body.encode()) < limits.MAX_RESPONSE_BYTES, f"response is {len(body)} bytes"
    for speech in (response.get("outputSpeech"), (response.get("reprompt") or {}).get("outputSpeech")):
        if isinstance(speech, dict) and speech.get("type") == "SSML":
            problems = ssml.check_ssml(speech.get("ssml", ""))
            assert problems == [], (problems, speech)
            speech.get("ssml", "").encode("utf-8")  # no lone surrogate: Alexa could not be sent it


# --- Tests ----------------------------------------------------------------------------------------


@fuzz_settings(6_000)
@given(event=envelopes())
def test_any_single_envelope_gets_a_valid_response(event: Any) -> None:
    handler = lambda_handler_for(MemoryStore())
    check_reply(handler(copy.deepcopy(event), None))


STEP_KINDS = ["launch", "intent", "intent", "intent", "ended", "disabled", "new_session", "garbage_session"]


@st.composite
def conversations(draw: st.DrawFn) -> list[tuple[str, str, Any]]:
    """Steps of one conversation in any order: (kind, intent name or user, extra)."""
    steps = draw(st.lists(st.sampled_from(STEP_KINDS), min_size=2, max_size=8))
    result: list[tuple[str, str, Any]] = []
    for kind in steps:
        if kind == "intent":
            name = draw(st.sampled_from(KNOWN_INTENTS) | intent_names)
            result.append((kind, name, draw(st.none() | slots)))
        elif kind == "garbage_session":
            result.append((kind, "", draw(session_attributes)))
        else:
            result.append((kind, draw(st.sampled_from(USERS)), None))
    return result


@fuzz_settings(4_000)
@given(steps=conversations())
def test_any_sequence_of_requests_gets_valid_responses(steps: list[tuple[str, str, Any]]) -> None:
    """Out of order on purpose: Next before Launch, a turn after SessionEnded in the same session..."""
    store = MemoryStore()
    handler = lambda_handler_for(store)
    session_number = 0
    attributes: Any = {}
    new = True
    for kind, argument, extra in steps:
        caller = Caller(user_id=USERS[0])
        session = Session(f"amzn1.echo-api.session.{session_number}", new=new)
        if kind == "launch":
            event = launch_request(caller=caller, session=session)
        elif kind == "intent":
            event = intent_request(argument, caller=caller, session=session)
            if extra is not None:
                event["request"]["intent"]["slots"] = extra
        elif kind == "ended":
            event = session_ended_request(caller=caller, session=session)
        elif kind == "disabled":
            event = envelope(
                {
                    "type": "AlexaSkillEvent.SkillDisabled",
                    "requestId": "amzn1.echo-api.request.fuzz",
                    "timestamp": "2026-11-25T08:30:00Z",
                    "body": {"userInformationPersistenceStatus": "NOT_PERSISTED"},
                },
                caller=Caller(user_id=argument),
            )
            del event["session"]
        elif kind == "new_session":
            session_number, attributes, new = session_number + 1, {}, True
            continue
        else:
            attributes = extra
            continue
        if "session" in event:
            event["session"]["attributes"] = attributes
        reply = handler(event, None)
        check_reply(reply)
        if "session" in event:
            new = False
            carried = reply.get("sessionAttributes")
            attributes = carried if isinstance(carried, dict) else {}


# --- Found by fuzzing -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "attributes",
    [
        {"progress": {"position": "x" * 30_000}},
        {"junk": "x" * 30_000},
        {"storage_warned": "\U0001f600" * 2_000},
    ],
)
def test_huge_session_attributes_are_not_echoed_past_the_size_limit(attributes: dict[str, Any]) -> None:
    event = intent_request("AMAZON.HelpIntent", session=Session("s", new=False, attributes=attributes))
    reply = lambda_handler_for(MemoryStore())(event, None)
    check_reply(reply)
    assert "junk" not in reply.get("sessionAttributes", {})


def test_a_corrupt_record_in_the_session_is_not_stored_verbatim() -> None:
    store = MemoryStore()
    attributes = {"progress": {"position": "garbage", "pace": "fast"}}
    event = intent_request("AMAZON.HelpIntent", session=Session("s", new=False, attributes=attributes))
    check_reply(lambda_handler_for(store)(event, None))
    assert store.load(DEFAULT_USER_ID) != attributes["progress"]
