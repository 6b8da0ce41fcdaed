"""Help (how to use it, ending with a question), "how do I do this", and not understanding.

A misunderstanding says little the first time (and how to go on), offers the short list of what
to say the second time in a row, and offers help the third time: the same sentence eight times
over helps nobody.
"""

from __future__ import annotations

from ask_sdk_model.response import Response

from skill import ssml
from skill.flow import misheard
from skill.handlers.base import CoachHandler
from skill.session import Turn, text


class HelpHandler(CoachHandler):
    intents = ("AMAZON.HelpIntent",)

    def answer(self, turn: Turn) -> Response:
        return turn.ask(text(turn.words("HELP")), turn.words("HELP_REPROMPT"))


class ExplainHandler(CoachHandler):
    """ "How do I do this?", "explain it again": the current exercise in full, then go on."""

    intents = ("ExplainIntent",)

    def answer(self, turn: Turn) -> Response:
        place = turn.place
        if place is None:
            return turn.ask(text(turn.words("HELP")), turn.words("HELP_REPROMPT"))
        speech = ssml.join(turn.engine.explain(place, turn.pace), text(turn.words("EXPLAIN_GO_ON")))
        return turn.ask(speech, turn.words("WAIT_REPROMPT"))


class FallbackHandler(CoachHandler):
    """Not understood: a short word first, more help the more it happens in a row."""

    intents = ("AMAZON.FallbackIntent",)

    def answer(self, turn: Turn) -> Response:
        return misheard(turn)


class UnknownIntentHandler(CoachHandler):
    """Any other intent (a model newer than the code, or a hand-made request): like fallback."""

    request_type = "IntentRequest"

    def answer(self, turn: Turn) -> Response:
        return misheard(turn)
