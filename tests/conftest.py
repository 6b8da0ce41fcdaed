"""Shared fixtures. Grouped by concern; add new groups below with their own heading comment.

Storage fixtures talk to real backends: a SQLite file under ``tmp_path`` and Amazon's DynamoDB
Local over HTTP (never mocks of boto3 or a botocore stub), so the tests run the same botocore
request path, serializers, timeouts and error wrapping as production, against the server whose
conditional writes and validation are Amazon's.
"""

from __future__ import annotations

import functools
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from devtools import envelopes
from devtools.alexa_fake import FakeAlexaApi
from devtools.dynamodb_local import DynamoDbLocal, DynamoDbLocalMissing
from devtools.envelopes import Device, ListeningClock, Reply
from devtools.nlu import InteractionModel, load_model
from skill import ssml
from skill.app import lambda_handler_for
from skill.storage import DynamoDbStore, MemoryStore, ProgressStore, SqliteStore
from skill.storage.base import REVISION, RevisionConflict

# --------------------------------------------------------------------------------------------------
# Hypothesis
# --------------------------------------------------------------------------------------------------

# No per-example deadline anywhere: Hypothesis's default (200 ms an example) turns a busy CI machine
# into a failing test though nothing is wrong. Speed is measured in benchmarks/, not asserted here.
settings.register_profile("no-deadline", deadline=None)
settings.load_profile("no-deadline")

# --------------------------------------------------------------------------------------------------
# Storage
# --------------------------------------------------------------------------------------------------

_FAKE_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@pytest.fixture(scope="session")
def fake_aws_env() -> Iterator[None]:
    """Fill in dummy AWS credentials and region (only where unset) for the session.

    So botocore can sign requests to the local server without anyone's real AWS configuration,
    and without ever falling back to the instance-metadata lookup, which is slow off AWS.
    """
    with pytest.MonkeyPatch.context() as patch:
        for name, value in _FAKE_AWS_ENV.items():
            if not os.environ.get(name):
                patch.setenv(name, value)
        yield


@pytest.fixture(scope="session")
def dynamodb_local() -> Iterator[DynamoDbLocal]:
    """Amazon's DynamoDB Local, in memory, started once per test run on a free port of 127.0.0.1.

    Amazon's own server, so conditional writes are atomic and requests are validated as the service
    validates them (``devtools/dynamodb_local.py`` says why this one and how the port is chosen
    safely beside other test runs). ``make test`` installs it into tools/dynamodb-local.
    """
    try:
        server = DynamoDbLocal()
        server.start()
    except DynamoDbLocalMissing as missing:
        pytest.fail(str(missing))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def dynamodb_endpoint(fake_aws_env: None, dynamodb_local: DynamoDbLocal) -> str:
    """URL of the test run's DynamoDB Local."""
    return dynamodb_local.endpoint


@pytest.fixture
def dynamodb_store(dynamodb_endpoint: str) -> DynamoDbStore:
    """A DynamoDbStore on a fresh, uniquely named table, so tests never see each other's items."""
    store = DynamoDbStore(f"progress-{uuid.uuid4().hex[:12]}", endpoint_url=dynamodb_endpoint)
    store.create_table()
    return store


@pytest.fixture
def sqlite_store(tmp_path: Path) -> Iterator[SqliteStore]:
    """A SqliteStore in a not-yet-existing subdirectory (so directory creation is exercised too)."""
    store = SqliteStore(tmp_path / "data" / "progress.sqlite3")
    try:
        yield store
    finally:
        store.close()


@pytest.fixture(params=["memory", "sqlite", "dynamodb"])
def store(request: pytest.FixtureRequest) -> ProgressStore:
    """Each store in turn; the DynamoDB server only starts when its case runs."""
    if request.param == "memory":
        return MemoryStore()
    result: ProgressStore = request.getfixturevalue(f"{request.param}_store")
    return result


def say(device: Device, words: str) -> Reply:
    """What ``device`` answers to ``words``; the answer must reach the skill and pass Alexa's limits."""
    reply = device.say(words)
    assert reply is not None, words
    assert ssml.check_response(reply.raw) == [], reply.raw
    return reply


def seed(store: ProgressStore, user_id: str, record: dict[str, Any]) -> None:
    """Store a user's record before a test talks. On a busy machine a DynamoDB put can time out
    after it landed; its retry then meets its own condition (RevisionConflict): what is there is
    checked instead, so the seed never flakes and never hides a wrong record."""
    try:
        store.save(user_id, record)
    except RevisionConflict:
        found = store.load(user_id) or {}
        assert {key: value for key, value in found.items() if key != REVISION} == record


# --------------------------------------------------------------------------------------------------
# Simulated Echos
# --------------------------------------------------------------------------------------------------

LISTENING_START = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)


@pytest.fixture(scope="session")
def interaction_model() -> InteractionModel:
    return load_model()


@pytest.fixture(scope="session")
def locale_model() -> Callable[[str], InteractionModel]:
    """Each locale's model, read and compiled once per test session (a model of 700 samples takes a
    second or two to compile; resolving through it is pure)."""
    return functools.cache(lambda locale: load_model(locale=locale))


@pytest.fixture
def listening_device(interaction_model: InteractionModel) -> Callable[..., Device]:
    """Simulated Echos on a store whose request timestamps move as a listening user's do
    (``ListeningClock``): each reply heard to its end, unless a test says the user talked over it."""

    def make(store: ProgressStore, user_id: str, when: datetime = LISTENING_START, **options: Any) -> Device:
        handler = lambda_handler_for(store)
        return Device(
            handler, user_id=user_id, model=interaction_model, clock=ListeningClock(when), **options
        )

    return make


# --------------------------------------------------------------------------------------------------
# Alexa's APIs (settings, reminders)
# --------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def alexa_api_server() -> Iterator[FakeAlexaApi]:
    server = FakeAlexaApi()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def alexa_api(alexa_api_server: FakeAlexaApi, monkeypatch: pytest.MonkeyPatch) -> FakeAlexaApi:
    """Every envelope a test builds names the local fake as its apiEndpoint; a fresh user each test.

    The skill never reaches the internet from a test, and a test that wants the API to fail, hang,
    or answer another time zone says so on this fixture.
    """
    alexa_api_server.reset()
    monkeypatch.setattr(envelopes, "API_ENDPOINT", alexa_api_server.url)
    return alexa_api_server


# --------------------------------------------------------------------------------------------------
# Web
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def serve_wsgi() -> Iterator[Callable[[Any], str]]:
    """Serve WSGI apps over real HTTP on 127.0.0.1:<free port>; returns each one's base URL.

    Every server started by a test is shut down and closed afterwards, even if the test failed.
    """
    from werkzeug.serving import make_server

    servers: list[Any] = []
    threads: list[threading.Thread] = []

    def serve(app: Any) -> str:
        server = make_server("127.0.0.1", 0, app, threaded=True)
        # A short poll interval keeps shutdown() (which waits for the next poll) from costing 0.5 s a test.
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        thread.start()
        servers.append(server)
        threads.append(thread)
        return f"http://127.0.0.1:{server.server_port}"

    try:
        yield serve
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=5)


# --------------------------------------------------------------------------------------------------
# Echo Show screens in a real browser (tests/test_screens_browser.py)
# --------------------------------------------------------------------------------------------------

BROWSER_TESTS = "test_screens_browser.py"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say loudly, at the very end, when the browser tests did not run (no Chromium here).

    ``-ra`` lists skips among many lines; a machine without Chromium must not look fully tested.
    With ``CI=true`` those tests fail instead (their fixture says why), so CI never passes without them.
    """
    skipped = [
        report for report in terminalreporter.stats.get("skipped", []) if BROWSER_TESTS in report.nodeid
    ]
    if skipped:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(
            f"{len(skipped)} Echo Show screen renders did not run: Chromium, Playwright or tools/apl is "
            "missing (apt-get install -y chromium fonts-liberation; make test installs the rest). "
            "CI fails here instead of skipping.",
            red=True,
            bold=True,
        )
