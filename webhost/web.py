"""The skill as an HTTPS-fronted web service (Flask, served by waitress) instead of a Lambda function.

Alexa can call any HTTPS endpoint, and a local web service is the quickest way to try the skill.
flask-ask-sdk's ``SkillAdapter`` answered 500 for requests that are simply bad: it deserializes the
body before any check, and the skill-id check raises inside the SDK. So this module dispatches
itself, in the order that keeps every bad request a 4xx: 413 for a body over 128 KiB, then the gate
of :mod:`skill.gate` (the same one Lambda uses: 400 for anything that is not a well-formed Alexa
envelope, 403 for another skill), then the verifiers of :mod:`webhost.verification` (400), then the
skill. A request that passed all of that and still fails inside the skill gets Lambda's apology,
never a 500. Every error answer is a short JSON object and one log line.

Nothing here logs request bodies or the ``Signature``/``Signature-256`` headers: bodies carry user ids
and access tokens, and logging them would turn log files into credentials.

The Lambda entry point does not import this module; only it pays for Flask, the SDK's verifier and
the oscrypto workaround in :mod:`webhost.compat.oscrypto_openssl3`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from flask import Flask, Response, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from skill import gate
from skill.app import error_response
from webhost.compat import oscrypto_openssl3

if TYPE_CHECKING:
    from ask_sdk_core.skill import CustomSkill
    from ask_sdk_webservice_support.verifier import AbstractVerifier

    from webhost.server import ServerLimits

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


def check_envelope(body: bytes, skill_id: str | None) -> tuple[int, str] | None:
    """Return ``(status, message)`` when the body must be refused before the SDK sees it, else ``None``.

    Pure so it can be tested without HTTP: the JSON, shape and skill-id checks of :mod:`skill.gate`
    (the SDK's deserializer, the last check, needs a skill). Signature and timestamp verification
    stay the verifiers' job.
    """
    try:
        envelope = gate.parse_body(body)
        gate.check_shape(envelope)
        gate.check_skill_id(envelope, skill_id)
    except gate.Refused as refusal:
        return refusal.status, refusal.reason
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

    Verification uses our own checks from :mod:`webhost.verification`, never the SDK's (whose certificate
    cache grows without bound): ``SignatureVerifier()`` when ``verify_signature`` and ``TimestampCheck()``
    when ``verify_timestamp``. ``verifiers``, when given, replaces that list entirely (tests inject
    verifiers with their own trust roots, fetcher and clock); the two flags are then ignored.
    """
    # The SDK's verifier module cannot be imported on OpenSSL >= 3.0.10 without the shim, so install it
    # first and import the verifiers only here: importing webhost.web stays cheap and free of side effects.
    oscrypto_openssl3.install()
    from webhost.verification import (  # noqa: PLC0415 - needs the shim too
        SignatureVerifier,
        TimestampCheck,
        VerificationException,
    )

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
    # Our own dispatch instead of flask-ask-sdk's adapter: it deserialized before any check of ours (an
    # unknown request type was a 500 with a traceback), and logged every refusal with a traceback too.
    skill.custom_user_agent = "ask-webservice"

    def invoke_skill() -> ResponseReturnValue:
        """Refuse anything that is not a well-formed, verified Alexa request for us; else run the skill."""
        # get_data() raises 413 for a too-large Content-Length and caches the body.
        body = request.get_data(cache=True)
        if len(body) > MAX_BODY_BYTES:
            raise RequestEntityTooLarge()
        try:
            text = body.decode("utf-8")
            envelope = gate.parse_body(body)
            request_envelope = gate.read_event(envelope, skill.serializer, skill_id, payload=text)
            for verifier in chosen:
                verifier.verify(
                    headers=dict(request.headers),
                    serialized_request_env=text,
                    deserialized_request_env=request_envelope,
                )
        except (gate.Refused, UnicodeDecodeError) as problem:
            status, reason = (
                (problem.status, problem.reason)
                if isinstance(problem, gate.Refused)
                else (400, "request body is not valid JSON")
            )
            logger.warning("refused skill request: %s (HTTP %d)", reason, status)
            return _error(status, reason)
        except VerificationException as failure:
            # The verifiers' messages name the check, never the body or signature: safe to log.
            logger.warning("refused skill request: verification failed: %s (HTTP 400)", str(failure)[:200])
            return _error(400, "Incoming request failed verification")
        try:
            response = skill.invoke(request_envelope=request_envelope, context=None)
            answer = skill.serializer.serialize(response)
        except Exception as error:
            # A well-formed, verified request that the skill could not answer: the apology Lambda
            # gives, never a 500 (Alexa would only say "there was a problem with the skill").
            logger.error("could not handle request: %s", type(error).__name__, exc_info=error)
            answer = error_response()
        return jsonify(answer)

    def health() -> Response:
        """Liveness for load balancers: answers without touching the skill or its store."""
        return jsonify(status="ok")

    def http_error(error: HTTPException) -> tuple[Response, int]:
        """Answer HTTP errors (413, 405, 404) as JSON instead of Werkzeug's HTML page, with one log line."""
        logger.warning("refused request: %s (HTTP %d)", error.name, error.code or 500)
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
    limits: ServerLimits | None = None,
) -> None:
    """Run the web service on waitress (:mod:`webhost.server`) until interrupted (Ctrl-C).

    With ``verify_signature=False`` the timestamp check goes too: without a signature anyone can forge
    a fresh timestamp, so the check would protect nothing and only reject replayed test fixtures.
    """
    from webhost.server import make_server  # noqa: PLC0415  # only the serve command needs waitress

    app = create_app(
        skill,
        verify_signature=verify_signature,
        verify_timestamp=verify_signature,
        skill_id=skill_id,
    )
    server = make_server(app, host, port, limits)
    address = f"http://{host}:{server.effective_port}/"
    if not verify_signature:
        print(_LOUD_WARNING.format(address=address), file=sys.stderr, flush=True)
    print(f"my foot routine: listening on {address} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
