""" "Remind me every morning at eight", "cancel my reminder", "do I have a reminder".

The reminder is created with the Reminders API through the SDK's service client (to the envelope's
``apiEndpoint`` with its ``apiAccessToken``); its alert token is kept in the user's record. Without
the reminders permission (the API answers 401) the skill asks for it by voice, the way Alexa
supports: a ``Connections.SendRequest`` "AskFor" directive whose token carries the time, answered
by a ``Connections.Response`` that this module handles too. Any other failure gets a sentence and
the conversation goes on: a reminder problem never interrupts the routine.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_api_access_token
from ask_sdk_model.ui.ask_for_permissions_consent_card import AskForPermissionsConsentCard

from skill import reminders
from skill.alexa_api import (
    API_ERRORS,
    AlexaApiError,
    ask_for_permission,
    is_permission_answer,
    permission_granted,
    reminder_exists,
    skill_reminders,
)
from skill.coach.reply import Reply, text
from skill.handlers.base import CoachHandler, slot
from skill.question import Question
from skill.record import Reminder
from skill.session import Turn

log = logging.getLogger(__name__)

UNAUTHORIZED = 401
FORBIDDEN = 403
NOT_FOUND = 404


def status_of(error: BaseException) -> int | None:
    code = getattr(error, "status_code", None)
    return code if isinstance(code, int) else None


def service(turn: Turn) -> Any:
    factory = turn.input.service_client_factory
    if factory is None:
        raise AlexaApiError("no Alexa API client configured")
    return factory.get_reminder_management_service()


def create(turn: Turn, time_of_day: str) -> Reply:
    """Create (or move) the daily reminder; ask for the permission if it is missing."""
    zone = turn.time_zone()
    request = turn.input.request_envelope.request
    now = getattr(request, "timestamp", None) or datetime.now(UTC)
    locale = getattr(request, "locale", None) or "en-US"
    coach = turn.coach
    previous = coach.record.reminder
    if not get_api_access_token(turn.input):
        # No Alexa account behind this request (the local coach): no API to call.
        return turn.coach.reply(turn.words("REMINDER_NEEDS_DEVICE"))
    try:
        client = service(turn)
        created = client.create_reminder(
            reminders.reminder_request(time_of_day, now, zone, locale, turn.words)
        )
    except API_ERRORS as error:
        code = status_of(error)
        log.warning("reminder could not be created", extra={"status": code, "error": str(error)[:200]})
        if code == UNAUTHORIZED:
            return ask_permission(turn, time_of_day)
        return turn.coach.reply(
            turn.words("REMINDER_NOT_HERE") if code == FORBIDDEN else turn.words("REMINDER_FAILED")
        )
    token = getattr(created, "alert_token", None)
    if not isinstance(token, str) or not token:
        return turn.coach.reply(turn.words("REMINDER_FAILED"))
    if previous is not None and previous.token != token:
        try:
            client.delete_reminder(previous.token)
        except API_ERRORS as error:  # the old one may be gone already: the new one stands
            log.info("previous reminder not deleted", extra={"status": status_of(error)})
    coach = coach.with_record(replace(coach.record, reminder=Reminder(token, time_of_day)))
    template = turn.words("REMINDER_MOVED") if previous is not None else turn.words("REMINDER_SET")
    return coach.reply(template.format(time=reminders.spoken_time(time_of_day, turn.words)))


def ask_permission(turn: Turn, time_of_day: str) -> Reply:
    """Hand over to Alexa's own voice permission prompt; the time travels in the token."""
    directive = ask_for_permission(reminders.SCOPE, reminders.TOKEN_PREFIX + time_of_day)
    turn.input.response_builder.add_directive(directive)
    return turn.coach.asking(Question.NONE).silent()


class SetReminderHandler(CoachHandler):
    """ "Remind me every morning at eight" / "set a daily reminder"."""

    intents = ("ReminderIntent",)

    def answer(self, turn: Turn) -> Reply:
        _, heard = slot(turn.input, "time")
        time_of_day = reminders.parse_time(heard)
        turn.coach = turn.coach.asking(Question.NONE)  # whatever was asked before, this is the question now
        if time_of_day is None:  # the answer ("at seven") comes back as this intent with its slot
            return turn.coach.ask_for_slot(
                "ReminderIntent",
                "time",
                text(turn.words("REMINDER_WHEN")),
                turn.words("REMINDER_WHEN_REPROMPT"),
            )
        return create(turn, time_of_day)


class PermissionAnswerHandler(CoachHandler):
    """Alexa's answer to our voice permission request: set the reminder, or say how to allow it later."""

    request_type = "Connections.Response"

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return is_permission_answer(handler_input, reminders.TOKEN_PREFIX)

    def answer(self, turn: Turn) -> Reply:
        token = getattr(turn.input.request_envelope.request, "token", None) or ""
        time_of_day = reminders.parse_time(token.removeprefix(reminders.TOKEN_PREFIX))
        if permission_granted(turn.input) and time_of_day is not None:
            return create(turn, time_of_day)
        turn.input.response_builder.set_card(AskForPermissionsConsentCard(permissions=[reminders.SCOPE]))
        return turn.coach.reply(turn.words("REMINDER_NO_PERMISSION"))


def existing(turn: Turn) -> dict[str, str | None] | None:
    """This skill's reminders for the user, from the Reminders API; None if it cannot be asked.

    The record is not the whole truth: a reminder created while the store timed out was never
    recorded (issue #20, 7), and one deleted in the Alexa app is still recorded.
    """
    if not get_api_access_token(turn.input):
        return None
    try:
        return skill_reminders(turn.input)
    except API_ERRORS as error:
        log.warning(
            "reminders could not be listed", extra={"status": status_of(error), "error": str(error)[:200]}
        )
        return None


class CancelReminderHandler(CoachHandler):
    """ "Cancel my reminder": every reminder of this skill the API lists, and the recorded one."""

    intents = ("CancelReminderIntent",)

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach
        reminder = coach.record.reminder
        listed = existing(turn)
        tokens = set(listed or ())
        if reminder is not None:
            tokens.add(reminder.token)
        if not tokens:
            if listed is None and get_api_access_token(turn.input):
                return turn.coach.reply(
                    turn.words("REMINDER_CANCEL_FAILED")
                )  # could not ask, nothing recorded
            return turn.coach.reply(turn.words("REMINDER_NONE"))
        for token in sorted(tokens):
            try:
                service(turn).delete_reminder(token)
            except API_ERRORS as error:
                if status_of(error) != NOT_FOUND:  # already gone: that is what was asked
                    log.warning("reminder could not be deleted", extra={"status": status_of(error)})
                    return turn.coach.reply(turn.words("REMINDER_CANCEL_FAILED"))
        coach = coach.with_record(replace(coach.record, reminder=None))
        return coach.reply(turn.words("REMINDER_CANCELLED"))


class ReminderStatusHandler(CoachHandler):
    """ "Do I have a reminder?": checked with the API, since it can be deleted in the Alexa app."""

    intents = ("ReminderStatusIntent",)

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach
        reminder = coach.record.reminder
        if reminder is None:
            # Not recorded is not "none": one may have been set while the store was down.
            found = [(token, time) for token, time in sorted((existing(turn) or {}).items()) if time]
            if not found:
                return turn.coach.reply(turn.words("REMINDER_NONE"))
            token, time_of_day = found[0]
            assert time_of_day is not None
            coach = coach.with_record(replace(coach.record, reminder=Reminder(token, time_of_day)))
            return coach.reply(
                turn.words("REMINDER_IS_SET", time=reminders.spoken_time(time_of_day, turn.words))
            )
        spoken = reminders.spoken_time(reminder.time, turn.words)
        try:
            exists = reminder_exists(turn.input, reminder.token)
        except API_ERRORS as error:
            log.warning(
                "reminder could not be checked", extra={"status": status_of(error), "error": str(error)[:200]}
            )
            return turn.coach.reply(turn.words("REMINDER_UNCHECKED", time=spoken))
        if not exists:
            coach = coach.with_record(replace(coach.record, reminder=None))
            return coach.reply(turn.words("REMINDER_NONE"))
        return turn.coach.reply(turn.words("REMINDER_IS_SET", time=spoken))
