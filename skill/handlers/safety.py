"""Pain, dizziness, feeling faint, chest pain, breathlessness, a fall: stop at once.

These handlers come before every other in the list, so these words win over anything else the
user is doing. The place is kept, the session ends, nothing praises or pushes on, and a card in
the Alexa app repeats the advice for later.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_core.utils.request_util import get_intent_name
from ask_sdk_model.response import Response
from ask_sdk_model.ui.simple_card import SimpleCard

from skill.handlers.base import CoachHandler
from skill.session import Turn, text


class SafetyHandler(CoachHandler):
    """Stop, keep the place, advise, and leave the advice on a card."""

    intents = ("PainIntent", "UnwellIntent")

    def answer(self, turn: Turn) -> Response:
        turn.leave()
        turn.awaiting = ""
        unwell = get_intent_name(turn.input) == "UnwellIntent"
        # The next visit asks how they feel before anything else (issue #19).
        turn.update(replace(turn.record, safety="unwell" if unwell else "pain"))
        if not unwell:  # the next visit offers to make it easier, and no step up counts this dose
            turn.update(replace(turn.record, pain_on=turn.today() or "reported", dose_days=(), offered=False))
        advice, title = (
            (turn.words("UNWELL"), turn.words("UNWELL_CARD_TITLE"))
            if unwell
            else (turn.words("PAIN"), turn.words("PAIN_CARD_TITLE"))
        )
        turn.input.response_builder.set_card(SimpleCard(title=title, content=advice))
        return turn.tell(text(advice))
