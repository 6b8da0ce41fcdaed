"""One structured log line per turn: what was asked, what happened, how long it took.

The line is what an operator needs to follow a conversation in CloudWatch Logs Insights (request
type, intent, whether storage failed, milliseconds), keyed by a salted hash of the user
(:func:`skill.logs.user_hash`), never the raw userId. Nothing from the request body beyond those
names is logged: no slot values (people say personal things), no tokens, no signature.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from ask_sdk_core.dispatch_components.request_components import (
    AbstractRequestInterceptor,
    AbstractResponseInterceptor,
)
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import (
    get_intent_name,
    get_locale,
    get_request_type,
    get_user_id,
    is_new_session,
)
from ask_sdk_model.response import Response

from skill.logs import user_hash
from skill.session import NOTICE_KEY, STORAGE_FAILED

log = logging.getLogger("skill.turn")

_STARTED = "turn_started"


def describe_request(handler_input: HandlerInput) -> dict[str, Any]:
    """The loggable facts of a request: its type and intent, the hashed user, the locale."""
    # The gate (skill.gate) only lets well-formed envelopes this far: context, user and request
    # are there, so the SDK's own accessors can be used as they are.
    request_type = get_request_type(handler_input)
    user = get_user_id(handler_input)
    return {
        "request_type": request_type,
        "intent": get_intent_name(handler_input) if request_type == "IntentRequest" else None,
        "user": user_hash(user) if isinstance(user, str) else None,
        "new_session": handler_input.request_envelope.session is not None and is_new_session(handler_input),
        "locale": get_locale(handler_input),
    }


class StartTurn(AbstractRequestInterceptor):
    """Note when the turn started (runs first, so the time covers loading progress too)."""

    def process(self, handler_input: HandlerInput) -> None:
        handler_input.attributes_manager.request_attributes[_STARTED] = time.perf_counter()


class LogTurn(AbstractResponseInterceptor):
    """Log the turn as one JSON-ready record (runs last, after progress was saved)."""

    def process(self, handler_input: HandlerInput, response: Response | None) -> None:
        attributes = handler_input.attributes_manager.request_attributes
        started = attributes.get(_STARTED)
        elapsed = (time.perf_counter() - started) * 1000 if isinstance(started, float) else None
        log.info(
            "turn",
            extra={
                **describe_request(handler_input),
                "ends_session": getattr(response, "should_end_session", None),
                "storage_failed": bool(attributes.get(STORAGE_FAILED)),
                "notice": attributes.get(NOTICE_KEY) or None,
                "ms": round(elapsed, 1) if elapsed is not None else None,
            },
        )
