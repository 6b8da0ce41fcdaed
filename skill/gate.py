"""The gate in front of the ASK SDK: only a well-formed Alexa envelope for this skill gets through.

The SDK deserializes a request before anything of ours runs, and what it cannot deserialize (an
unknown request type, a timestamp "x", a slot that is a string) raises a SerializationException
whose message quotes the offending value; a missing ``context`` passes the deserializer and fails
later, inside the SDK's dispatch. On the web that was a 500 with a traceback (a 120 KB body wrote
484 KB of log), on Lambda an apology. Both entry points now call :func:`read_event` first, and it
either hands back the SDK's ``RequestEnvelope`` or raises :class:`Refused` with a status (400, or
403 for another skill) and a short reason that never quotes the request.

What "well-formed" means here is what every real Alexa request carries and what the skill needs:
a JSON object with ``request.type``, ``request.requestId`` and ``request.timestamp`` as strings,
``context.System.application.applicationId`` and ``context.System.user.userId`` as strings, a
``session`` (when present) that is an object whose ``attributes`` are an object, and whatever the
SDK's own deserializer accepts. Anything Alexa really sends passes: the checks are the SDK's own
plus the fields its dispatch and our storage key read unguarded.

The skill-id rule is one function, :func:`check_skill_id`, for Lambda and the web alike: every
``applicationId`` the envelope names (context and session) must be the configured one.

This module imports nothing heavy (Lambda imports it on every cold start); the SDK's serializer and
model types come from the caller's skill.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["Refused", "application_ids", "check_shape", "check_skill_id", "parse_body", "read_event"]

BAD_ENVELOPE = "request body is not an Alexa request envelope"
OTHER_SKILL = "request is not for this skill"
UNREADABLE_ENVELOPE = "request envelope could not be read"


class Refused(Exception):
    """A request that is not a well-formed Alexa envelope for this skill: answer ``status``, log one line.

    ``reason`` is one of a few fixed sentences: it is logged and sent back, so it must never carry
    a value from the request (user ids, tokens, or 100 KB of whatever a caller sent).
    """

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def parse_body(body: bytes) -> Any:
    """The JSON value of a request body; Refused(400) for anything that is not UTF-8 JSON."""
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Refused(400, "request body is not valid JSON") from None


def _at(node: Any, *path: str) -> Any:
    """The value at ``path`` in nested dicts, or None where the path breaks."""
    for key in path:
        node = node.get(key) if isinstance(node, dict) else None
    return node


MAX_DEPTH = 64
"""Deepest nesting of a request we read. Alexa's own envelopes go about ten levels deep, and the session
attributes we send back about six; a request nested 500 deep made the SDK's deep copy of the session
raise RecursionError, with a 144 KB traceback in the log (issue #20, 7)."""


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists and dicts more than ``limit`` levels (iterative: no recursion)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in (node.values() if isinstance(node, dict) else node))
    return False


def check_shape(envelope: Any) -> None:
    """Refused(400) unless ``envelope`` has the fields every Alexa request carries, of the right types,
    nested no deeper than MAX_DEPTH."""
    if not isinstance(envelope, dict):
        raise Refused(400, "request body is not a JSON object")
    if _deeper_than(envelope, MAX_DEPTH):
        raise Refused(400, BAD_ENVELOPE)
    for path in (
        ("request", "type"),
        ("request", "requestId"),
        ("request", "timestamp"),
        ("context", "System", "application", "applicationId"),
        ("context", "System", "user", "userId"),
    ):
        if not isinstance(_at(envelope, *path), str):
            raise Refused(400, BAD_ENVELOPE)
    if "session" in envelope:
        session = envelope["session"]
        if not isinstance(session, dict):
            raise Refused(400, BAD_ENVELOPE)
        if not isinstance(session.get("attributes", {}), dict | None):
            raise Refused(400, BAD_ENVELOPE)


def application_ids(envelope: dict[str, Any]) -> list[str]:
    """Every applicationId the envelope claims, from ``context`` and from ``session``."""
    found = (
        _at(envelope, "context", "System", "application", "applicationId"),
        _at(envelope, "session", "application", "applicationId"),
    )
    return [value for value in found if isinstance(value, str)]


def check_skill_id(envelope: dict[str, Any], skill_id: str | None) -> None:
    """Refused(403) unless every applicationId in the envelope is ``skill_id`` (no check when None).

    An envelope naming two different skills is not ours: the SDK's own check reads only the
    context, which let Lambda answer what the web refused (issue #12, finding 8).
    """
    if skill_id is None:
        return
    ids = application_ids(envelope)
    if not ids or any(app_id != skill_id for app_id in ids):
        raise Refused(403, OTHER_SKILL)


def read_event(envelope: Any, serializer: Any, skill_id: str | None, payload: str | None = None) -> Any:
    """The SDK's ``RequestEnvelope`` for a request that passes every check; Refused otherwise.

    ``serializer`` is the skill's (``skill.serializer``); ``payload`` is the JSON text when the
    caller has it already (the web's raw body), so it is not encoded again. Any failure of the
    SDK's deserializer is a refusal: its message is dropped, since it quotes the request.
    """
    check_shape(envelope)
    check_skill_id(envelope, skill_id)
    from ask_sdk_model.request_envelope import RequestEnvelope  # noqa: PLC0415  # loaded by the SDK

    text = payload if payload is not None else json.dumps(envelope)
    try:
        request_envelope = serializer.deserialize(payload=text, obj_type=RequestEnvelope)
    except Exception:  # SerializationException, and anything its model classes raise
        raise Refused(400, UNREADABLE_ENVELOPE) from None
    request = getattr(request_envelope, "request", None)
    if request is None or getattr(request, "timestamp", None) is None:
        raise Refused(400, UNREADABLE_ENVELOPE)
    return request_envelope
