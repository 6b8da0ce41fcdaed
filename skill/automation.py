"""An Alexa routine that starts the foot routine by itself: Amazon's pre-built routine offer.

After a finished routine the coach may offer (once, and again when asked) to have Alexa start the
skill at a time and on days the user chooses. Alexa does the offering: the skill sends
``Connections.StartConnection`` to ``connection://AMAZON.OfferAutomation/1`` with an automation
(a schedule trigger and one operation) and ``onCompletion: RESUME_SESSION``; Alexa speaks the
offer, the user answers Alexa, and the skill gets a ``SessionResumedRequest`` whose
``cause.status.code`` is "200" when the routine was created, or "204" with
``cause.result.offerAutomationResponse.reason`` ``REJECTED_BY_CUSTOMER`` (declined) or
``AUTOMATION_ALREADY_ENABLED`` (the user has it already). Anything else (an error status, or a
locale or device where the offer is not supported) is "not done", and the coach offers its own
daily reminder instead (issue #23).

The trigger is ``Alexa.Automation.Trigger.Schedule.AbsoluteTime`` (``triggerTime`` HHMMSS, the
device's ``timeZoneId``, an RRULE recurrence). The operation starts this skill through a skill
connection to its own custom task (``Alexa.Automation.Operation.Skill.StartConnection``, uri
``connection://<skill id>.StartFootRoutine/1?provider=<skill id>``), the shape published skills
use; Alexa delivers it to the skill as a LaunchRequest, which opens the routine as on "Alexa, start
my foot routine". What could not be confirmed from Amazon's pages here is written in
docs/conversation.md.

Pure: builds the directive's dictionary and reads the answer; the handlers decide what to say.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final, Literal

OFFER_URI: Final = "connection://AMAZON.OfferAutomation/1"
TOKEN_PREFIX: Final = "auto-start@"
"""The StartConnection token: the time and days travel with the offer and come back with the answer."""
TASK_NAME: Final = "StartFootRoutine"
TRIGGER: Final = "Alexa.Automation.Trigger.Schedule.AbsoluteTime"
OPERATION: Final = "Alexa.Automation.Operation.Skill.StartConnection"

SUPPORTED_LOCALES: Final = frozenset(
    {
        "en-US", "en-GB", "en-CA", "en-AU", "en-IN",
        "es-ES", "es-MX", "es-US", "de-DE", "fr-FR", "fr-CA", "pt-BR", "it-IT",
    }
)  # fmt: skip
"""Where Amazon documents pre-built routines' triggers (not hi-IN or ja-JP): elsewhere the coach
keeps to its own daily reminder and never sends the offer."""

DAYS: Final = {
    "every_day": ("MO", "TU", "WE", "TH", "FR", "SA", "SU"),
    "weekdays": ("MO", "TU", "WE", "TH", "FR"),
    "weekends": ("SA", "SU"),
    "mon_wed_fri": ("MO", "WE", "FR"),
    "tue_thu_sat": ("TU", "TH", "SA"),
}
"""The day patterns a user can choose (the ROUTINE_DAYS slot type's ids), as RRULE BYDAY values."""

Outcome = Literal["accepted", "declined", "already", "not_done"]


def supported(locale: object) -> bool:
    return isinstance(locale, str) and locale in SUPPORTED_LOCALES


def token(time_of_day: str, days: str) -> str:
    return f"{TOKEN_PREFIX}{time_of_day}@{days}"


def from_token(value: object) -> tuple[str, str] | None:
    """(time, days) from our token; None for anything else (another connection, tampering)."""
    if not isinstance(value, str) or not value.startswith(TOKEN_PREFIX):
        return None
    parts = value.removeprefix(TOKEN_PREFIX).split("@")
    if len(parts) != 2:
        return None
    time_of_day, days = parts
    hour, _, minute = time_of_day.partition(":")
    if not (len(time_of_day) == 5 and hour.isdigit() and minute.isdigit() and days in DAYS):
        return None
    return time_of_day, days


def automation(skill_id: str, time_of_day: str, days: str, zone: str, description: str) -> dict[str, Any]:
    """The ``input`` of the StartConnection directive: the automation and how the app shows it."""
    operation_id = f"{TASK_NAME}_{time_of_day.replace(':', '')}_{days}"
    return {
        "automation": {
            "trigger": {
                "type": TRIGGER,
                "version": "1.0",
                "payload": {
                    "schedule": {
                        "triggerTime": time_of_day.replace(":", "") + "00",
                        "timeZoneId": zone,
                        "recurrence": "RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=" + ",".join(DAYS[days]),
                    }
                },
            },
            "operations": {
                "serial": [
                    {
                        "operation": {
                            "type": OPERATION,
                            "version": "1.0",
                            "operationId": operation_id,
                            "payload": {
                                "connectionRequest": {
                                    "uri": f"connection://{skill_id}.{TASK_NAME}/1?provider={skill_id}",
                                    "input": {},
                                }
                            },
                        }
                    }
                ]
            },
        },
        "renderingData": {"operations": {operation_id: {"descriptionPrompt": description}}},
    }


def outcome(cause: Any) -> Outcome:
    """What the user's answer to Alexa's offer was, from the SessionResumedRequest's ``cause``
    (the SDK's ConnectionCompleted, or its dict form)."""
    status = _field(cause, "status")
    code = str(_field(status, "code") or "")
    if code == "200":
        return "accepted"
    if code == "204":
        result = _field(cause, "result")
        response = _field(result, "offerAutomationResponse")
        reason = _field(response, "reason")
        if reason == "REJECTED_BY_CUSTOMER":
            return "declined"
        if reason == "AUTOMATION_ALREADY_ENABLED":
            return "already"
    return "not_done"


def _field(value: Any, name: str) -> Any:
    if isinstance(value, Mapping):
        return value.get(name)
    return getattr(value, name, None)
