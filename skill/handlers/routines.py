"""An Alexa routine that starts the foot routine: the offer, its time and days, and Alexa's answer.

After a finished routine the coach asks once "Would you like Alexa to start your foot routine for
you?" (skill.coach.coaching); "yes" to it (skill.coach.answers) or, at any time, "can Alexa start
my exercises every morning" asks the time and the days, then hands over to Alexa's own offer with
``Connections.StartConnection`` (skill.automation). Alexa comes back with a
``SessionResumedRequest``: created, declined, already there, or not done (then the coach offers its
daily reminder instead). Where Alexa does not offer routines (another locale), the coach says so
and points to the reminder.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_core.handler_input import HandlerInput

from skill import automation, reminders
from skill.coach.offers import AUTO_START_INTENT, ask_routine_time
from skill.coach.reply import Reply, text
from skill.handlers.base import CoachHandler, slot
from skill.question import Question
from skill.record import AutoStart
from skill.session import AUTO_TIME_KEY, Turn


class AutoStartHandler(CoachHandler):
    """ "Can Alexa start my exercises every morning?", "start it automatically at ten on weekdays",
    and the answers to "what time?" and "which days?"."""

    intents = (AUTO_START_INTENT,)

    def answer(self, turn: Turn) -> Reply:
        _, heard_time = slot(turn.input, "time")
        days, _ = slot(turn.input, "days")
        turn.coach = turn.coach.asking(Question.NONE)
        return choose(turn, reminders.parse_time(heard_time), days if days in automation.DAYS else None)


def choose(turn: Turn, time_of_day: str | None, days: str | None) -> Reply:
    """Ask what is missing (the time, then the days), then hand over to Alexa's offer."""
    coach = turn.coach
    if not automation.supported(coach.facts.locale):
        return ask_routine_time(coach)  # which says that Alexa offers no routines here
    kept = turn.session.get(AUTO_TIME_KEY)
    time_of_day = time_of_day or (kept if isinstance(kept, str) and reminders.parse_time(kept) else None)
    if time_of_day is None:
        return ask_routine_time(coach)
    if days is None:
        turn.session[AUTO_TIME_KEY] = time_of_day  # the elicitation of the days carries only that slot
        return coach.ask_for_slot(
            AUTO_START_INTENT,
            "days",
            text(turn.words("ROUTINE_WHICH_DAYS")),
            turn.words("ROUTINE_WHICH_DAYS_REPROMPT"),
        )
    turn.session.pop(AUTO_TIME_KEY, None)
    return offer(turn, time_of_day, days)


def offer(turn: Turn, time_of_day: str, days: str) -> Reply:
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
    turn.input.response_builder.add_directive(directive)
    return turn.coach.silent()


class RoutineResultHandler(CoachHandler):
    """Alexa's answer after her offer (``SessionResumedRequest`` carrying our token)."""

    request_type = "SessionResumedRequest"

    def can_handle(self, handler_input: HandlerInput) -> bool:
        if not super().can_handle(handler_input):
            return False
        cause = getattr(handler_input.request_envelope.request, "cause", None)
        return automation.from_token(getattr(cause, "token", None)) is not None

    def answer(self, turn: Turn) -> Reply:
        coach = turn.coach
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
            coach = coach.with_record(replace(coach.record, auto_start=AutoStart(time_of_day, days)))
            template = turn.words("ROUTINE_SET") if result == "accepted" else turn.words("ROUTINE_ALREADY")
            return coach.tell(text(template.format(**said)))
        if result == "declined":
            return coach.tell(text(turn.words("ROUTINE_DECLINED")))
        return coach.ask(text(turn.words("ROUTINE_NOT_DONE")), turn.words("ROUTINE_REMINDER_REPROMPT"))


class OtherResumeHandler(CoachHandler):
    """A ``SessionResumedRequest`` that is not the answer to our offer (another task, a token that
    was tampered with): nothing is stored, and the conversation goes on from where it was."""

    request_type = "SessionResumedRequest"

    def answer(self, turn: Turn) -> Reply:
        prompt = turn.coach.go_on_prompt()
        return turn.coach.ask(text(prompt), prompt)
