"""Opening the skill: "Alexa, start my foot routine" / "Alexa, resume my foot routine".

A new user hears a short welcome, the safety note (once, ever), how long it takes, then how to
get ready for the first exercise, and can answer within about forty seconds. A returning user with
an unfinished routine hears one sentence about where they were and is asked to resume or start
over. Someone who finished today is congratulated and offered more.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.ui.ask_for_permissions_consent_card import AskForPermissionsConsentCard

from skill import profile
from skill.alexa_api import ask_for_permission, is_permission_answer, permission_granted
from skill.coach.opening import opening
from skill.coach.reply import Reply
from skill.handlers.base import CoachHandler
from skill.session import Turn


class LaunchHandler(CoachHandler):
    request_type = "LaunchRequest"

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach
        if profile.recognised(turn.input):
            found = profile.given_name(turn.input)
            if found.needs_permission and not coach.record.name_asked:
                # Alexa asks for the permission herself; we are asked back (NamePermissionHandler).
                turn.input.response_builder.add_directive(
                    ask_for_permission(profile.NAME_SCOPE, profile.NAME_TOKEN)
                )
                return coach.with_record(replace(coach.record, name_asked=True)).silent()  # once, ever
            coach = coach.for_person(found.name)
        return opening(coach)


class NamePermissionHandler(CoachHandler):
    """Alexa's answer to our request to use the speaker's name: greet by name, or leave a card."""

    request_type = "Connections.Response"

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_permission_answer(handler_input, profile.NAME_TOKEN)

    def answer(self, turn: Turn) -> Reply:
        if permission_granted(turn.input):
            return opening(turn.coach.for_person(profile.given_name(turn.input).name))
        turn.input.response_builder.set_card(AskForPermissionsConsentCard(permissions=[profile.NAME_SCOPE]))
        return opening(turn.coach)
