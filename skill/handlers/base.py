"""What every handler shares: a class that matches intents or a request type.

Handlers stay thin: read the intent and slots, pick the coach's rule (``skill.coach``) and call it
with the coach of this :class:`skill.session.Turn`; the turn renders the rule's reply. A handler
that needs no Turn (events, CanFulfillIntentRequest) extends :class:`Handler` and writes ``handle``
itself.
"""

from __future__ import annotations

from abc import abstractmethod

from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_core.utils.request_util import get_slot
from ask_sdk_model.canfulfill.can_fulfill_intent_request import CanFulfillIntentRequest
from ask_sdk_model.response import Response

from skill.coach.reply import Reply
from skill.engine import Engine
from skill.session import Turn
from skill.slots import clean_slot_value


class Handler(AbstractRequestHandler):
    """Matches some intents, or a request type."""

    intents: tuple[str, ...] = ()
    request_type: str = "IntentRequest"

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if self.intents:
            return any(is_intent_name(name)(handler_input) for name in self.intents)
        matches: bool = is_request_type(self.request_type)(handler_input)
        return matches


class CoachHandler(Handler):
    """A handler answering through a :class:`Turn`: one of the coach's rules, rendered."""

    def handle(self, handler_input: HandlerInput) -> Response:
        turn = Turn(handler_input, self.engine)
        return turn.render(self.answer(turn))

    @abstractmethod
    def answer(self, turn: Turn) -> Reply:
        """Answer this request (a directive of Alexa's own may be added to the turn's builder)."""


def slot(handler_input: HandlerInput, name: str) -> tuple[str | None, str | None]:
    """A custom slot as (resolved id, what was heard): id is None unless entity resolution matched."""
    request = handler_input.request_envelope.request
    if isinstance(request, CanFulfillIntentRequest):  # request_util.get_slot reads IntentRequests only
        slots = request.intent.slots if request.intent is not None else None
        value = (slots or {}).get(name)
    else:
        value = get_slot(handler_input, name)
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
