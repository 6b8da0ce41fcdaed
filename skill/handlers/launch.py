"""Opening the skill: "Alexa, start my foot routine" / "Alexa, resume my foot routine".

A new user hears a short welcome, the safety note (once, ever), how long it takes, then how to
get ready for the first exercise, and can answer within about forty seconds. A returning user with
an unfinished routine hears one sentence about where they were and is asked to resume or start
over. Someone who finished today is congratulated and offered more.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_model.interfaces.connections.send_request_directive import SendRequestDirective
from ask_sdk_model.response import Response
from ask_sdk_model.ui.ask_for_permissions_consent_card import AskForPermissionsConsentCard

from skill import dosing, phrases, profile
from skill.handlers.base import CoachHandler
from skill.segments import ROUTINE_SCOPE
from skill.session import STEP_DOWN_QUESTION, Turn, text


class LaunchHandler(CoachHandler):
    request_type = "LaunchRequest"

    def answer(self, turn: Turn) -> Response:
        if profile.recognised(turn.input):
            found = profile.given_name(turn.input)
            if found.needs_permission and not turn.record.name_asked:
                turn.update(replace(turn.record, name_asked=True))  # asked once, ever
                return ask_name_permission(turn)
            turn.person_name = found.name
        return opening(turn)


def opening(turn: Turn, *before: str) -> Response:
    """What opening the skill says: the welcome, a step down after a pain, or where they were."""
    if not turn.record.welcomed:
        return turn.begin(ROUTINE_SCOPE, *before)
    greeting = turn.welcome_back_words()
    if turn.record.pain_on:
        offer = turn.step_down()
        turn.update(replace(turn.record, pain_on=""))  # offered once
        if offer is not None:
            exercise, dose = offer
            turn.offer(STEP_DOWN_QUESTION, exercise, dose)
            question = phrases.STEP_DOWN_OFFER.format(name=exercise.name, dose=dosing.said(exercise, dose))
            return turn.ask(text(*before, greeting, question), question)
    return turn.welcome_back(*before, greeting)


def ask_name_permission(turn: Turn) -> Response:
    """Hand over to Alexa's own voice prompt for the name permission; the answer comes back as a
    Connections.Response with our token."""
    directive = SendRequestDirective(
        name="AskFor",
        payload={
            "@type": "AskForPermissionsConsentRequest",
            "@version": "1",
            "permissionScope": profile.NAME_SCOPE,
        },
        token=profile.NAME_TOKEN,
    )
    return turn.input.response_builder.add_directive(directive).response


class NamePermissionHandler(CoachHandler):
    """Alexa's answer to our request to use the speaker's name: greet by name, or leave a card."""

    request_type = "Connections.Response"

    def can_handle(self, handler_input: HandlerInput) -> bool:
        request = handler_input.request_envelope.request
        return (
            bool(is_request_type(self.request_type)(handler_input))
            and getattr(request, "name", "") == "AskFor"
            and getattr(request, "token", "") == profile.NAME_TOKEN
        )

    def answer(self, turn: Turn) -> Response:
        payload = getattr(turn.input.request_envelope.request, "payload", None) or {}
        if payload.get("status") == "ACCEPTED":
            turn.person_name = profile.given_name(turn.input).name
            return opening(turn)
        turn.input.response_builder.set_card(AskForPermissionsConsentCard(permissions=[profile.NAME_SCOPE]))
        return opening(turn)
