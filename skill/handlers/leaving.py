"""Leaving and waiting: pause, stop / cancel / home, "I'm done for today", session end, and "wait".

Whoever leaves keeps the place to go on from (``Coach.left``): after a part heard to its end that
is the part announced next, so nobody repeats a side they finished.
"""

from __future__ import annotations

from skill import ssml
from skill.coach.reply import Reply, text
from skill.handlers.base import CoachHandler
from skill.session import Turn

WAIT_SECONDS = 60
"""How long "wait" stays quiet: breaks of at most ten seconds, well inside Alexa's limits."""


class PauseHandler(CoachHandler):
    intents = ("AMAZON.PauseIntent",)

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach.left()
        place = coach.position
        if place is None:
            return coach.tell(text(turn.words("PAUSED_IDLE")))
        name, where = coach.where(place)
        return coach.tell(text(turn.words("PAUSED", name=name, where=where)))


class StopHandler(CoachHandler):
    intents = ("AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NavigateHomeIntent")

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach.left()
        words = turn.words
        return coach.tell(text(words("GOODBYE") if coach.position is not None else words("GOODBYE_IDLE")))


class DoneForTodayHandler(CoachHandler):
    """ "I'm done", "that's enough for today", "I'm tired", "I need to sit down": close kindly."""

    intents = ("DoneForTodayIntent",)

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach.left()
        place = coach.position
        if place is None:
            return coach.tell(text(turn.words("DONE_FOR_TODAY_IDLE")))
        name, where = coach.where(place)
        return coach.tell(
            text(turn.words("DONE_FOR_TODAY", where=turn.words("NAME_WHERE", name=name, where=where)))
        )


class WaitHandler(CoachHandler):
    """ "Wait", "hold on", "give me a minute": keep the place and the session, and stay quiet."""

    intents = ("WaitIntent",)

    def answer(self, turn: Turn) -> Reply:
        words = turn.words
        speech = ssml.join(text(words("WAIT")), ssml.break_tags(WAIT_SECONDS), text(words("WAIT_OVER")))
        return turn.coach.ask(speech, words("WAIT_REPROMPT"))


class SessionEndedHandler(CoachHandler):
    """The session closed (timeout, user walked away, error): no speech; the place is kept, and
    saved by the response interceptor like on every other turn."""

    request_type = "SessionEndedRequest"

    def answer(self, turn: Turn) -> Reply:
        return turn.coach.left().silent()
