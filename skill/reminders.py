"""A daily reminder for the routine, through the Alexa Reminders API: the pure parts.

What time the user asked for (Alexa's AMAZON.TIME values: "08:00", or "MO" for "in the morning"),
how a time is said, when the next one falls in the user's time zone, and the reminder request the
SDK's ``ReminderManagementServiceClient`` sends. The handlers in ``skill.handlers.reminders`` make
the calls and decide what to say when they fail.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from skill.words import Words

SCOPE = "alexa::alerts:reminders:skill:readwrite"
"""The permission the reminders API needs; the skill manifest declares it."""
TOKEN_PREFIX = "daily-reminder@"
"""The Connections.SendRequest token: the time travels with the permission request and back."""

PARTS_OF_DAY = {"MO": "08:00", "AF": "14:00", "EV": "18:00", "NI": "20:00"}
"""AMAZON.TIME's values for "in the morning" and so on, as times of day."""
_CLOCK = re.compile(r"^(?P<hour>\d{1,2})(?::(?P<minute>\d{2}))?\s*(?P<half>a\.?m\.?|p\.?m\.?)?$")


def parse_time(value: Any) -> str | None:
    """``HH:MM`` for what Alexa (or a typed chat line) gave as the time; None if it is not a time.

    Accepts "08:00", "8:30", "MO", "8 pm", "8pm", "20": the forms AMAZON.TIME sends and what a
    person types in the local coach.
    """
    if not isinstance(value, str):
        return None
    text = value.strip().lower()
    if text.upper() in PARTS_OF_DAY:
        return PARTS_OF_DAY[text.upper()]
    match = _CLOCK.match(text)
    if match is None:
        return None
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    half = (match["half"] or "").replace(".", "")
    if half == "pm" and hour < 12:
        hour += 12
    elif half == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def spoken_time(time_of_day: str, words: Words) -> str:
    """ "8 in the morning", "7:30 in the evening", "twelve noon": as people there say a time of day."""
    hour, minute = (int(part) for part in time_of_day.split(":"))
    if (hour, minute) == (12, 0):
        return words("TIME_NOON")
    if (hour, minute) == (0, 0):
        return words("TIME_MIDNIGHT")
    if minute:  # "7:30", "19:30 Uhr": digits with a colon, which every voice reads as a time
        fields: dict[str, object] = {
            "hour12": str(hour % 12 or 12),
            "hour24": str(hour),
            "minute": f"{minute:02d}",
        }
        clock = words("CLOCK", **fields)
    else:  # "eight", "8 Uhr": the hour as the language says a number
        fields = {"hour12": hour % 12 or 12, "hour24": hour, "minute": "00"}
        clock = words("CLOCK_ON_HOUR", **fields)
    if 5 <= hour < 12:
        return words("TIME_MORNING", clock=clock, **fields)
    if 12 <= hour < 17:
        return words("TIME_AFTERNOON", clock=clock, **fields)
    if 17 <= hour < 21:
        return words("TIME_EVENING", clock=clock, **fields)
    return words("TIME_NIGHT", clock=clock, **fields)


def next_occurrence(time_of_day: str, now: datetime, zone: Any) -> datetime:
    """The next time the clock in ``zone`` shows ``time_of_day`` after ``now``, as local naive time."""
    hour, minute = (int(part) for part in time_of_day.split(":"))
    local_now = (now if now.tzinfo else now.replace(tzinfo=UTC)).astimezone(zone)
    candidate = local_now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if candidate <= local_now:
        candidate += timedelta(days=1)
    return candidate.replace(tzinfo=None)


def reminder_request(time_of_day: str, now: datetime, zone_name: str, locale: str, words: Words) -> Any:
    """The SDK's ``ReminderRequest`` for a daily reminder at ``time_of_day`` in the user's zone."""
    # Only when setting a reminder: these models are not needed on any other turn (cold start).
    from ask_sdk_model.services.reminder_management.alert_info import AlertInfo  # noqa: PLC0415
    from ask_sdk_model.services.reminder_management.push_notification import PushNotification  # noqa: PLC0415
    from ask_sdk_model.services.reminder_management.push_notification_status import (  # noqa: PLC0415
        PushNotificationStatus,
    )
    from ask_sdk_model.services.reminder_management.recurrence import Recurrence  # noqa: PLC0415
    from ask_sdk_model.services.reminder_management.reminder_request import ReminderRequest  # noqa: PLC0415
    from ask_sdk_model.services.reminder_management.spoken_info import SpokenInfo  # noqa: PLC0415
    from ask_sdk_model.services.reminder_management.spoken_text import SpokenText  # noqa: PLC0415
    from ask_sdk_model.services.reminder_management.trigger import Trigger  # noqa: PLC0415
    from ask_sdk_model.services.reminder_management.trigger_type import TriggerType  # noqa: PLC0415

    from skill.clock import zone_of  # noqa: PLC0415

    hour, minute = (int(part) for part in time_of_day.split(":"))
    start = next_occurrence(time_of_day, now, zone_of(zone_name))
    rule = f"FREQ=DAILY;BYHOUR={hour};BYMINUTE={minute};BYSECOND=0;INTERVAL=1"
    return ReminderRequest(
        request_time=now.astimezone(UTC).replace(tzinfo=None),
        trigger=Trigger(
            object_type=TriggerType.SCHEDULED_ABSOLUTE,
            scheduled_time=start,
            time_zone_id=zone_name,
            recurrence=Recurrence(start_date_time=start, recurrence_rules=[rule]),
        ),
        alert_info=AlertInfo(
            spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=words("REMINDER_TEXT"))])
        ),
        push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
    )
