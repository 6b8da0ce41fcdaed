"""A local stand-in for the Alexa APIs the skill calls, on 127.0.0.1: for tests and the local coach.

It answers what the real service answers for the calls the skill makes, and nothing else:

- ``GET /v2/devices/{deviceId}/settings/System.timeZone``: the device's time zone, as a JSON string;
- ``POST /v1/alerts/reminders``, ``GET /v1/alerts/reminders``, ``DELETE /v1/alerts/reminders/{token}``:
  reminders, kept in memory, refused with 401 unless the user granted the reminders permission;
- ``GET /v2/persons/~current/profile/givenName``: the recognised speaker's given name, 403 without
  the person-level permission.

Every call must carry ``Authorization: Bearer <the envelope's apiAccessToken>``. A test can make any
path fail (``fail("/v1/alerts", 503)``) or hang past the skill's timeout (``hang("/v2/devices")``),
and reads back every request it received. Envelopes point at it by their ``apiEndpoint``.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from devtools.envelopes import SIMULATED_API_ACCESS_TOKEN

REMINDERS_PATH = "/v1/alerts/reminders"
TIME_ZONE_SUFFIX = "/settings/System.timeZone"
GIVEN_NAME_PATH = "/v2/persons/~current/profile/givenName"


@dataclass
class Received:
    method: str
    path: str
    body: Any


@dataclass
class AlexaApiState:
    time_zone: str = "America/New_York"
    reminders_permission: bool = True
    given_name: str | None = "Ann"
    """The recognised speaker's given name (None: the profile has none, 204)."""
    name_permission: bool = True
    token: str = SIMULATED_API_ACCESS_TOKEN
    reminders: dict[str, dict[str, Any]] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    hangs: dict[str, float] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)


class FakeAlexaApi:
    """The fake service: start it, point envelopes at ``url``, stop it."""

    def __init__(self) -> None:
        self.state = AlexaApiState()
        self._lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # the http.server naming
                fake._handle(self, "GET")

            def do_POST(self) -> None:
                fake._handle(self, "POST")

            def do_DELETE(self) -> None:
                fake._handle(self, "DELETE")

            def log_message(self, format: str, *args: Any) -> None:  # stdlib signature
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05})
        self._thread.daemon = True
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def reset(self) -> None:
        """Back to a fresh user: New York time, the permission granted, no reminders, no faults."""
        with self._lock:
            self.state = AlexaApiState()

    def fail(self, path_prefix: str, status: int) -> None:
        """Answer every request whose path starts with ``path_prefix`` with ``status``."""
        with self._lock:
            self.state.failures[path_prefix] = status

    def hang(self, path_prefix: str, seconds: float = 5.0) -> None:
        """Hold every such request ``seconds`` before answering: past any client timeout."""
        with self._lock:
            self.state.hangs[path_prefix] = seconds

    def requests_to(self, path_part: str) -> list[Received]:
        with self._lock:
            return [request for request in self.state.received if path_part in request.path]

    # ---- the service ------------------------------------------------------------------------------

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = raw.decode("utf-8", "replace")
        path = handler.path.split("?", 1)[0]
        with self._lock:
            state = self.state
            state.received.append(Received(method, path, body))
            delay = next((s for prefix, s in state.hangs.items() if path.startswith(prefix)), 0.0)
            failure = next((code for prefix, code in state.failures.items() if path.startswith(prefix)), None)
        if delay:
            time.sleep(delay)
        if handler.headers.get("Authorization") != f"Bearer {state.token}":
            self._answer(handler, 401, {"code": "INVALID_TOKEN", "message": "Invalid access token"})
        elif failure is not None:
            self._answer(handler, failure, {"code": "UNKNOWN_ERROR", "message": f"simulated {failure}"})
        elif path.endswith(TIME_ZONE_SUFFIX) and method == "GET":
            self._answer(handler, 200, state.time_zone)
        elif path == GIVEN_NAME_PATH and method == "GET":
            if not state.name_permission:
                self._answer(handler, 403, {"code": "ACCESS_DENIED", "message": "Access denied"})
            elif state.given_name is None:
                self._answer(handler, 204, None)
            else:
                self._answer(handler, 200, state.given_name)
        elif path.startswith(REMINDERS_PATH):
            self._reminders(handler, method, path, body, state)
        else:
            self._answer(handler, 404, {"code": "NOT_FOUND", "message": path})

    def _reminders(
        self, handler: BaseHTTPRequestHandler, method: str, path: str, body: Any, state: AlexaApiState
    ) -> None:
        if not state.reminders_permission:
            self._answer(handler, 401, {"code": "UNAUTHORIZED", "message": "Request Unauthorized"})
            return
        token = path[len(REMINDERS_PATH) :].strip("/")
        now = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())
        if method == "POST" and not token:
            alert = str(uuid.uuid4())
            with self._lock:
                state.reminders[alert] = body if isinstance(body, dict) else {}
            self._answer(
                handler,
                201,
                {
                    "alertToken": alert,
                    "createdTime": now,
                    "updatedTime": now,
                    "status": "ON",
                    "version": "1",
                    "href": f"{REMINDERS_PATH}/{alert}",
                },
            )
        elif method == "GET" and not token:
            with self._lock:
                alerts = [
                    {"alertToken": key, "status": "ON", **value} for key, value in state.reminders.items()
                ]
            self._answer(handler, 200, {"totalCount": str(len(alerts)), "alerts": alerts, "links": None})
        elif method == "GET" and token:
            with self._lock:
                found = state.reminders.get(token)
            if found is None:
                self._answer(handler, 404, {"code": "NOT_FOUND", "message": "no such alert"})
            else:
                self._answer(handler, 200, {"alertToken": token, "status": "ON", **found})
        elif method == "DELETE" and token:
            with self._lock:
                found = state.reminders.pop(token, None)
            if found is None:
                self._answer(handler, 404, {"code": "NOT_FOUND", "message": "no such alert"})
            else:
                self._answer(handler, 200, None)
        else:
            self._answer(handler, 405, {"code": "METHOD_NOT_ALLOWED", "message": method})

    @staticmethod
    def _answer(handler: BaseHTTPRequestHandler, status: int, payload: Any) -> None:
        data = b"" if payload is None else json.dumps(payload).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the skill stopped waiting: that is what a hang is for


# ---- Alexa's side of a skill-offered routine (AMAZON.OfferAutomation) -----------------------------

OFFER_AUTOMATION_URI = "connection://AMAZON.OfferAutomation/1"
ROUTINE_LOCALES = frozenset(
    {
        "en-US", "en-GB", "en-CA", "en-AU", "en-IN",
        "es-ES", "es-MX", "es-US", "de-DE", "fr-FR", "fr-CA", "pt-BR", "it-IT",
    }
)  # fmt: skip
"""Where Amazon documents pre-built routines; elsewhere the fake answers with an error status."""
_DAY_NAMES = {"MO": "Monday", "TU": "Tuesday", "WE": "Wednesday", "TH": "Thursday", "FR": "Friday"}
_DAY_NAMES |= {"SA": "Saturday", "SU": "Sunday"}


@dataclass
class AlexaRoutines:
    """What Alexa does with a ``Connections.StartConnection`` to ``AMAZON.OfferAutomation``: she
    reads the offer to the user, and on their answer creates the routine or not, then resumes the
    skill with a ``SessionResumedRequest`` whose ``cause`` this builds.

    Answers as Amazon documents them: "200" when the routine was created; "204" with
    ``offerAutomationResponse.reason`` ``REJECTED_BY_CUSTOMER`` (declined) or
    ``AUTOMATION_ALREADY_ENABLED`` (the same trigger and operations exist already). A locale
    without routines, a malformed automation or ``supported = False`` (a device or account where the
    offer cannot run) answers "400": a status the skill must treat as "not set up".
    """

    supported: bool = True
    enabled: list[Any] = field(default_factory=list)
    offers: list[dict[str, Any]] = field(default_factory=list)

    def prompt(self, directive: dict[str, Any]) -> str:
        """What Alexa says to offer it (her words, not the skill's)."""
        schedule = _schedule(directive)
        if schedule is None:
            return "Sorry, I can't set that up."
        clock = str(schedule.get("triggerTime", ""))
        days = str(schedule.get("recurrence", "")).partition("BYDAY=")[2].split(",")
        named = ", ".join(_DAY_NAMES.get(day, day) for day in days)
        return (
            f"Here's a routine from my foot routine: at {clock[:2]}:{clock[2:4]} on {named}, open it. Add it?"
        )

    def answer(self, directive: dict[str, Any], locale: str, accepted: bool) -> dict[str, Any]:
        """The ``cause`` of the SessionResumedRequest after the user answered ``accepted``."""
        self.offers.append(directive)
        token = directive.get("token")
        automation = (directive.get("input") or {}).get("automation")
        if (
            not self.supported
            or locale not in ROUTINE_LOCALES
            or directive.get("uri") != OFFER_AUTOMATION_URI
            or _schedule(directive) is None
        ):
            return _cause(token, "400", "Bad Request")
        if automation in self.enabled:
            return _cause(token, "204", "No Content", reason="AUTOMATION_ALREADY_ENABLED")
        if not accepted:
            return _cause(token, "204", "No Content", reason="REJECTED_BY_CUSTOMER")
        self.enabled.append(automation)
        return _cause(token, "200", "OK")


def _schedule(directive: dict[str, Any]) -> dict[str, Any] | None:
    try:
        trigger = directive["input"]["automation"]["trigger"]
        schedule = trigger["payload"]["schedule"]
    except (KeyError, TypeError):
        return None
    if trigger.get("type") != "Alexa.Automation.Trigger.Schedule.AbsoluteTime" or not isinstance(
        schedule, dict
    ):
        return None
    return schedule


def _cause(token: Any, code: str, message: str, *, reason: str | None = None) -> dict[str, Any]:
    cause: dict[str, Any] = {
        "type": "ConnectionCompleted",
        "token": token,
        "status": {"code": code, "message": message},
    }
    if reason is not None:
        cause["result"] = {"offerAutomationResponse": {"reason": reason}}
    return cause
