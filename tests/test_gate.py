"""Every request that is not a well-formed Alexa envelope for this skill gets a 4xx (issue #12: 1, 2, 8).

Reproductions of the findings first, over real HTTP against the web service with verification on
and off, and through the Lambda entry point; then a mutation fuzzer that sends thousands of mutated
real envelopes (half of them correctly signed by a test certificate authority, half unsigned) and
counts the answers: no 5xx, one short log line per refusal, and every signed well-formed request
answered with 200.

``FUZZ_SCALE`` scales the fuzzer's request counts, as in ``tests/test_fuzz.py``.
"""

from __future__ import annotations

import base64
import copy
import http.client
import json
import logging
import os
import random
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

from devtools.envelopes import (
    Caller,
    Session,
    envelope,
    intent_request,
    launch_request,
    session_ended_request,
)
from devtools.nlu import SlotMatch
from skill import gate
from skill.app import build_skill, error_response, lambda_handler_for
from skill.storage import MemoryStore
from webhost.verification import CERT_DOMAIN, SignatureVerifier, TimestampCheck
from webhost.web import create_app

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
OTHER_SKILL_ID = "amzn1.ask.skill.99999999-8888-7777-6666-555555555555"
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-gate.pem"
SCALE = float(os.environ.get("FUZZ_SCALE", "1"))
JsonDict = dict[str, Any]

# --------------------------------------------------------------------------------------------------
# A signing certificate of our own (root -> leaf for echo-api.amazon.com), served by a fake S3
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Signer:
    root: x509.Certificate
    key: rsa.RSAPrivateKey
    chain: bytes

    def headers(self, body: bytes) -> dict[str, str]:
        signature = self.key.sign(body, padding.PKCS1v15(), hashes.SHA256())
        return {"SignatureCertChainUrl": CERT_URL, "Signature-256": base64.b64encode(signature).decode()}


def _certificate(
    name: str, key: rsa.RSAPrivateKey, issuer: tuple[x509.Name, rsa.RSAPrivateKey] | None, *, ca: bool
) -> x509.Certificate:
    now = datetime.now(UTC)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    issuer_name, issuer_key = issuer if issuer is not None else (subject, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    )
    if ca:
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(CERT_DOMAIN)]), critical=False
        ).add_extension(
            x509.KeyUsage(True, False, True, False, False, False, False, False, False), critical=True
        )
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def signer() -> Signer:
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = _certificate("Gate Test Root", root_key, None, ca=True)
    leaf_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf = _certificate(CERT_DOMAIN, leaf_key, (root.subject, root_key), ca=False)
    return Signer(root, leaf_key, leaf.public_bytes(serialization.Encoding.PEM))


# --------------------------------------------------------------------------------------------------
# The service over real HTTP
# --------------------------------------------------------------------------------------------------


@dataclass
class Service:
    base_url: str
    fetches: list[str]

    def post(self, body: bytes, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        parts = urlsplit(self.base_url)
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
        try:
            conn.request(
                "POST", "/", body=body, headers={"Content-Type": "application/json", **(headers or {})}
            )
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


@pytest.fixture
def checked(serve_wsgi: Callable[[Any], str], signer: Signer) -> Service:
    """Verification ON: our SignatureVerifier (test root, fake S3) and the timestamp check."""
    fetches: list[str] = []

    def fetch(url: str) -> bytes:
        fetches.append(url)
        if url == CERT_URL:
            return signer.chain
        raise OSError("404")

    verifiers = [SignatureVerifier(fetch=fetch, trust_roots=[signer.root]), TimestampCheck()]
    app = create_app(build_skill(MemoryStore(), skill_id=SKILL_ID), skill_id=SKILL_ID, verifiers=verifiers)
    return Service(serve_wsgi(app), fetches)


@pytest.fixture
def unchecked(serve_wsgi: Callable[[Any], str]) -> Service:
    """Verification OFF (local tools), no skill id: only the gate stands in front of the skill."""
    app = create_app(build_skill(MemoryStore()), verify_signature=False, verify_timestamp=False)
    return Service(serve_wsgi(app), [])


def launch(skill_id: str = SKILL_ID) -> JsonDict:
    return launch_request(caller=Caller(skill_id=skill_id))


# --------------------------------------------------------------------------------------------------
# The findings, reproduced
# --------------------------------------------------------------------------------------------------

BOGUS = [
    b'{"request":{"type":"Bogus"}}',
    b'{"request":{"type":"LaunchRequest","timestamp":"x"}}',
]


def real_but(change: Callable[[JsonDict], None]) -> bytes:
    event = launch()
    change(event)
    return json.dumps(event).encode()


MALFORMED = [
    *BOGUS,
    real_but(lambda e: e["request"].update(type="Bogus")),
    real_but(lambda e: e["request"].update(timestamp="x")),
    real_but(lambda e: e.pop("context")),
    real_but(lambda e: e["context"].update(System=5)),
    real_but(lambda e: e["session"].update(attributes=[1])),
    real_but(lambda e: e["request"].update(type="IntentRequest", intent="x")),
    real_but(lambda e: e["request"].update(timestamp="x" * 120_000)),
]


@pytest.mark.parametrize("body", MALFORMED, ids=range(len(MALFORMED)))
@pytest.mark.parametrize("side", ["checked", "unchecked"])
def test_a_malformed_envelope_gets_a_4xx_with_one_short_log_line(
    request: pytest.FixtureRequest, side: str, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    service: Service = request.getfixturevalue(side)
    with caplog.at_level(logging.INFO):
        status, answer = service.post(body)
    assert 400 <= status < 500, (status, answer[:200])
    assert set(json.loads(answer)) == {"error"}, "a short JSON body"
    assert len(answer) < 200
    ours = [record for record in caplog.records if record.name.startswith(("skill", "webhost"))]
    assert len(ours) == 1, [record.getMessage()[:100] for record in ours]
    assert ours[0].exc_info is None, "no traceback"
    assert len(ours[0].getMessage()) < 200, "the log line never quotes the request"
    assert service.fetches == [], "refused before any certificate fetch"


def test_a_signed_valid_request_is_answered(checked: Service, signer: Signer) -> None:
    body = json.dumps(launch()).encode()
    status, answer = checked.post(body, signer.headers(body))
    assert status == 200 and "response" in json.loads(answer)


def test_the_skill_id_rule_is_the_same_on_lambda_and_the_web(checked: Service, signer: Signer) -> None:
    """Finding 8: context names this skill, session another. Both refuse."""
    event = launch()
    event["session"]["application"]["applicationId"] = OTHER_SKILL_ID
    body = json.dumps(event).encode()
    status, _ = checked.post(body, signer.headers(body))
    assert status == 403
    with pytest.raises(PermissionError):
        lambda_handler_for(MemoryStore(), SKILL_ID)(copy.deepcopy(event), None)
    event = launch()
    event["context"]["System"]["application"]["applicationId"] = OTHER_SKILL_ID
    with pytest.raises(PermissionError):
        lambda_handler_for(MemoryStore(), SKILL_ID)(event, None)
    assert "response" in lambda_handler_for(MemoryStore(), SKILL_ID)(launch(), None)


@pytest.mark.parametrize("body", MALFORMED, ids=range(len(MALFORMED)))
def test_lambda_answers_the_same_malformed_envelopes_with_the_apology(body: bytes) -> None:
    event = json.loads(body)
    assert lambda_handler_for(MemoryStore())(event, None) == error_response()


def test_the_gate_passes_every_envelope_the_repository_builds() -> None:
    serializer = build_skill(MemoryStore()).serializer
    for event in (
        launch(),
        intent_request("ExerciseIntent", slots={"exercise": SlotMatch("toe walking", "toe_walking")}),
        session_ended_request(),
        envelope(
            {"type": "AlexaSkillEvent.SkillDisabled", "requestId": "r", "timestamp": "2026-11-25T08:30:00Z"}
        ),
    ):
        assert gate.read_event(event, serializer, None) is not None


# --------------------------------------------------------------------------------------------------
# The mutation fuzzer: thousands of mutated real envelopes over HTTP, counting 5xx
# --------------------------------------------------------------------------------------------------

ODD_VALUES: list[Any] = [
    None,
    0,
    -1,
    2.5,
    True,
    "",
    "x",
    "\ud800",
    "Bogus",
    [],
    {},
    [1, "a"],
    {"a": {"b": None}},
    "2026-13-45T99:99:99Z",
    "x" * 7_830,
    "y" * 40_000,
]
REQUEST_TYPES = [
    "LaunchRequest",
    "IntentRequest",
    "SessionEndedRequest",
    "CanFulfillIntentRequest",
    "Bogus",
    "AlexaSkillEvent.SkillDisabled",
    "System.ExceptionEncountered",
    "",
]


def seeds(rng: random.Random) -> JsonDict:
    """One real envelope of a random kind, for this skill."""
    caller = Caller(skill_id=SKILL_ID, user_id=f"amzn1.ask.account.fuzz{rng.randrange(3)}")
    session = Session.start()
    kind = rng.randrange(5)
    if kind == 0:
        return launch_request(caller=caller, session=session)
    if kind == 1:
        return intent_request(
            rng.choice(["ExerciseIntent", "AMAZON.NextIntent", "PaceIntent", "AMAZON.HelpIntent", "Nope"]),
            caller=caller,
            session=session,
            slots={
                "exercise": SlotMatch(
                    rng.choice(["toe walking", "x" * rng.choice([1, 7_830, 60_000]), "\ud800"])
                )
            }
            if rng.random() < 0.5
            else None,
        )
    if kind == 2:
        return session_ended_request(caller=caller, session=session)
    event = envelope(
        {
            "type": "AlexaSkillEvent.SkillDisabled",
            "requestId": "r",
            "timestamp": launch()["request"]["timestamp"],
        },
        caller=caller,
    )
    del event["session"]
    return event


def paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from paths(value, (*prefix, index))


def mutate(event: JsonDict, rng: random.Random) -> Any:
    """One to three random mutations: delete a field, put an odd value anywhere, change the type."""
    for _ in range(rng.randint(1, 3)):
        choice = rng.random()
        if choice < 0.15:
            event["request"] = event.get("request") if isinstance(event.get("request"), dict) else {}
            event["request"]["type"] = rng.choice(REQUEST_TYPES)
            continue
        if choice < 0.2:
            return rng.choice(ODD_VALUES)  # not even an object
        where = rng.choice([path for path in paths(event) if path])
        parent: Any = event
        for key in where[:-1]:
            parent = parent[key]
        if choice < 0.5:
            del parent[where[-1]]
        else:
            parent[where[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
    return event


def fuzz(service: Service, requests: int, signer: Signer | None, seed: int) -> Counter[int]:
    rng = random.Random(seed)
    statuses: Counter[int] = Counter()
    for _ in range(requests):
        event = seeds(rng)
        mutated = mutate(event, rng) if rng.random() < 0.9 else event
        body = json.dumps(mutated).encode()
        headers = signer.headers(body) if signer is not None and rng.random() < 0.5 else {}
        status, answer = service.post(body, headers)
        statuses[status] += 1
        if status == 200:
            reply = json.loads(answer)
            assert "version" in reply and "response" in reply
            for speech in (
                reply["response"].get("outputSpeech"),
                (reply["response"].get("reprompt") or {}).get("outputSpeech"),
            ):
                if isinstance(speech, dict):
                    speech.get("ssml", "").encode("utf-8")  # encodable: no lone surrogates
        else:
            assert set(json.loads(answer)) == {"error"}
    return statuses


def test_mutation_fuzz_with_verification_on_never_answers_5xx(
    checked: Service, signer: Signer, caplog: pytest.LogCaptureFixture
) -> None:
    requests = max(50, int(2_000 * SCALE))
    with caplog.at_level(logging.WARNING, logger="skill"):
        statuses = fuzz(checked, requests, signer, seed=12)
    print(f"verification on: {dict(sorted(statuses.items()))}")
    assert sum(count for status, count in statuses.items() if status >= 500) == 0, statuses
    assert statuses[200] > requests // 20, "signed well-formed requests are answered"
    refusals = sum(count for status, count in statuses.items() if 400 <= status < 500)
    assert len(caplog.records) <= refusals + statuses[200], "at most one line a request"
    assert max((len(record.getMessage()) for record in caplog.records), default=0) < 400
    assert set(checked.fetches) <= {CERT_URL}


def test_mutation_fuzz_with_verification_off_never_answers_5xx(unchecked: Service) -> None:
    requests = max(50, int(3_000 * SCALE))
    statuses = fuzz(unchecked, requests, None, seed=2)
    print(f"verification off: {dict(sorted(statuses.items()))}")
    assert sum(count for status, count in statuses.items() if status >= 500) == 0, statuses
    assert statuses[200] > requests // 10


def test_mutation_fuzz_on_the_production_server_never_answers_5xx() -> None:
    """The same fuzzer against ``foot-routine serve`` itself (waitress, in its own process)."""
    from benchmarks.servers import skill_web_service

    requests = max(50, int(1_000 * SCALE))
    with skill_web_service({"SKILL_STORE": "memory"}) as base_url:
        statuses = fuzz(Service(base_url, []), requests, None, seed=7)
    print(f"foot-routine serve, verification off: {dict(sorted(statuses.items()))}")
    assert sum(count for status, count in statuses.items() if status >= 500) == 0, statuses
    assert statuses[200] > requests // 10
