"""The answer to "how are you feeling today?", asked on the visit after a safety stop.

Fine goes on as the opening would have (offering the gentler dose after a pain); not fine closes
kindly with the same advice as the stop. Said without being asked, "I'm fine" means ready, and
"not great" stops like feeling unwell: the coach never pushes on past it.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_intent_name
from ask_sdk_model.response import Response
from ask_sdk_model.ui.simple_card import SimpleCard

from skill.flow import after_feeling, go_on
from skill.handlers.base import CoachHandler, slot
from skill.session import AWAITING_KEY, FEELING_QUESTION, Turn, session_of, text

GOOD_ANSWERS = frozenset({"AMAZON.YesIntent", "AMAZON.ResumeIntent", "ReadyIntent", "AMAZON.NextIntent"})
"""Answers to "how are you feeling?" that mean well enough to go on."""
BAD_ANSWERS = frozenset({"AMAZON.NoIntent", "DoneForTodayIntent", "AMAZON.PauseIntent"})
"""Answers that mean not today."""


class FeelingAnswerHandler(CoachHandler):
    """Any answer to the question, while it is open: fine, not fine, yes, no, ready, not today."""

    intents = ("FeelingIntent", *GOOD_ANSWERS, *BAD_ANSWERS)

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input):
            return False
        return session_of(handler_input).get(AWAITING_KEY) == FEELING_QUESTION

    def answer(self, turn: Turn) -> Response:
        intent = get_intent_name(turn.input)
        wellbeing, _ = slot(turn.input, "wellbeing")
        if intent in GOOD_ANSWERS or wellbeing == "good":
            turn.awaiting = ""
            turn.update(replace(turn.record, safety=""))
            return after_feeling(turn, turn.words("FEELING_GOOD"))
        if intent in BAD_ANSWERS or wellbeing == "bad":
            return not_today(turn, turn.record.safety == "unwell")
        prompt = turn.words("FEELING_REPROMPT")  # "i feel like a cup of tea": ask once more, plainly
        return turn.ask_for_slot("FeelingIntent", "wellbeing", text(turn.words("FEELING_ASK_AGAIN")), prompt)


def not_today(turn: Turn, unwell: bool, opening: str = "") -> Response:
    """Close kindly with the advice of the stop; the question is asked again next time."""
    opening = opening or turn.words("FEELING_BAD_CLOSING")
    turn.awaiting = ""
    turn.leave()
    advice, title = (
        (turn.words("UNWELL"), turn.words("UNWELL_CARD_TITLE"))
        if unwell
        else (turn.words("PAIN"), turn.words("PAIN_CARD_TITLE"))
    )
    turn.input.response_builder.set_card(SimpleCard(title=title, content=advice))
    return turn.tell(text(opening, advice))


class FeelingHandler(CoachHandler):
    """ "I'm fine" / "not great" when nobody asked: ready to go on, or stop as for feeling unwell."""

    intents = ("FeelingIntent",)

    def answer(self, turn: Turn) -> Response:
        wellbeing, _ = slot(turn.input, "wellbeing")
        if wellbeing == "bad":
            turn.update(replace(turn.record, safety="unwell"))
            return not_today(turn, unwell=True, opening=turn.words("NOT_GREAT"))
        if turn.position is None:
            return turn.ask(text(turn.words("NOTHING_STARTED")), turn.words("HELP_REPROMPT"))
        return go_on(turn)
