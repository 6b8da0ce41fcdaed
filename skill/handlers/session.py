"""Leaving: pause (keep the place, say how to come back), stop / cancel / home, and session end."""

from __future__ import annotations

from ask_sdk_model.response import Response

from skill import phrases
from skill.handlers.base import CoachHandler, Turn, text


class PauseHandler(CoachHandler):
    intents = ("AMAZON.PauseIntent",)

    def answer(self, turn: Turn) -> Response:
        if turn.position is None:
            return turn.tell(text(phrases.PAUSED_IDLE))
        name, where = turn.where(turn.position)
        return turn.tell(text(phrases.PAUSED.format(name=name, where=where)))


class StopHandler(CoachHandler):
    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")

    def answer(self, turn: Turn) -> Response:
        return turn.tell(text(phrases.GOODBYE if turn.position is not None else phrases.GOODBYE_IDLE))


class SessionEndedHandler(CoachHandler):
    """The session closed (timeout, user walked away, error): no speech; progress is saved by the
    response interceptor like on every other turn."""

    request_type = "SessionEndedRequest"

    def answer(self, turn: Turn) -> Response:
        return turn.input.response_builder.response
