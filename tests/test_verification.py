"""Alexa signature and timestamp verification, proven offline over real HTTP.

The tests are their own certificate authority: a root, an intermediate and a signing certificate for
echo-api.amazon.com, made with ``cryptography``. The chain is "hosted" by a fake S3 (a dict from URL to
PEM that counts fetches) injected into :class:`SignatureVerifier`, and request bodies are real
LaunchRequest envelopes signed with the signing key, exactly as Alexa signs them. Every HTTP test runs
the real skill behind ``create_app`` on a werkzeug server, so a refusal is the 400 a caller would see.
"""

from __future__ import annotations

import base64
import json
import logging
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from devtools.envelopes import launch_request, timestamp
from skill.app import build_skill
from skill.storage import MemoryStore
from webhost.verification import SignatureVerifier, TimestampCheck, VerificationException
from webhost.web import create_app

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-12.pem"
WELCOME = "Welcome to your foot routine"

# --------------------------------------------------------------------------------------------------
# A tiny PKI
# --------------------------------------------------------------------------------------------------


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


@dataclass(frozen=True)
class Issued:
    """A certificate with its private key."""

    cert: x509.Certificate
    key: rsa.RSAPrivateKey

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def issue(
    common_name: str,
    key: rsa.RSAPrivateKey,
    issuer: Issued | None,
    *,
    ca: bool,
    dns_names: tuple[str, ...] | None = None,
    not_before: datetime = NOW - timedelta(days=30),
    not_after: datetime = NOW + timedelta(days=30),
) -> Issued:
    """Issue a certificate for ``key``, signed by ``issuer`` (self-signed when None).

    A leaf (``ca=False``) gets serverAuth + clientAuth like Alexa's real certificate, and a subject
    alternative name extension listing ``dns_names`` unless that is None.
    """
    signer_key = issuer.key if issuer is not None else key
    issuer_name = issuer.cert.subject if issuer is not None else _name(common_name)
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=False,
                key_encipherment=not ca,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signer_key.public_key()), critical=False
        )
    )
    if dns_names is not None:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.DNSName(name) for name in dns_names]), critical=False
        )
    if not ca:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
            critical=False,
        )
    return Issued(builder.sign(signer_key, hashes.SHA256()), key)


@dataclass(frozen=True)
class Pki:
    root: Issued
    intermediate: Issued
    leaf: Issued
    other_key: rsa.RSAPrivateKey
    rogue_root: Issued

    def leaf_like(self, *, issuer: Issued | None = None, **options: Any) -> Issued:
        """Another signing certificate for the same key, e.g. with other dates or names."""
        options.setdefault("dns_names", ("echo-api.amazon.com",))
        return issue("echo-api.amazon.com", self.leaf.key, issuer or self.intermediate, ca=False, **options)

    def chain(self, leaf: Issued | None = None, intermediate: Issued | None = None) -> bytes:
        """The PEM chain Alexa's URL serves: signing certificate first, then the intermediate."""
        return (leaf or self.leaf).pem + (intermediate or self.intermediate).pem


@pytest.fixture(scope="module")
def pki() -> Pki:
    root = issue("Test Root CA", _key(), None, ca=True)
    intermediate = issue("Test Intermediate CA", _key(), root, ca=True)
    leaf = issue("echo-api.amazon.com", _key(), intermediate, ca=False, dns_names=("echo-api.amazon.com",))
    rogue_root = issue("Rogue Root CA", _key(), None, ca=True)
    return Pki(root, intermediate, leaf, _key(), rogue_root)


# --------------------------------------------------------------------------------------------------
# Fakes: a clock and S3
# --------------------------------------------------------------------------------------------------


@dataclass
class Clock:
    now: datetime = NOW

    def __call__(self) -> datetime:
        return self.now


@dataclass
class FakeS3:
    """Serves PEM chains by URL and records every fetch."""

    files: dict[str, bytes] = field(default_factory=dict)
    fetches: list[str] = field(default_factory=list)

    def __call__(self, url: str) -> bytes:
        self.fetches.append(url)
        try:
            return self.files[url]
        except KeyError:
            raise OSError(f"404 for {url}") from None


def sign(body: bytes, key: rsa.RSAPrivateKey) -> str:
    """The ``Signature-256`` header Alexa would send for ``body``."""
    return base64.b64encode(key.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode("ascii")


def launch_body(now: datetime = NOW) -> bytes:
    return json.dumps(launch_request(now=now)).encode("utf-8")


def signed_headers(body: bytes, key: rsa.RSAPrivateKey, url: str = CERT_URL) -> dict[str, str]:
    return {"SignatureCertChainUrl": url, "Signature-256": sign(body, key)}


# --------------------------------------------------------------------------------------------------
# A live server with injected verifiers
# --------------------------------------------------------------------------------------------------


@dataclass
class Service:
    base_url: str
    s3: FakeS3
    clock: Clock
    verifier: SignatureVerifier

    def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, Any]:
        request = urllib.request.Request(
            self.base_url + "/",
            data=body,
            headers={"Content-Type": "application/json", **headers},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            with error:
                return error.code, json.loads(error.read())


@pytest.fixture
def start_service(pki: Pki, serve_wsgi: Callable[[Any], str]) -> Callable[..., Service]:
    """Start the real skill behind ``create_app`` with our verifiers, a fake S3 and a fake clock."""

    def start(**verifier_options: Any) -> Service:
        s3 = FakeS3({CERT_URL: pki.chain()})
        clock = Clock()
        verifier = SignatureVerifier(fetch=s3, trust_roots=[pki.root.cert], clock=clock, **verifier_options)
        app = create_app(build_skill(MemoryStore()), verifiers=[verifier, TimestampCheck(clock=clock)])
        return Service(serve_wsgi(app), s3, clock, verifier)

    return start


@pytest.fixture
def service(start_service: Callable[..., Service]) -> Service:
    return start_service()


def assert_accepted(status: int, answer: Any) -> None:
    """The skill answered: 200 with speech (a first launch is welcomed, later ones are welcomed back)."""
    assert status == 200, answer
    assert answer["response"]["outputSpeech"]["ssml"].startswith("<speak>")


def assert_welcome(status: int, answer: Any) -> None:
    assert_accepted(status, answer)
    assert WELCOME in answer["response"]["outputSpeech"]["ssml"]


def assert_refused(status: int, answer: Any) -> None:
    assert status == 400, answer
    assert "error" in answer


# --------------------------------------------------------------------------------------------------
# Accepted
# --------------------------------------------------------------------------------------------------


def test_a_correctly_signed_request_gets_the_welcome(service: Service, pki: Pki) -> None:
    body = launch_body()
    assert_welcome(*service.post(body, signed_headers(body, pki.leaf.key)))
    assert service.s3.fetches == [CERT_URL]


def test_url_scheme_and_host_are_case_insensitive_and_port_443_is_allowed(service: Service, pki: Pki) -> None:
    url = "HTTPS://S3.AmazonAWS.com:443/echo.api/../echo.api/echo-api-cert-12.pem"
    service.s3.files[url] = pki.chain()
    body = launch_body()
    assert_welcome(*service.post(body, signed_headers(body, pki.leaf.key, url)))


def test_header_names_are_case_insensitive(service: Service, pki: Pki) -> None:
    body = launch_body()
    headers = {"signaturecertchainurl": CERT_URL, "SIGNATURE-256": sign(body, pki.leaf.key)}
    assert_welcome(*service.post(body, headers))
    # urllib and werkzeug both re-case header names on the way, so check a plain dict directly too.
    service.verifier.verify(headers, body.decode("utf-8"), None)


# --------------------------------------------------------------------------------------------------
# Refused: the body and its signature
# --------------------------------------------------------------------------------------------------


def test_a_tampered_body_is_refused(service: Service, pki: Pki) -> None:
    body = launch_body()
    headers = signed_headers(body, pki.leaf.key)
    tampered = body.replace(b'"LaunchRequest"', b'"LaunchRequest" ', 1)
    assert tampered != body
    assert_refused(*service.post(tampered, headers))


def test_a_signature_made_with_another_key_is_refused(service: Service, pki: Pki) -> None:
    body = launch_body()
    assert_refused(*service.post(body, signed_headers(body, pki.other_key)))


def test_a_signature_that_is_not_base64_is_refused(service: Service) -> None:
    body = launch_body()
    assert_refused(*service.post(body, {"SignatureCertChainUrl": CERT_URL, "Signature-256": "not base64!"}))


@pytest.mark.parametrize("missing", ["SignatureCertChainUrl", "Signature-256"])
def test_a_missing_header_is_refused(service: Service, pki: Pki, missing: str) -> None:
    body = launch_body()
    headers = signed_headers(body, pki.leaf.key)
    del headers[missing]
    assert_refused(*service.post(body, headers))
    assert service.s3.fetches == []


# --------------------------------------------------------------------------------------------------
# Refused: the certificate URL (checked before anything is fetched)
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert-12.pem",
        "https://notamazon.com/echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/other/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/echo.api/../evil/echo-api-cert-12.pem",
        "https://s3.amazonaws.com/echo.api/..",
        "https://s3.amazonaws.com:563/echo.api/echo-api-cert-12.pem",
        "https://s3.amazonaws.com:notaport/echo.api/echo-api-cert-12.pem",
    ],
)
def test_a_bad_certificate_url_is_refused_without_fetching(service: Service, pki: Pki, url: str) -> None:
    service.s3.files[url] = pki.chain()  # even a perfectly good chain there must not help
    body = launch_body()
    assert_refused(*service.post(body, signed_headers(body, pki.leaf.key, url)))
    assert service.s3.fetches == []


def test_a_chain_that_cannot_be_fetched_is_refused(service: Service, pki: Pki) -> None:
    body = launch_body()
    url = "https://s3.amazonaws.com/echo.api/missing.pem"
    assert_refused(*service.post(body, signed_headers(body, pki.leaf.key, url)))
    assert service.s3.fetches == [url]


def test_a_url_serving_no_pem_is_refused(service: Service, pki: Pki) -> None:
    url = "https://s3.amazonaws.com/echo.api/garbage.pem"
    service.s3.files[url] = b"<html>not a certificate</html>"
    body = launch_body()
    assert_refused(*service.post(body, signed_headers(body, pki.leaf.key, url)))


# --------------------------------------------------------------------------------------------------
# Refused: the certificates
# --------------------------------------------------------------------------------------------------


def _bad_chains(pki: Pki) -> dict[str, bytes]:
    untrusted_intermediate = issue("Rogue Intermediate", pki.intermediate.key, pki.rogue_root, ca=True)
    return {
        "expired": pki.chain(pki.leaf_like(not_after=NOW - timedelta(seconds=1))),
        "not yet valid": pki.chain(pki.leaf_like(not_before=NOW + timedelta(seconds=60))),
        "wrong SAN": pki.chain(pki.leaf_like(dns_names=("echo-api.amazon.com.evil.example",))),
        "no SAN": pki.chain(pki.leaf_like(dns_names=None)),
        "untrusted root": pki.chain(pki.leaf_like(issuer=untrusted_intermediate), untrusted_intermediate),
        "self-signed leaf": pki.leaf_like(issuer=Issued(pki.leaf.cert, pki.leaf.key)).pem,
        "missing intermediate": pki.leaf.pem,
        "intermediate first": pki.intermediate.pem + pki.leaf.pem,
    }


@pytest.mark.parametrize(
    "case",
    [
        "expired",
        "not yet valid",
        "wrong SAN",
        "no SAN",
        "untrusted root",
        "self-signed leaf",
        "missing intermediate",
        "intermediate first",
    ],
)
def test_a_bad_certificate_chain_is_refused(service: Service, pki: Pki, case: str) -> None:
    url = f"https://s3.amazonaws.com/echo.api/{case.replace(' ', '-')}.pem"
    service.s3.files[url] = _bad_chains(pki)[case]
    body = launch_body()
    assert_refused(*service.post(body, signed_headers(body, pki.leaf.key, url)))
    assert service.s3.fetches == [url]
    assert service.verifier.cached_urls == 0, "a chain that failed is never cached"


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("expired", "has expired"),
        ("not yet valid", "not valid yet"),
        ("wrong SAN", "not for echo-api.amazon.com"),
        ("no SAN", "no subject alternative names"),
        ("untrusted root", "does not validate"),
        ("missing intermediate", "does not validate"),
    ],
)
def test_each_certificate_problem_has_a_clear_message(pki: Pki, case: str, message: str) -> None:
    url = "https://s3.amazonaws.com/echo.api/cert.pem"
    verifier = SignatureVerifier(
        fetch=FakeS3({url: _bad_chains(pki)[case]}), trust_roots=[pki.root.cert], clock=Clock()
    )
    body = launch_body()
    with pytest.raises(VerificationException, match=message):
        verifier.verify(signed_headers(body, pki.leaf.key, url), body.decode("utf-8"), None)


# --------------------------------------------------------------------------------------------------
# Timestamps
# --------------------------------------------------------------------------------------------------


def test_a_request_151_s_old_is_refused(service: Service, pki: Pki) -> None:
    body = launch_body(NOW - timedelta(seconds=151))
    assert_refused(*service.post(body, signed_headers(body, pki.leaf.key)))


def test_a_request_149_s_old_is_accepted(service: Service, pki: Pki) -> None:
    body = launch_body(NOW - timedelta(seconds=149))
    assert_welcome(*service.post(body, signed_headers(body, pki.leaf.key)))


def _deserialized(request_type: str, at: datetime) -> Any:
    envelope = {
        "version": "1.0",
        "context": {
            "System": {"application": {"applicationId": "amzn1.ask.skill.x"}, "user": {"userId": "u"}}
        },
        "request": {"type": request_type, "requestId": "r", "timestamp": timestamp(at)},
    }
    return DefaultSerializer().deserialize(json.dumps(envelope), "ask_sdk_model.RequestEnvelope")


@pytest.mark.parametrize(
    ("request_type", "age_s", "accepted"),
    [
        ("LaunchRequest", 0, True),
        ("LaunchRequest", 150, True),
        ("LaunchRequest", -150, True),
        ("LaunchRequest", 151, False),
        ("LaunchRequest", -151, False),
        ("AlexaSkillEvent.SkillEnabled", 3000, True),
        ("AlexaSkillEvent.SkillPermissionAccepted", 3600, True),
        ("AlexaSkillEvent.SkillDisabled", 3601, False),
    ],
)
def test_timestamp_check(request_type: str, age_s: int, accepted: bool) -> None:
    check = TimestampCheck(clock=Clock())
    envelope = _deserialized(request_type, NOW - timedelta(seconds=age_s))
    if accepted:
        check.verify({}, "", envelope)
    else:
        with pytest.raises(VerificationException, match="timestamp"):
            check.verify({}, "", envelope)


def test_timestamp_check_refuses_an_envelope_without_a_timestamp() -> None:
    with pytest.raises(VerificationException, match="no timestamp"):
        TimestampCheck(clock=Clock()).verify({}, "", None)


# --------------------------------------------------------------------------------------------------
# The certificate cache
# --------------------------------------------------------------------------------------------------


def test_three_requests_with_the_same_url_fetch_once(service: Service, pki: Pki) -> None:
    for _ in range(3):
        body = launch_body()
        assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key)))
    assert service.s3.fetches == [CERT_URL]


def test_the_cache_never_holds_more_than_cache_size_chains(
    start_service: Callable[..., Service], pki: Pki
) -> None:
    service = start_service(cache_size=4, max_fetches_per_minute=100)
    urls = [f"https://s3.amazonaws.com/echo.api/cert-{n}.pem" for n in range(12)]
    for url in urls:
        service.s3.files[url] = pki.chain()
        body = launch_body()
        assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key, url)))
        assert service.verifier.cached_urls <= 4
    assert service.verifier.cached_urls == 4
    assert service.s3.fetches == urls
    # The most recent four are still cached; the first was evicted and is fetched again.
    body = launch_body()
    assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key, urls[-1])))
    assert service.s3.fetches == urls
    assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key, urls[0])))
    assert service.s3.fetches == [*urls, urls[0]]


def test_an_entry_is_checked_again_after_the_ttl_from_the_chain_known_good(
    start_service: Callable[..., Service], pki: Pki
) -> None:
    service = start_service(cache_ttl=timedelta(minutes=10))
    body = launch_body()
    assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key)))
    service.clock.now = NOW + timedelta(minutes=9)
    body = launch_body(service.clock.now)
    assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key)))
    assert service.s3.fetches == [CERT_URL]
    service.clock.now = NOW + timedelta(minutes=10, seconds=1)
    body = launch_body(service.clock.now)
    assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key)))
    assert service.s3.fetches == [CERT_URL], "validated again locally, from the chain that was good"
    service.s3.files[CERT_URL] = b"swapped"  # what the URL serves no longer matters while the chain holds
    service.clock.now = NOW + timedelta(minutes=21)
    body = launch_body(service.clock.now)
    assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key)))


def test_an_entry_expires_with_its_certificate(start_service: Callable[..., Service], pki: Pki) -> None:
    service = start_service()  # the TTL (1 h) is longer than the certificate has left
    url = "https://s3.amazonaws.com/echo.api/short-lived.pem"
    service.s3.files[url] = pki.chain(pki.leaf_like(not_after=NOW + timedelta(minutes=5)))
    body = launch_body()
    assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key, url)))
    service.clock.now = NOW + timedelta(minutes=6)
    body = launch_body(service.clock.now)
    assert_refused(*service.post(body, signed_headers(body, pki.leaf.key, url)))
    assert service.s3.fetches == [url, url], "the expired entry was dropped and the chain fetched again"


# --------------------------------------------------------------------------------------------------
# Construction
# --------------------------------------------------------------------------------------------------


def test_default_trust_roots_are_loaded() -> None:
    verifier = SignatureVerifier(fetch=FakeS3(), clock=Clock())
    assert verifier.cached_urls == 0


def test_empty_trust_roots_and_a_zero_cache_are_refused(pki: Pki) -> None:
    with pytest.raises(ValueError, match="trust_roots"):
        SignatureVerifier(trust_roots=[])
    with pytest.raises(ValueError, match="cache size"):
        SignatureVerifier(trust_roots=[pki.root.cert], cache_size=0)


# --------------------------------------------------------------------------------------------------
# Failed fetches are remembered, and fetches are capped per minute (issue #12, finding 7)
# --------------------------------------------------------------------------------------------------


def test_a_failed_certificate_url_is_not_fetched_again_for_a_while(
    start_service: Callable[..., Service], pki: Pki
) -> None:
    service = start_service(failure_ttl=timedelta(minutes=1))
    missing = "https://s3.amazonaws.com/echo.api/missing.pem"
    for _ in range(5):
        body = launch_body()
        status, _ = service.post(body, signed_headers(body, pki.leaf.key, missing))
        assert status == 400
    assert service.s3.fetches == [missing], "one fetch, then the failure is remembered"
    service.clock.now = NOW + timedelta(seconds=61)
    service.s3.files[missing] = pki.chain()
    body = launch_body(service.clock.now)
    assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key, missing)))
    assert service.s3.fetches == [missing, missing], "fetched again once the failure expired"


def test_fetches_are_capped_per_minute_for_all_urls_together(
    start_service: Callable[..., Service], pki: Pki
) -> None:
    service = start_service(max_fetches_per_minute=3)
    urls = [f"https://s3.amazonaws.com/echo.api/flood-{n}.pem" for n in range(10)]
    for url in urls:
        body = launch_body()
        status, _ = service.post(body, signed_headers(body, pki.leaf.key, url))
        assert status == 400
    assert service.s3.fetches == urls[:3], "three fetches in the minute, the rest refused without one"
    service.clock.now = NOW + timedelta(minutes=1)
    service.s3.files[CERT_URL] = pki.chain()
    body = launch_body(service.clock.now)
    assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key)))
    assert service.s3.fetches == [*urls[:3], CERT_URL], "a new minute, a new allowance"


# A flood of made-up certificate URLs never locks genuine requests out (issue #20, 1)
# --------------------------------------------------------------------------------------------------

FLOOD = 25


def flood(service: Service, pki: Pki, urls: list[str]) -> None:
    """Unsigned-in-effect requests naming made-up URLs: each refused with a 400 (what the attack sent)."""
    for url in urls:
        body = launch_body(service.clock.now)
        assert_refused(*service.post(body, signed_headers(body, pki.other_key, url)))


def made_up(kind: str) -> list[str]:
    if kind == "any name":
        return [f"https://s3.amazonaws.com/echo.api/made-up-{n}.pem" for n in range(FLOOD)]
    return [f"https://s3.amazonaws.com/echo.api/echo-api-cert-{100 + n}.pem" for n in range(FLOOD)]


@pytest.mark.parametrize("kind", ["any name", "amazon's naming"])
def test_a_flood_of_made_up_urls_before_the_first_genuine_request_does_not_lock_it_out(
    start_service: Callable[..., Service], pki: Pki, kind: str
) -> None:
    """A fresh start, nothing cached: the attack's ten made-up URLs a minute made every genuine
    request fail. Made-up names are rationed; Alexa's own naming is never refused for want of budget."""
    service = start_service()
    flood(service, pki, made_up(kind))
    for _ in range(5):
        body = launch_body()
        assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key)))
    assert service.s3.fetches.count(CERT_URL) == 1
    if kind == "any name":
        assert len(service.s3.fetches) == 10 + 1, "made-up names still share ten fetches a minute"


def test_a_flood_when_the_cached_chain_has_expired_does_not_lock_genuine_requests_out(
    start_service: Callable[..., Service], pki: Pki
) -> None:
    service = start_service()
    body = launch_body()
    assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key)))
    service.clock.now = NOW + timedelta(hours=2)  # past the cache's hour
    flood(service, pki, made_up("any name") + made_up("amazon's naming"))
    for _ in range(5):
        body = launch_body(service.clock.now)
        assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key)))


def test_a_restarted_service_starts_with_the_chain_that_was_good_and_a_flood_cannot_lock_it_out(
    start_service: Callable[..., Service], pki: Pki, tmp_path: Path
) -> None:
    cache = tmp_path / "chains.json"
    before = start_service(chain_cache=cache)
    body = launch_body()
    assert_accepted(*before.post(body, signed_headers(body, pki.leaf.key)))

    after = start_service(chain_cache=cache)  # a new process: empty memory, the same file
    after.s3.files.clear()  # even with S3 unreachable
    flood(after, pki, made_up("any name") + made_up("amazon's naming"))
    for _ in range(5):
        body = launch_body()
        assert_accepted(*after.post(body, signed_headers(body, pki.leaf.key)))
    assert CERT_URL not in after.s3.fetches, "the real chain came from the cache file, checked again"


def test_a_damaged_chain_cache_file_costs_a_fetch_never_a_bad_chain(
    start_service: Callable[..., Service], pki: Pki, tmp_path: Path
) -> None:
    cache = tmp_path / "chains.json"
    cache.write_text(json.dumps({CERT_URL: pki.chain(pki.leaf_like(dns_names=("evil.example",))).decode()}))
    service = start_service(chain_cache=cache)
    body = launch_body()
    assert_accepted(*service.post(body, signed_headers(body, pki.leaf.key)))
    assert service.s3.fetches == [CERT_URL], "the cached chain did not validate: fetched instead"
    cache.write_text("{not json")
    again = start_service(chain_cache=cache)
    assert_accepted(*again.post(body, signed_headers(body, pki.leaf.key)))


def test_a_refused_signature_is_one_warning_line_without_a_traceback(
    service: Service, pki: Pki, caplog: pytest.LogCaptureFixture
) -> None:
    """The SDK's adapter logs each verification failure with a traceback; here it is one short line."""
    body = launch_body()
    with caplog.at_level(logging.DEBUG, logger="webhost"):
        assert_refused(*service.post(body, signed_headers(body, pki.other_key)))
    lines = [record for record in caplog.records if record.name.startswith("webhost")]
    assert [(record.levelname, record.getMessage()) for record in lines] == [
        (
            "WARNING",
            "refused skill request: verification failed: request signature does not match the body "
            "(HTTP 400)",
        )
    ]
    assert lines[0].exc_info is None


def test_the_skill_is_dispatched_by_flask_ask_sdks_skill_adapter(pki: Pki) -> None:
    """The product names flask-ask-sdk for self-hosting: its SkillAdapter dispatches, with our verifiers."""
    from flask_ask_sdk.skill_adapter import EXTENSION_NAME, SkillAdapter

    verifier = SignatureVerifier(fetch=FakeS3(), trust_roots=[pki.root.cert], clock=Clock())
    app = create_app(build_skill(MemoryStore()), verifiers=[verifier], skill_id="amzn1.ask.skill.x")
    adapter = app.extensions[EXTENSION_NAME]["amzn1.ask.skill.x"]
    assert isinstance(adapter, SkillAdapter)
    assert adapter._webservice_handler._verifiers == [verifier], "ours, and not the SDK's own"
