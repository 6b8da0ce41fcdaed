"""The skill as an HTTPS-fronted web service (Flask, served by waitress) instead of a Lambda function.

Alexa can call any HTTPS endpoint, and a local web service is the quickest way to try the skill. The
skill runs behind flask-ask-sdk's ``SkillAdapter``, the SDK's own web-service adapter: it deserializes
the request, runs the verifiers and invokes the skill. The verifiers it runs are ours
(:mod:`webhost.verification`: a bounded, expiring certificate cache whose fetches a flood of made-up
URLs cannot exhaust, an injectable clock), plugged in through its ``verifiers`` argument with the SDK's
own ``RequestVerifier``/``TimestampVerifier`` switched off by its two config keys.

The adapter alone answered 500 for requests that are simply bad: it deserializes the body before any
check, and a skill-id mismatch raises inside the SDK. So a Flask ``before_request`` hook runs first, in
the order that keeps every bad request a 4xx: 413 for a body over 128 KiB, then the gate of
:mod:`skill.gate` (the same one Lambda uses: 400 for anything that is not a well-formed Alexa
envelope, 403 for another skill). Verification failures are the adapter's 400. A request that passed
all of that and still fails inside the skill gets Lambda's apology, never a 500. Every error answer is
a short JSON object and one log line.

Nothing here logs request bodies or the ``Signature``/``Signature-256`` headers: bodies carry user ids
and access tokens, and logging them would turn log files into credentials.

The Lambda entry point does not import this module; only it pays for Flask, the SDK's verifier and
the oscrypto workaround in :mod:`webhost.compat.oscrypto_openssl3`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, Response, jsonify, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from skill import gate
from skill.app import error_response
from webhost.compat import oscrypto_openssl3

if TYPE_CHECKING:
    from ask_sdk_core.skill import CustomSkill
    from ask_sdk_webservice_support.verifier import AbstractVerifier

    from webhost.server import ServerLimits

__all__ = ["MAX_BODY_BYTES", "check_envelope", "create_app", "default_chain_cache", "serve"]

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

_NO_SKILL_ID_WARNING = """\
!!!
!!! WARNING: SKILL_ID is not set.
!!! {address} answers requests for ANY Alexa skill: anyone can point their own
!!! skill here, and Amazon will sign those requests too. Set SKILL_ID to this skill's id
!!! (amzn1.ask.skill....) so requests for any other skill are refused (403).
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


def default_chain_cache() -> Path:
    """Where ``foot-routine serve`` keeps the certificate chains that validated, across restarts."""
    import platformdirs  # noqa: PLC0415 - only the serve command

    return Path(platformdirs.user_cache_dir("foot-routine")) / "alexa-cert-chains.json"


def _error(status: int, message: str) -> tuple[Response, int]:
    """One shape for every error answer, so clients and tests need not parse HTML."""
    return jsonify(error=message), status


class _OneLineRefusals(logging.Filter):
    """Turn the adapter's "Request verification failed" traceback into our one short line.

    ``SkillAdapter.dispatch_request`` logs every verification failure at ERROR with a traceback (on
    the Flask app's logger) before answering 400: a flood of unsigned requests would fill the log
    with tracebacks. The SDK has no switch for it, so this filter on the app's logger keeps the line,
    says which check failed (the verifiers' messages name the check, never the body or signature),
    and drops the traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        from webhost.verification import VerificationException  # noqa: PLC0415 - after the shim

        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, VerificationException):
            record.msg, record.args = (
                "refused skill request: verification failed: %s (HTTP 400)",
                (str(error)[:200],),
            )
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info, record.exc_text = None, None
        return True


def create_app(
    skill: CustomSkill,
    *,
    verify_signature: bool = True,
    verify_timestamp: bool = True,
    skill_id: str | None = None,
    verifiers: Sequence[AbstractVerifier] | None = None,
    chain_cache: Path | None = None,
) -> Flask:
    """Build the Flask app: POST ``/`` runs the skill (``SkillAdapter``), GET ``/health`` answers
    load balancers.

    ``skill_id``, when given, refuses requests for any other skill with 403 (the configuration
    contract's ``SKILL_ID``). Turning verification off is for local tools only: see :func:`serve`.

    Verification uses our own checks from :mod:`webhost.verification`, never the SDK's (whose certificate
    cache grows without bound): ``SignatureVerifier(chain_cache=chain_cache)`` when ``verify_signature``
    and ``TimestampCheck()`` when ``verify_timestamp``. ``verifiers``, when given, replaces that list
    entirely (tests inject verifiers with their own trust roots, fetcher and clock); the two flags are
    then ignored.
    """
    # The SDK's verifier module cannot be imported on OpenSSL >= 3.0.10 without the shim, so install it
    # first and import the adapter and verifiers only here: importing webhost.web stays cheap.
    oscrypto_openssl3.install()
    from flask_ask_sdk.skill_adapter import (  # noqa: PLC0415 - needs the shim
        VERIFY_SIGNATURE_APP_CONFIG,
        VERIFY_TIMESTAMP_APP_CONFIG,
        SkillAdapter,
    )

    from webhost.verification import SignatureVerifier, TimestampCheck  # noqa: PLC0415 - needs the shim

    chosen: list[AbstractVerifier] = []
    if verifiers is not None:
        chosen = list(verifiers)
    else:
        if verify_signature:
            chosen.append(SignatureVerifier(chain_cache=chain_cache))
        if verify_timestamp:
            chosen.append(TimestampCheck())

    app = Flask(__name__)
    # One byte of headroom: Werkzeug refuses a too-large Content-Length up front, but silently truncates
    # a *chunked* body at the limit instead of raising 413. Reading at most limit + 1 bytes lets
    # the gate tell "exactly at the limit" from "over it" for both kinds of body.
    app.config["MAX_CONTENT_LENGTH"] = MAX_BODY_BYTES + 1
    # The SDK's own verifiers off (read when the adapter is built): ours run instead, as its verifiers.
    app.config[VERIFY_SIGNATURE_APP_CONFIG] = False
    app.config[VERIFY_TIMESTAMP_APP_CONFIG] = False
    app.logger.addFilter(_OneLineRefusals())
    adapter = SkillAdapter(skill=skill, skill_id=skill_id or "foot-routine", verifiers=chosen, app=app)
    adapter.register(app=app, route="/", endpoint=_SKILL_ENDPOINT)
    # register() allows GET too; the skill answers POST only (a GET is a JSON 405, as before).
    for rule in app.url_map.iter_rules(_SKILL_ENDPOINT):
        rule.methods = {"POST", "OPTIONS"}

    def gate_request() -> ResponseReturnValue | None:
        """Before the adapter: refuse anything that is not a well-formed Alexa request for us (4xx)."""
        if request.endpoint != _SKILL_ENDPOINT or request.method != "POST":
            return None
        # get_data() raises 413 for a too-large Content-Length and caches the body for the adapter.
        body = request.get_data(cache=True)
        if len(body) > MAX_BODY_BYTES:
            raise RequestEntityTooLarge()
        try:
            text = body.decode("utf-8")
            envelope = gate.parse_body(body)
            gate.read_event(envelope, skill.serializer, skill_id, payload=text)
        except (gate.Refused, UnicodeDecodeError) as problem:
            status, reason = (
                (problem.status, problem.reason)
                if isinstance(problem, gate.Refused)
                else (400, "request body is not valid JSON")
            )
            logger.warning("refused skill request: %s (HTTP %d)", reason, status)
            return _error(status, reason)
        return None

    def health() -> Response:
        """Liveness for load balancers: answers without touching the skill or its store."""
        return jsonify(status="ok")

    def http_error(error: HTTPException) -> tuple[Response, int]:
        """Answer HTTP errors (413, 405, 404, the adapter's 400) as JSON instead of Werkzeug's HTML page,
        with one log line."""
        if error.code != 400:  # the adapter's 400 was logged by it (one line: _OneLineRefusals)
            logger.warning("refused request: %s (HTTP %d)", error.name, error.code or 500)
        return _error(error.code or 500, error.description or error.name)

    def apology(error: InternalServerError) -> Response:
        """A well-formed, verified request that the skill could not answer: the apology Lambda gives,
        never a 500 (Alexa would only say "there was a problem with the skill"). The adapter or Flask
        logged the failure already."""
        return jsonify(error_response())

    app.before_request(gate_request)
    app.add_url_rule("/health", endpoint="health", view_func=health, methods=["GET"])
    app.register_error_handler(InternalServerError, apology)
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
    chain_cache: Path | None = None,
) -> None:
    """Run the web service on waitress (:mod:`webhost.server`) until interrupted (Ctrl-C).

    Alexa's certificate chains that validated are kept in ``chain_cache`` (default: a file in the
    user cache folder), so a restart does not need a fetch that a flood could delay.

    With ``verify_signature=False`` the timestamp check goes too: without a signature anyone can forge
    a fresh timestamp, so the check would protect nothing and only reject replayed test fixtures.
    """
    from webhost.server import make_server  # noqa: PLC0415  # only the serve command needs waitress

    app = create_app(
        skill,
        verify_signature=verify_signature,
        verify_timestamp=verify_signature,
        skill_id=skill_id,
        chain_cache=chain_cache if chain_cache is not None else default_chain_cache(),
    )
    server = make_server(app, host, port, limits)
    address = f"http://{host}:{server.effective_port}/"
    if not verify_signature:
        print(_LOUD_WARNING.format(address=address), file=sys.stderr, flush=True)
    if not skill_id:
        # Loud on the terminal and in the logs (issue #20, 7): it used to say nothing at all.
        print(_NO_SKILL_ID_WARNING.format(address=address), file=sys.stderr, flush=True)
        logger.warning("SKILL_ID is not set: requests for any skill are answered")
    print(f"my foot routine: listening on {address} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
