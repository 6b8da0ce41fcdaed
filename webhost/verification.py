"""Alexa request verification we control: the signature check and the timestamp check.

Why not the SDK's ``RequestVerifier``
    ``ask_sdk_webservice_support.verifier.RequestVerifier`` fetches the certificate chain with a bare
    ``urlopen`` (no timeout, nothing injectable), validates against a trust store it picks itself, and
    caches chains per URL in a plain dict that never shrinks and never expires. None of that can be
    tested offline, and the cache grows with every distinct URL a caller sends. :class:`SignatureVerifier`
    performs the same checks (https://developer.amazon.com/docs/custom-skills/host-a-custom-skill-as-a-web-service.html)
    with an injectable fetcher, trust roots and clock, and a small bounded cache with expiry.

Both classes are ``AbstractVerifier`` subclasses: a failed check raises ``VerificationException``, which
flask-ask-sdk answers with 400. Messages name the check that failed, never the body or the signature.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import json
import logging
import posixpath
import re
import ssl
import tempfile
import threading
import urllib.request
import warnings
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from webhost.compat import oscrypto_openssl3

# ask_sdk_webservice_support.verifier imports certvalidator -> oscrypto, which needs the shim first.
oscrypto_openssl3.install()
from ask_sdk_webservice_support.verifier import (  # noqa: E402 - must follow install()
    AbstractVerifier,
    VerificationException,
)

__all__ = [
    "CERT_CHAIN_URL_HEADER",
    "CERT_DOMAIN",
    "FETCH_TIMEOUT_S",
    "SIGNATURE_HEADER",
    "SKILL_EVENT_TOLERANCE",
    "TOLERANCE",
    "SignatureVerifier",
    "TimestampCheck",
    "VerificationException",
    "check_cert_chain_url",
    "default_trust_roots",
    "fetch_url",
]

log = logging.getLogger(__name__)

CERT_CHAIN_URL_HEADER = "SignatureCertChainUrl"
SIGNATURE_HEADER = "Signature-256"
CERT_DOMAIN = "echo-api.amazon.com"
FETCH_TIMEOUT_S = 2.0

#: How far a request timestamp may be from our clock; skill events (``AlexaSkillEvent.*``) may be late.
TOLERANCE = timedelta(seconds=150)
SKILL_EVENT_TOLERANCE = timedelta(seconds=3600)

_URL_SCHEME = "https"
_URL_HOST = "s3.amazonaws.com"
_URL_PORT = 443
_URL_PATH_PREFIX = "/echo.api/"
# A real chain is a few KiB; refuse to read more than this from the certificate URL.
_MAX_CHAIN_BYTES = 256 * 1024
#: Amazon's own naming of its signing chains (echo-api-cert-4.pem ... echo-api-cert-12.pem so far),
#: with at most three digits: 1,000 names in all. URLs named so get a lane of their own (see
#: :meth:`SignatureVerifier._signing_certificate`); any other name under /echo.api/ is still accepted,
#: as Amazon's rules allow, but shares a small budget.
_AMAZON_NAME = re.compile(r"/echo\.api/echo-api-cert-[0-9]{1,3}\.pem")


def fetch_url(url: str) -> bytes:
    """The default fetcher of :class:`SignatureVerifier`: urllib with a short timeout and a size cap."""
    # Only ever called with a URL check_cert_chain_url accepted (https://s3.amazonaws.com/echo.api/...).
    with urllib.request.urlopen(url, timeout=FETCH_TIMEOUT_S) as response:
        data: bytes = response.read(_MAX_CHAIN_BYTES + 1)
    if len(data) > _MAX_CHAIN_BYTES:
        raise ValueError("certificate chain is too large")
    return data


def default_trust_roots() -> list[x509.Certificate]:
    """The CA bundle to validate chains against: certifi's when installed, else the system's default file."""
    return list(_load_default_trust_roots())


@functools.cache
def _load_default_trust_roots() -> tuple[x509.Certificate, ...]:
    try:
        import certifi  # noqa: PLC0415 - optional dependency
    except ImportError:
        cafile = ssl.get_default_verify_paths().cafile
        if cafile is None:
            raise RuntimeError("no CA bundle found: install certifi or pass trust_roots") from None
        bundle = Path(cafile)
    else:
        bundle = Path(certifi.where())
    with warnings.catch_warnings():
        # certifi ships a few old roots with non-positive serial numbers; cryptography warns about each.
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        return tuple(x509.load_pem_x509_certificates(bundle.read_bytes()))


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _header(headers: Mapping[str, Any], name: str) -> str | None:
    """Look a header up case-insensitively (HTTP header names are case-insensitive)."""
    wanted = name.lower()
    for key, value in headers.items():
        if isinstance(key, str) and key.lower() == wanted and isinstance(value, str) and value:
            return value
    return None


def check_cert_chain_url(url: str) -> None:
    """Refuse a certificate URL that is not https://s3.amazonaws.com[:443]/echo.api/... after normalising."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise VerificationException(f"certificate URL is not a valid URL: {error}") from None
    if parts.scheme.lower() != _URL_SCHEME:
        raise VerificationException("certificate URL is not https")
    if (parts.hostname or "").lower() != _URL_HOST:
        raise VerificationException(f"certificate URL host is not {_URL_HOST}")
    if port is not None and port != _URL_PORT:
        raise VerificationException(f"certificate URL port is not {_URL_PORT}")
    if not posixpath.normpath(parts.path or "/").startswith(_URL_PATH_PREFIX):
        raise VerificationException(f"certificate URL path is not under {_URL_PATH_PREFIX}")


@dataclass(frozen=True)
class _Entry:
    leaf: x509.Certificate
    expires: datetime


class _ExpiringLru:
    """A bounded LRU cache whose entries expire at a given time.

    ``functools.lru_cache`` is bounded but has no expiry (and caches by call arguments, so it cannot
    drop an entry when its certificate runs out), hence this small one. Thread-safe: the web service
    answers requests on several threads.
    """

    def __init__(self, size: int) -> None:
        if size < 1:
            raise ValueError("cache size must be at least 1")
        self._size = size
        self._entries: OrderedDict[str, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, now: datetime) -> x509.Certificate | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if now >= entry.expires:
                del self._entries[key]
                return None
            self._entries.move_to_end(key)
            return entry.leaf

    def put(self, key: str, leaf: x509.Certificate, expires: datetime) -> None:
        with self._lock:
            self._entries[key] = _Entry(leaf, expires)
            self._entries.move_to_end(key)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


class SignatureVerifier(AbstractVerifier):
    """Check the ``Signature-256`` of a request against the certificate chain its header points to.

    ``fetch`` gets the PEM chain for a URL (default: urllib, 2 s timeout); ``trust_roots`` are the
    certificates a chain must end at (default: certifi's bundle, or the system's); ``clock`` gives the
    current time (timezone-aware UTC). Validated chains are cached per URL, at most ``cache_size`` of
    them, each for ``cache_ttl`` or until a certificate in the chain expires, whichever comes first.
    """

    def __init__(
        self,
        fetch: Callable[[str], bytes] = fetch_url,
        trust_roots: list[x509.Certificate] | None = None,
        clock: Callable[[], datetime] = _utc_now,
        cache_size: int = 16,
        cache_ttl: timedelta = timedelta(hours=1),
        failure_ttl: timedelta = timedelta(minutes=1),
        max_fetches_per_minute: int = 10,
        chain_cache: Path | None = None,
    ) -> None:
        roots = default_trust_roots() if trust_roots is None else list(trust_roots)
        if not roots:
            raise ValueError("trust_roots must not be empty")
        self._fetch = fetch
        self._store = Store(roots)
        self._clock = clock
        self._cache_ttl = cache_ttl
        self._cache = _ExpiringLru(cache_size)
        # Every unsigned request naming a new certificate URL used to cost an outbound fetch, and a
        # failure was not remembered (issue #12, finding 7): failures are now cached for failure_ttl
        # (bounded, like the good chains), and fetches are capped per minute, all URLs together.
        self._failure_ttl = failure_ttl
        self._failures: OrderedDict[str, tuple[datetime, str]] = OrderedDict()
        self._max_failures = 256
        self._max_fetches = max_fetches_per_minute
        self._fetched_at: deque[datetime] = deque()
        self._guard = threading.Lock()
        # Chains that validated once, by URL (issue #20, 1): checked again locally when their cache
        # entry expires, and kept in ``chain_cache`` (a JSON file) so a restart starts with them.
        self._cache_size = cache_size
        self._chain_cache = chain_cache
        self._known: OrderedDict[str, bytes] = OrderedDict(self._read_chain_cache())

    @property
    def cached_urls(self) -> int:
        """How many certificate chains are cached now (for tests and diagnostics)."""
        return len(self._cache)

    def verify(
        self, headers: Mapping[str, Any], serialized_request_env: str, deserialized_request_env: Any
    ) -> None:
        """Raise ``VerificationException`` unless the body is signed by Alexa's certificate."""
        url = _header(headers, CERT_CHAIN_URL_HEADER)
        if url is None:
            raise VerificationException(f"missing {CERT_CHAIN_URL_HEADER} header")
        signature_b64 = _header(headers, SIGNATURE_HEADER)
        if signature_b64 is None:
            raise VerificationException(f"missing {SIGNATURE_HEADER} header")
        check_cert_chain_url(url)
        leaf = self._signing_certificate(url)
        try:
            signature = base64.b64decode(signature_b64, validate=True)
        except (binascii.Error, ValueError):
            raise VerificationException(f"{SIGNATURE_HEADER} is not valid base64") from None
        public_key = leaf.public_key()
        if not isinstance(public_key, RSAPublicKey):
            raise VerificationException("signing certificate does not hold an RSA key")
        try:
            public_key.verify(signature, serialized_request_env.encode("utf-8"), PKCS1v15(), SHA256())
        except InvalidSignature:
            raise VerificationException("request signature does not match the body") from None

    def _signing_certificate(self, url: str) -> x509.Certificate:
        """The validated leaf for ``url``: from the cache, or from a chain known good, or fetched.

        Unauthenticated callers choose the URL, so fetching is rationed, but never at the expense
        of Alexa's own chain (issue #20, 1: ten requests naming made-up URLs used the whole
        minute's allowance, shared by all URLs, and every genuine request failed while the real
        chain was not cached). Three lanes, in order:

        1. A URL whose chain validated before (in this process, or in ``chain_cache`` from an
           earlier one): its chain is checked again locally, with no fetch, when its cache entry
           expires; fetched again only once the certificate itself is out of date, outside any
           shared allowance.
        2. A URL named as Amazon names its chains (``echo-api-cert-<1-3 digits>.pem``): fetched
           with no shared allowance, only its own failure memory (one fetch per ``failure_ttl``).
           A flood can cost at most 1,000 fetches a ``failure_ttl``, and cannot delay the real one.
        3. Any other URL that passes Amazon's URL rules: at most ``max_fetches_per_minute`` fetches
           a minute for all of them together; a flood of those costs the flooder a 400 each.

        In every lane a URL that failed within ``failure_ttl`` fails again without a fetch.
        """
        now = self._clock()
        cached = self._cache.get(url, now)
        if cached is not None:
            return cached
        with self._guard:
            known = self._known.get(url)
        if known is not None:
            with contextlib.suppress(VerificationException):  # out of date: fetched again below
                return self._validate(url, known, now)
        path = posixpath.normpath(urlsplit(url).path or "/")
        with self._guard:
            failed = self._failures.get(url)
            if failed is not None and now < failed[0]:
                raise VerificationException(f"certificate chain failed recently: {failed[1]}")
            if known is None and not _AMAZON_NAME.fullmatch(path):
                while self._fetched_at and now - self._fetched_at[0] >= timedelta(minutes=1):
                    self._fetched_at.popleft()
                if len(self._fetched_at) >= self._max_fetches:
                    raise VerificationException("too many certificate fetches this minute")
                self._fetched_at.append(now)
        try:
            return self._fetch_and_validate(url, now)
        except VerificationException as failure:
            with self._guard:
                self._failures[url] = (now + self._failure_ttl, str(failure)[:120])
                self._failures.move_to_end(url)
                while len(self._failures) > self._max_failures:
                    self._failures.popitem(last=False)
            raise

    def _fetch_and_validate(self, url: str, now: datetime) -> x509.Certificate:
        """Fetch ``url``'s chain, check it, cache its leaf; VerificationException for any failure."""
        try:
            pem = self._fetch(url)
        except Exception as error:  # any fetch failure (network, HTTP status, size) is a refusal
            raise VerificationException(f"could not fetch the certificate chain: {error}") from None
        leaf = self._validate(url, pem, now)
        self._remember(url, pem)
        return leaf

    def _validate(self, url: str, pem: bytes, now: datetime) -> x509.Certificate:
        """Check a PEM chain for ``url`` at ``now`` and cache its leaf; VerificationException if bad."""
        try:
            chain = x509.load_pem_x509_certificates(pem)
        except ValueError:
            raise VerificationException("certificate chain is not a PEM certificate list") from None
        leaf, intermediates = chain[0], chain[1:]
        self._check_leaf(leaf, now)
        verifier = (
            PolicyBuilder().store(self._store).time(now).build_server_verifier(x509.DNSName(CERT_DOMAIN))
        )
        try:
            verifier.verify(leaf, intermediates)
        except VerificationError as error:
            raise VerificationException(f"certificate chain does not validate: {error}") from None
        expires = min([now + self._cache_ttl, *(cert.not_valid_after_utc for cert in chain)])
        self._cache.put(url, leaf, expires)
        return leaf

    def _remember(self, url: str, pem: bytes) -> None:
        """Keep a chain that validated (bounded like the cache), and write the lot to ``chain_cache``."""
        with self._guard:
            self._known[url] = pem
            self._known.move_to_end(url)
            while len(self._known) > self._cache_size:
                self._known.popitem(last=False)
            chains = {key: value.decode("ascii", "replace") for key, value in self._known.items()}
        if self._chain_cache is None:
            return
        try:
            self._chain_cache.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", dir=self._chain_cache.parent, delete=False, encoding="utf-8"
            ) as file:
                json.dump(chains, file)
            Path(file.name).replace(self._chain_cache)
        except OSError as error:  # the service works without it; only a restart fetches again
            log.warning("could not write the certificate chain cache: %s", type(error).__name__)

    def _read_chain_cache(self) -> list[tuple[str, bytes]]:
        """Chains kept by an earlier process; nothing if there is no file or it is unreadable.

        Only validated chains were written, and each is validated again before use, so a damaged
        or edited file can cost a fetch, never let a bad chain through.
        """
        if self._chain_cache is None:
            return []
        try:
            stored = json.loads(self._chain_cache.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return []
        if not isinstance(stored, dict):
            return []
        chains = []
        for url, pem in stored.items():
            if isinstance(url, str) and isinstance(pem, str) and len(pem) <= _MAX_CHAIN_BYTES:
                with contextlib.suppress(VerificationException):
                    check_cert_chain_url(url)
                    chains.append((url, pem.encode("ascii", "replace")))
        return chains[-self._cache_size :]

    @staticmethod
    def _check_leaf(leaf: x509.Certificate, now: datetime) -> None:
        """The signing certificate must be in date and name echo-api.amazon.com (the chain check agrees)."""
        if now < leaf.not_valid_before_utc:
            raise VerificationException("signing certificate is not valid yet")
        if now > leaf.not_valid_after_utc:
            raise VerificationException("signing certificate has expired")
        try:
            names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        except x509.ExtensionNotFound:
            raise VerificationException("signing certificate has no subject alternative names") from None
        if CERT_DOMAIN not in names.get_values_for_type(x509.DNSName):
            raise VerificationException(f"signing certificate is not for {CERT_DOMAIN}")


class TimestampCheck(AbstractVerifier):
    """Refuse requests whose ``request.timestamp`` is more than 150 s from now (skill events: 3600 s).

    Like the SDK's ``TimestampVerifier``, but with an injectable clock, and every ``AlexaSkillEvent.*``
    request type gets the longer tolerance (Amazon adds new skill events; the SDK lists five).
    """

    def __init__(self, clock: Callable[[], datetime] = _utc_now) -> None:
        self._clock = clock

    def verify(
        self, headers: Mapping[str, Any], serialized_request_env: str, deserialized_request_env: Any
    ) -> None:
        """Raise ``VerificationException`` unless the request timestamp is close enough to now."""
        request = getattr(deserialized_request_env, "request", None)
        stamp = getattr(request, "timestamp", None)
        if not isinstance(stamp, datetime):
            raise VerificationException("request has no timestamp")
        if stamp.tzinfo is None:
            stamp = stamp.replace(tzinfo=UTC)
        kind = getattr(request, "object_type", None)
        tolerance = (
            SKILL_EVENT_TOLERANCE
            if isinstance(kind, str) and kind.startswith("AlexaSkillEvent.")
            else TOLERANCE
        )
        if abs(self._clock() - stamp) > tolerance:
            raise VerificationException(
                f"request timestamp is more than {tolerance.total_seconds():.0f} s off"
            )
