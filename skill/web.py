"""The skill as an HTTPS-fronted web service (flask-ask-sdk) instead of a Lambda function.

Alexa can call any HTTPS endpoint, and a local web service is the quickest way to try the skill. The
SDK's adapter does the real work (running the verifiers of :mod:`skill.verification`, dispatch), but
it answers 500 for requests that are simply bad: it deserializes the body before verifying it, and the
skill-id check raises inside the SDK. So this module puts cheap checks in front of it, turning those
into honest 4xx answers: 413 for a body over 128 KiB, 400 for a body that is not a JSON request
envelope, 403 for a request addressed to another skill. Every error answer is a short JSON object.

Nothing here logs request bodies or the ``Signature``/``Signature-256`` headers: bodies carry user ids
and access tokens, and logging them would turn log files into credentials.

The Lambda entry point does not import this module; only it pays for flask-ask-sdk and the oscrypto
workaround in :mod:`skill.compat.oscrypto_openssl3`.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from flask import Flask, Response, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.serving import make_server

from skill.compat import oscrypto_openssl3

if TYPE_CHECKING:
    from ask_sdk_core.skill import CustomSkill
    from ask_sdk_webservice_support.verifier import AbstractVerifier

__all__ = ["MAX_BODY_BYTES", "check_envelope", "create_app", "serve"]

logger = logging.getLogger(__name__)

#: Largest request body accepted. Real Alexa requests are a few KiB; anything near this is not Alexa.
MAX_BODY_BYTES = 128 * 1024

_SKILL_ENDPOINT = "skill"

_LOUD_WARNING = """\
!!!
!!! WARNING: Alexa request signature verification is OFF.
!!! Anyone who can reach {address} can drive this skill
!!! as any user, and read or change any user's saved progress.
!!! Use this only for local tools and tests, never where others can reach the port.
!!!
"""


def _application_ids(envelope: dict[str, Any]) -> list[str]:
    """Collect every applicationId the envelope claims, from ``context`` and from ``session``.

    Both places are checked because ``session`` is missing on some requests and ``context`` on very old
    ones; a request that names two different ids is treated as not ours.
    """
    found: list[str] = []
    for path in (
        ("context", "System", "application", "applicationId"),
        ("session", "application", "applicationId"),
    ):
        node: Any = envelope
        for key in path:
            node = node.get(key) if isinstance(node, dict) else None
        if isinstance(node, str):
            found.append(node)
    return found


def check_envelope(body: bytes, skill_id: str | None) -> tuple[int, str] | None:
    """Return ``(status, message)`` when the body must be refused before the SDK sees it, else ``None``.

    Pure so it can be tested without HTTP. The checks are only the ones the SDK gets wrong (it answers
    500); signature and timestamp verification stay the verifiers' job.
    """
    try:
        envelope = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return 400, "request body is not valid JSON"
    if not isinstance(envelope, dict):
        return 400, "request body is not a JSON object"
    inner = envelope.get("request")
    if not isinstance(inner, dict) or not isinstance(inner.get("type"), str):
        return 400, "request body is not an Alexa request envelope"
    if skill_id is not None:
        ids = _application_ids(envelope)
        if not ids or any(app_id != skill_id for app_id in ids):
            return 403, "request is not for this skill"
    return None


def _error(status: int, message: str) -> tuple[Response, int]:
    """One shape for every error answer, so clients and tests need not parse HTML."""
    return jsonify(error=message), status


def create_app(
    skill: CustomSkill,
    *,
    verify_signature: bool = True,
    verify_timestamp: bool = True,
    skill_id: str | None = None,
    verifiers: Sequence[AbstractVerifier] | None = None,
) -> Flask:
    """Build the Flask app: POST ``/`` runs the skill, GET ``/health`` answers load balancers.

    ``skill_id``, when given, refuses requests for any other skill with 403 (the configuration
    contract's ``SKILL_ID``). Turning verification off is for local tools only: see :func:`serve`.

    Verification uses our own checks from :mod:`skill.verification`, never the SDK's (whose certificate
    cache grows without bound): ``SignatureVerifier()`` when ``verify_signature`` and ``TimestampCheck()``
    when ``verify_timestamp``. ``verifiers``, when given, replaces that list entirely (tests inject
    verifiers with their own trust roots, fetcher and clock); the two flags are then ignored.
    """
    # flask-ask-sdk cannot be imported on OpenSSL >= 3.0.10 without the shim, so install it first and
    # import the adapter only here: importing skill.web stays cheap and free of side effects.
    oscrypto_openssl3.install()
    from flask_ask_sdk.skill_adapter import (  # noqa: PLC0415 - must follow install()
        VERIFY_SIGNATURE_APP_CONFIG,
        VERIFY_TIMESTAMP_APP_CONFIG,
        SkillAdapter,
    )

    from skill.verification import SignatureVerifier, TimestampCheck  # noqa: PLC0415 - needs the shim too

    chosen: list[AbstractVerifier] = []
    if verifiers is not None:
        chosen = list(verifiers)
    else:
        if verify_signature:
            chosen.append(SignatureVerifier())
        if verify_timestamp:
            chosen.append(TimestampCheck())

    app = Flask(__name__)
    # One byte of headroom: Werkzeug refuses a too-large Content-Length up front, but silently truncates
    # a *chunked* body at the limit instead of raising 413. Reading at most limit + 1 bytes lets
    # invoke_skill tell "exactly at the limit" from "over it" for both kinds of body.
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES + 1
    # The adapter reads these once, in its constructor: they must be set before it is built. Off, so the
    # SDK adds none of its own verifiers (RequestVerifier, TimestampVerifier) in front of ours.
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = False
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = False
    adapter = SkillAdapter(skill=skill, skill_id=skill_id, verifiers=chosen, app=app)

    def invoke_skill() -> ResponseReturnValue:
        """Refuse what the SDK would answer with 500, then hand the request to the SDK."""
        # get_data() raises 413 for a too-large Content-Length and caches the body for the adapter.
        body = request.get_data(cache=True)
        if len(body) > MAX_BODY_BYTES:
            raise RequestEntityTooLarge()
        problem = check_envelope(body, skill_id)
        if problem is not None:
            status, message = problem
            logger.warning("refused skill request: %s (HTTP %d)", message, status)
            return _error(status, message)
        answer: Response = adapter.dispatch_request()
        return answer

    def health() -> Response:
        """Liveness for load balancers: answers without touching the skill or its store."""
        return jsonify(status="ok")

    def http_error(error: HTTPException) -> tuple[Response, int]:
        """Answer HTTP errors (413, 405, the SDK's 400/500) as JSON instead of Werkzeug's HTML page."""
        return _error(error.code or 500, error.description or error.name)

    app.add_url_rule("/", endpoint=_SKILL_ENDPOINT, view_func=invoke_skill, methods=["POST"])
    app.add_url_rule("/health", endpoint="health", view_func=health, methods=["GET"])
    app.register_error_handler(HTTPException, http_error)
    return app


def serve(
    skill: CustomSkill,
    host: str,
    port: int,
    *,
    verify_signature: bool = True,
    skill_id: str | None = None,
) -> None:
    """Run the web service until interrupted (Ctrl-C), one thread per request.

    With ``verify_signature=False`` the timestamp check goes too: without a signature anyone can forge
    a fresh timestamp, so the check would protect nothing and only reject replayed test fixtures.
    """
    app = create_app(
        skill,
        verify_signature=verify_signature,
        verify_timestamp=verify_signature,
        skill_id=skill_id,
    )
    server = make_server(host, port, app, threaded=True)
    address = f"http://{host}:{server.server_port}/"
    if not verify_signature:
        print(_LOUD_WARNING.format(address=address), file=sys.stderr, flush=True)
    print(f"my foot routine: listening on {address} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    server.serve_forever()
