"""Help (how to use it, ending with a question), "how do I do this", and not understanding
(skill.coach.repair says more the more it happens in a row)."""

from __future__ import annotations

from skill import ssml
from skill.coach.repair import misheard
from skill.coach.reply import Reply, text
from skill.handlers.base import CoachHandler
from skill.session import Turn


class HelpHandler(CoachHandler):
    intents = ("AMAZON.HelpIntent",)

    def answer(self, turn: Turn) -> Reply:
        return turn.coach.ask(text(turn.words("HELP")), turn.words("HELP_REPROMPT"))


class ExplainHandler(CoachHandler):
    """ "How do I do this?", "explain it again": the current exercise in full, then go on."""

    intents = ("ExplainIntent",)

    def answer(self, turn: Turn) -> Reply:
        coach, words = turn.coach, turn.words
        place = coach.place
        if place is None:
            return coach.ask(text(words("HELP")), words("HELP_REPROMPT"))
        speech = ssml.join(coach.engine.explain(place, coach.pace), text(words("EXPLAIN_GO_ON")))
        return coach.ask(speech, words("WAIT_REPROMPT"))


class FallbackHandler(CoachHandler):
    """Not understood: a short word first, more help the more it happens in a row."""

    intents = ("AMAZON.FallbackIntent",)

    def answer(self, turn: Turn) -> Reply:
        return misheard(turn.coach)


class UnknownIntentHandler(CoachHandler):
    """Any other intent (a model newer than the code, or a hand-made request): like fallback."""

    request_type = "IntentRequest"

    def answer(self, turn: Turn) -> Reply:
        return misheard(turn.coach)
