"""Answers to the open question: "yes", "no", and to "how are you feeling today?" also "fine",
"not great", "ready", "I'm done".

One handler for them all: which rule answers is decided by the open question itself
(``skill.coach.answers.route``), not by this handler's place in the list. It stands early (after
the safety words) so that "ready" or "pause" answering "how are you feeling?" is taken as the
answer, not as a command.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_core.utils.request_util import get_intent_name

from skill.coach.answers import ANSWER_INTENTS, FEELING_INTENT, Answer, route
from skill.coach.reply import Reply
from skill.handlers.base import CoachHandler, slot
from skill.question import read_question
from skill.session import AWAITING_KEY, Turn, session_of


class AnswerHandler(CoachHandler):
    """An intent that answers the question now open (yes and no answer every question, and
    nothing asked at all)."""

    intents = tuple(sorted(ANSWER_INTENTS))

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not is_request_type("IntentRequest")(handler_input):  # first: events have no session
            return False
        intent = get_intent_name(handler_input)
        if intent not in ANSWER_INTENTS:
            return False
        return route(read_question(session_of(handler_input).get(AWAITING_KEY)), intent) is not None

    def answer(self, turn: Turn) -> Reply:
        intent = str(get_intent_name(turn.input))
        rule = route(turn.coach.question, intent)
        assert rule is not None  # can_handle
        value = slot(turn.input, "wellbeing")[0] if intent == FEELING_INTENT else None
        return rule(turn.coach, Answer(intent, value))
