"""Help (how to use it, ending with a question) and fallback (what we can do instead)."""

from __future__ import annotations

from ask_sdk_model.response import Response

from skill import phrases
from skill.handlers.base import CoachHandler, Turn, text


class HelpHandler(CoachHandler):
    intents = ("AMAZON.HelpIntent",)

    def answer(self, turn: Turn) -> Response:
        return turn.ask(text(phrases.HELP), phrases.HELP_REPROMPT)


class FallbackHandler(CoachHandler):
    intents = ("AMAZON.FallbackIntent",)

    def answer(self, turn: Turn) -> Response:
        return turn.ask(text(phrases.FALLBACK), phrases.FALLBACK_REPROMPT)


class UnknownIntentHandler(CoachHandler):
    """Any other intent (a model newer than the code, or a hand-made request): like fallback."""

    request_type = "IntentRequest"

    def answer(self, turn: Turn) -> Response:
        return turn.ask(text(phrases.FALLBACK), phrases.FALLBACK_REPROMPT)
