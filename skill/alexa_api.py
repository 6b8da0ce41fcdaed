"""Talking to Alexa's own APIs (settings, reminders) through the ASK SDK's service clients.

The SDK's service clients (``handler_input.service_client_factory``) build each call from the
envelope's ``context.System.apiEndpoint`` and ``apiAccessToken``; they need an ``ApiClient`` to
send it. The SDK's ``DefaultApiClient`` has no timeout (a hung API would use up the whole 8 s
turn) and refuses plain HTTP even on loopback (so no local fake of the API could answer it). This
one implements the same ``ApiClient`` interface over the standard library with a short timeout,
HTTPS everywhere except 127.0.0.1 / localhost. Everything above it is the SDK's.
"""

from __future__ import annotations

import json
import logging
import re
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_model.services.api_client import ApiClient
from ask_sdk_model.services.api_client_request import ApiClientRequest
from ask_sdk_model.services.api_client_response import ApiClientResponse
from ask_sdk_model.services.service_exception import ServiceException

from skill.logs import redact

if TYPE_CHECKING:
    from ask_sdk_model.interfaces.connections.send_request_directive import SendRequestDirective

log = logging.getLogger(__name__)

TIMEOUT_S = 2.0
"""Per call. A turn may make one or two (settings, then a reminder): well inside Alexa's 8 s."""
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


class AlexaApiError(Exception):
    """An Alexa API call failed before an answer came back (refused, unreachable, timed out).

    The SDK's service clients raise ``ServiceException`` for an answer with an error status; this is
    for no answer at all. It subclasses nothing of the SDK's so callers can tell the two apart.
    """


API_ERRORS = (ServiceException, SerializationException, AlexaApiError)
"""Everything a service-client call can raise for a failed call: an error status (ServiceException),
an answer the SDK cannot read (SerializationException, e.g. an error body with an unknown code), no
answer at all or no API to ask (AlexaApiError). Callers catch these and speak. A ValueError or
TypeError is a bug in our call, not an outage: it reaches the catch-all and its log line."""


class AlexaApiClient(ApiClient):
    """The SDK's ``ApiClient`` over ``urllib``, with a timeout and HTTPS-only outside loopback."""

    def __init__(self, timeout_s: float = TIMEOUT_S) -> None:
        self.timeout_s = timeout_s

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        import urllib.error  # noqa: PLC0415  # lazy: most turns call no API (cold start)
        import urllib.request  # noqa: PLC0415

        url = request.url or ""
        parts = urlsplit(url)
        if parts.scheme != "https" and not (parts.scheme == "http" and parts.hostname in LOOPBACK):
            raise AlexaApiError(f"refusing a non-HTTPS Alexa API endpoint: {parts.scheme}://{parts.hostname}")
        headers = dict(request.headers or [])
        data: bytes | None = None
        if request.body is not None:
            body: Any = request.body
            data = (body if isinstance(body, str) else json.dumps(body)).encode("utf-8")
        outgoing = urllib.request.Request(url, data=data, headers=headers, method=request.method or "GET")
        try:
            with urllib.request.urlopen(outgoing, timeout=self.timeout_s) as answer:
                status, reply_headers, text = answer.status, answer.headers.items(), answer.read()
        except urllib.error.HTTPError as error:
            with error:
                status, reply_headers, text = error.code, error.headers.items(), error.read()
        except (OSError, ValueError) as error:  # URLError, timeouts, refused connections
            # The path holds a device id or an alert token, and urllib's message may quote the URL:
            # both are redacted, so the error can be logged as it is (issue #12, finding 6).
            raise AlexaApiError(
                f"{request.method} {redact(parts.path)}: {type(error).__name__}: {redact(str(error))[:200]}"
            ) from None
        return ApiClientResponse(
            headers=list(reply_headers), status_code=status, body=text.decode("utf-8", "replace")
        )


def reminder_exists(handler_input: Any, alert_token: str, client: ApiClient | None = None) -> bool:
    """Whether the user still has the reminder ``alert_token`` (it can be deleted in the Alexa app).

    ``GET /v1/alerts/reminders/{alertToken}``, judged by status alone. Not the SDK's
    ``ReminderManagementServiceClient.get_reminder(s)``: ask-sdk-model 1.82 cannot deserialize the
    answer (its ``AlertInfo`` names a module ``alert_info_spoken_info`` that does not exist), so every
    real answer would raise. Raises AlexaApiError, or ServiceException for an unexpected status.
    """
    from urllib.parse import quote  # noqa: PLC0415

    system = handler_input.request_envelope.context.system
    endpoint = str(system.api_endpoint or "").rstrip("/")
    request = ApiClientRequest(
        headers=[("Authorization", f"Bearer {system.api_access_token}")],
        url=f"{endpoint}/v1/alerts/reminders/{quote(alert_token, safe='')}",
        method="GET",
    )
    answer = (client or AlexaApiClient()).invoke(request)
    if answer.status_code == 200:
        return True
    if answer.status_code == 404:
        return False
    raise ServiceException(f"reminder lookup answered {answer.status_code}", answer.status_code, None, None)


def skill_reminders(handler_input: Any, client: ApiClient | None = None) -> dict[str, str | None]:
    """Every reminder this skill holds for the user, by alert token: its time of day ("08:00"), or
    None when the answer names none we can read.

    ``GET /v1/alerts/reminders`` answers with this skill's reminders only. Asked because the record
    alone can be wrong: a reminder created while the store timed out was never recorded, and
    "cancel my reminder" then left it ringing (issue #20, 7). Read as plain JSON, for the reason
    given in :func:`reminder_exists`. Raises AlexaApiError, or ServiceException for an error status.
    """
    system = handler_input.request_envelope.context.system
    endpoint = str(system.api_endpoint or "").rstrip("/")
    request = ApiClientRequest(
        headers=[("Authorization", f"Bearer {system.api_access_token}")],
        url=f"{endpoint}/v1/alerts/reminders",
        method="GET",
    )
    answer = (client or AlexaApiClient()).invoke(request)
    if answer.status_code != 200:
        raise ServiceException(f"reminder list answered {answer.status_code}", answer.status_code, None, None)
    try:
        alerts = json.loads(answer.body or "{}").get("alerts") or []
    except (ValueError, AttributeError, RecursionError):
        raise ServiceException("reminder list is not JSON", answer.status_code, None, None) from None
    found: dict[str, str | None] = {}
    for alert in alerts if isinstance(alerts, list) else []:
        token = alert.get("alertToken") if isinstance(alert, dict) else None
        if isinstance(token, str) and token and alert.get("status") != "COMPLETED":
            found[token] = _time_of_day(alert.get("trigger"))
    return found


_RULE_PART = re.compile(r"BY(HOUR|MINUTE)=(\d{1,2})")


def _time_of_day(trigger: Any) -> str | None:
    """ "HH:MM" from a reminder's trigger: its recurrence rule's BYHOUR/BYMINUTE, else its scheduled time."""
    if not isinstance(trigger, dict):
        return None
    recurrence = trigger.get("recurrence")
    rules = recurrence.get("recurrenceRules") if isinstance(recurrence, dict) else None
    for rule in rules if isinstance(rules, list) else []:
        parts = dict(_RULE_PART.findall(rule)) if isinstance(rule, str) else {}
        if "HOUR" in parts and int(parts["HOUR"]) < 24 and int(parts.get("MINUTE", "0")) < 60:
            return f"{int(parts['HOUR']):02d}:{int(parts.get('MINUTE', '0')):02d}"
    scheduled = trigger.get("scheduledTime")
    match = re.search(r"T(\d{2}):(\d{2})", scheduled) if isinstance(scheduled, str) else None
    return f"{match[1]}:{match[2]}" if match else None


def ask_for_permission(scope: str, token: str) -> SendRequestDirective:
    """Alexa's own voice prompt for a permission (``Connections.SendRequest`` "AskFor"); the user's
    answer comes back as a ``Connections.Response`` carrying ``token``."""
    # Imported here: the connections package's __init__ loads all its models (about 1 ms of every
    # cold start), and only the turn that asks for a permission needs one.
    from ask_sdk_model.interfaces.connections.send_request_directive import (  # noqa: PLC0415
        SendRequestDirective,
    )

    return SendRequestDirective(
        name="AskFor",
        payload={"@type": "AskForPermissionsConsentRequest", "@version": "1", "permissionScope": scope},
        token=token,
    )


def is_permission_answer(handler_input: Any, token_prefix: str) -> bool:
    """Whether this request is the answer to our ``ask_for_permission`` with a token so prefixed."""
    request = handler_input.request_envelope.request
    return (
        getattr(request, "object_type", None) == "Connections.Response"
        and getattr(request, "name", "") == "AskFor"
        and str(getattr(request, "token", "") or "").startswith(token_prefix)
    )


def permission_granted(handler_input: Any) -> bool:
    """Whether the user said yes to the permission (``payload.status`` ACCEPTED)."""
    payload = getattr(handler_input.request_envelope.request, "payload", None) or {}
    return bool(payload.get("status") == "ACCEPTED")
