"""Pain, dizziness, feeling faint, chest pain, breathlessness, a fall: stop at once.

This handler comes before every other that speaks, so these words win over anything else the
user is doing. What the coach does is ``skill.coach.feeling.stop_for_safety``: the place is kept,
the session ends, nothing praises or pushes on, and a card in the Alexa app repeats the advice.
"""

from __future__ import annotations

from ask_sdk_core.utils.request_util import get_intent_name

from skill.coach.feeling import stop_for_safety
from skill.coach.reply import Reply
from skill.handlers.base import CoachHandler
from skill.session import Turn


class SafetyHandler(CoachHandler):
    """Stop, keep the place, advise, and leave the advice on a card."""

    intents = ("PainIntent", "UnwellIntent")

    def answer(self, turn: Turn) -> Reply:
        return stop_for_safety(turn.coach, unwell=get_intent_name(turn.input) == "UnwellIntent")
