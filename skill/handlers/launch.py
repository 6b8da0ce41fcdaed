"""Opening the skill: "Alexa, start my foot routine" / "Alexa, resume my foot routine".

A new user hears a short welcome, the safety note (once, ever), how long it takes, then how to
get ready for the first exercise, and can answer within about forty seconds. A returning user with
an unfinished routine hears one sentence about where they were and is asked to resume or start
over. Someone who finished today is congratulated and offered more.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_model.response import Response

from skill import dosing, phrases
from skill.handlers.base import CoachHandler
from skill.segments import ROUTINE_SCOPE
from skill.session import STEP_DOWN_QUESTION, Turn, text


class LaunchHandler(CoachHandler):
    request_type = "LaunchRequest"

    def answer(self, turn: Turn) -> Response:
        if not turn.record.welcomed:
            return turn.begin(ROUTINE_SCOPE)
        if turn.record.pain_on:
            offer = turn.step_down()
            turn.update(replace(turn.record, pain_on=""))  # offered once
            if offer is not None:
                exercise, dose = offer
                turn.offer(STEP_DOWN_QUESTION, exercise, dose)
                question = phrases.STEP_DOWN_OFFER.format(
                    name=exercise.name, dose=dosing.said(exercise, dose)
                )
                return turn.ask(text(phrases.WELCOME_BACK, question), question)
        return turn.welcome_back(phrases.WELCOME_BACK)
