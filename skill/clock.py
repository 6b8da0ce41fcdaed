"""What day it is for the user: the request's time, in the time zone of the device they spoke to.

Streaks count the user's own days: a routine done at 11 pm in Sydney is that day, not the next UTC
one. The zone comes from the Alexa Settings API (``System.timeZone`` of the device), asked once per
session and kept in the session; when it cannot be read (no permission is needed, but the API can
be down, slow, or the envelope can lack an endpoint) the day is the UTC one, and the coaching goes
on: a wrong date for a streak is a small thing next to an error in the middle of an exercise.
"""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime, tzinfo
from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_api_access_token, get_device_id

log = logging.getLogger(__name__)

FALLBACK_ZONE = "UTC"
_ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}$")
"""IANA names ("Europe/London", "America/Argentina/Buenos_Aires", "UTC"): never a path."""


def zone_of(name: Any) -> tzinfo:
    """The tzinfo for an IANA zone name; UTC for anything unknown or malformed."""
    if not isinstance(name, str) or len(name) > 64 or not _ZONE_NAME.match(name):
        return UTC
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError  # noqa: PLC0415  # only when a date is needed

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return UTC


def local_date(moment: datetime, zone_name: Any) -> str:
    """``moment``'s ISO date in the named zone (a naive ``moment`` is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone_of(zone_name)).date().isoformat()


def device_time_zone(handler_input: HandlerInput) -> str:
    """The device's time zone from the Settings API; ``FALLBACK_ZONE`` when it cannot be read."""
    from skill.alexa_api import API_ERRORS  # noqa: PLC0415

    device_id = get_device_id(handler_input)
    context = handler_input.request_envelope.context
    # request_util has no accessor for the API endpoint: read it from context.System.
    endpoint = context.system.api_endpoint if context is not None and context.system is not None else None
    factory = handler_input.service_client_factory
    if not (device_id and endpoint and get_api_access_token(handler_input)):
        return FALLBACK_ZONE
    if factory is None:
        return FALLBACK_ZONE
    try:
        zone = factory.get_ups_service().get_system_time_zone(device_id)
    except API_ERRORS as error:
        log.warning("time zone could not be read; using UTC", extra={"error": str(error)})
        return FALLBACK_ZONE
    if zone_of(zone) is UTC and zone not in ("UTC", "Etc/UTC"):
        log.warning("unknown time zone from the Settings API; using UTC", extra={"zone": str(zone)[:64]})
        return FALLBACK_ZONE
    return str(zone)
