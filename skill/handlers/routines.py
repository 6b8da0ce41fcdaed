"""An Alexa routine that starts the foot routine: the offer, its time and days, and Alexa's answer.

After a finished routine the coach asks once "Would you like Alexa to start your foot routine for
you?"; "yes" (or, at any time, "can Alexa start my exercises every morning") asks the time and the
days, then hands over to Alexa's own offer with ``Connections.StartConnection``
(skill.automation). Alexa comes back with a ``SessionResumedRequest``: created, declined, already
there, or not done (then the coach offers its daily reminder instead). Where Alexa does not offer
routines (another locale), the coach says so and points to the reminder.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_intent_name
from ask_sdk_model.response import Response

from skill import automation, reminders
from skill.handlers.base import CoachHandler, slot
from skill.record import AutoStart
from skill.session import AUTO_TIME_KEY, AWAITING_KEY, ROUTINE_QUESTION, Turn, session_of, text

INTENT = "AutoStartIntent"


class RoutineAnswerHandler(CoachHandler):
    """Yes or no to "Would you like Alexa to start your foot routine for you?"."""

    intents = ("AMAZON.YesIntent", "AMAZON.NoIntent")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input):
            return False
        return session_of(handler_input).get(AWAITING_KEY) == ROUTINE_QUESTION

    def answer(self, turn: Turn) -> Response:
        turn.awaiting = ""
        if get_intent_name(turn.input) == "AMAZON.NoIntent":
            return turn.tell(text(turn.words("ROUTINE_NO")))
        return choose(turn, None, None)


class AutoStartHandler(CoachHandler):
    """ "Can Alexa start my exercises every morning?", "start it automatically at ten on weekdays",
    and the answers to "what time?" and "which days?"."""

    intents = (INTENT,)

    def answer(self, turn: Turn) -> Response:
        _, heard_time = slot(turn.input, "time")
        days, _ = slot(turn.input, "days")
        turn.awaiting = ""
        return choose(turn, reminders.parse_time(heard_time), days if days in automation.DAYS else None)


def choose(turn: Turn, time_of_day: str | None, days: str | None) -> Response:
    """Ask what is missing (the time, then the days), then hand over to Alexa's offer."""
    if not automation.supported(turn.locale):
        return turn.ask(text(turn.words("ROUTINE_NOT_HERE")), turn.words("ROUTINE_REMINDER_REPROMPT"))
    kept = turn.session.get(AUTO_TIME_KEY)
    time_of_day = time_of_day or (kept if isinstance(kept, str) and reminders.parse_time(kept) else None)
    if time_of_day is None:
        return turn.ask_for_slot(
            INTENT, "time", text(turn.words("ROUTINE_WHEN")), turn.words("ROUTINE_WHEN_REPROMPT")
        )
    if days is None:
        turn.session[AUTO_TIME_KEY] = time_of_day  # the elicitation of the days carries only that slot
        return turn.ask_for_slot(
            INTENT, "days", text(turn.words("ROUTINE_WHICH_DAYS")), turn.words("ROUTINE_WHICH_DAYS_REPROMPT")
        )
    turn.session.pop(AUTO_TIME_KEY, None)
    return offer(turn, time_of_day, days)


def offer(turn: Turn, time_of_day: str, days: str) -> Response:
    """Hand over to Alexa: she speaks the offer and the user answers her (no speech of ours)."""
    from ask_sdk_model.interfaces.connections.on_completion import OnCompletion  # noqa: PLC0415
    from ask_sdk_model.interfaces.connections.v1.start_connection_directive import (  # noqa: PLC0415
        StartConnectionDirective,
    )

    envelope = turn.input.request_envelope
    system = envelope.context.system if envelope.context is not None else None
    application = system.application if system is not None else None
    skill_id = str(getattr(application, "application_id", "") or "")
    directive = StartConnectionDirective(
        uri=automation.OFFER_URI,
        input=automation.automation(
            skill_id, time_of_day, days, turn.time_zone(), turn.words("ROUTINE_DESCRIPTION")
        ),
        on_completion=OnCompletion.RESUME_SESSION,
        token=automation.token(time_of_day, days),
    )
    return turn.input.response_builder.add_directive(directive).response


class RoutineResultHandler(CoachHandler):
    """Alexa's answer after her offer (``SessionResumedRequest`` carrying our token)."""

    request_type = "SessionResumedRequest"

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input):
            return False
        cause = getattr(handler_input.request_envelope.request, "cause", None)
        return automation.from_token(getattr(cause, "token", None)) is not None

    def answer(self, turn: Turn) -> Response:
        cause = getattr(turn.input.request_envelope.request, "cause", None)
        chosen = automation.from_token(getattr(cause, "token", None))
        assert chosen is not None  # can_handle
        time_of_day, days = chosen
        result = automation.outcome(cause)
        said = {
            "time": reminders.spoken_time(time_of_day, turn.words),
            "days": turn.words(f"ROUTINE_DAYS.{days}"),
        }
        if result in ("accepted", "already"):
            turn.update(replace(turn.record, auto_start=AutoStart(time_of_day, days)))
            template = turn.words("ROUTINE_SET") if result == "accepted" else turn.words("ROUTINE_ALREADY")
            return turn.tell(text(template.format(**said)))
        if result == "declined":
            return turn.tell(text(turn.words("ROUTINE_DECLINED")))
        return turn.ask(text(turn.words("ROUTINE_NOT_DONE")), turn.words("ROUTINE_REMINDER_REPROMPT"))


class OtherResumeHandler(CoachHandler):
    """A ``SessionResumedRequest`` that is not the answer to our offer (another task, a token that
    was tampered with): nothing is stored, and the conversation goes on from where it was."""

    request_type = "SessionResumedRequest"

    def answer(self, turn: Turn) -> Response:
        prompt = turn.go_on_prompt()
        return turn.ask(text(prompt), prompt)
