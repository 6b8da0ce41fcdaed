"""DynamoDB going away mid-session and coming back: the user keeps being coached, nothing is lost."""

from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from devtools.dynamodb_local import DynamoDbLocal
from devtools.envelopes import Device, Reply
from skill.app import lambda_handler_for
from skill.storage.dynamodb import MAX_ATTEMPTS, DynamoDbStore
from skill.words import for_locale

EN = for_locale("en-US")
"""The coach's English words: what the tests expect to hear."""

USER = "amzn1.ask.account.faulty"


class RestartableServer:
    """A DynamoDB Local of its own, on one fixed port, which a test can stop and start again.

    Stopping kills the server (connections are refused, as in an outage); its database lives in a
    file of a temporary folder, so a restarted server still has the data, like a DynamoDB that came
    back. One per module (a JVM start is a second or two); every test starts it if a test before
    left it stopped.
    """

    def __init__(self, folder: Path) -> None:
        self.local = DynamoDbLocal(db_path=folder)
        self.local.start()

    @property
    def url(self) -> str:
        return self.local.endpoint

    def stop(self) -> None:
        self.local.stop()

    def start(self) -> None:
        self.local.start()


@pytest.fixture(scope="module")
def restartable(fake_aws_env: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RestartableServer]:
    running = RestartableServer(tmp_path_factory.mktemp("dynamodb-local"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def server(restartable: RestartableServer) -> RestartableServer:
    restartable.start()  # a no-op unless a failed test left it stopped
    return restartable


def test_an_outage_mid_session_keeps_coaching_warns_once_and_saves_when_back(
    server: RestartableServer,
) -> None:
    store = DynamoDbStore(f"faults-{uuid.uuid4().hex[:8]}", endpoint_url=server.url)
    store.create_table()
    device = Device(lambda_handler_for(store), user_id=USER)
    device.launch()
    assert store.load(USER)["position"]["set"] == 0  # type: ignore[index]

    server.stop()
    during = device.intent("AMAZON.NextIntent")
    assert during.text.startswith(EN("STORAGE_WARNING"))
    assert "Set one of two, right leg." in during.text, "the right segment, from the session"
    assert not during.ends_session
    again = device.intent("AMAZON.NextIntent")
    assert again.text.startswith("Set one of two, left leg."), "told once only"

    server.start()
    device.intent("AMAZON.PauseIntent")
    saved = store.load(USER)
    assert saved is not None
    assert (saved["position"]["set"], saved["position"]["side"]) == (1, "left"), "the next save succeeds"
    resumed = Device(lambda_handler_for(store), user_id=USER).launch()
    assert "Let's carry on with heel raises: set one, left leg." in resumed.text


def test_an_outage_at_launch_never_overwrites_saved_progress_with_nothing(server: RestartableServer) -> None:
    store = DynamoDbStore(f"faults-{uuid.uuid4().hex[:8]}", endpoint_url=server.url)
    store.create_table()
    position = {"v": 1, "scope": "routine", "exercise": "ankle_circles", "set": 3, "side": "left"}
    store.save(USER, {"position": position, "pace": 125, "welcomed": True})

    server.stop()
    device = Device(lambda_handler_for(store), user_id=USER)
    reply = device.launch()
    assert reply.text.startswith(EN("STORAGE_WARNING"))
    assert "Heel raises." in reply.text, "coached from the top, from the session"
    server.start()
    assert device.intent("AMAZON.NextIntent").text.startswith("Set one of two, right leg.")
    device.intent("AMAZON.PauseIntent")
    stored = {"position": position, "pace": 125, "welcomed": True, "revision": 1}
    assert store.load(USER) == stored, "nothing lost, not even rewritten: the furthest position is kept"
    later = Device(lambda_handler_for(store), user_id=USER).launch()
    assert "Let's carry on with ankle circles: set three, left foot." in later.text


def test_an_outage_at_launch_for_a_new_user_saves_once_storage_is_back(server: RestartableServer) -> None:
    store = DynamoDbStore(f"faults-{uuid.uuid4().hex[:8]}", endpoint_url=server.url)
    store.create_table()
    server.stop()
    device = Device(lambda_handler_for(store), user_id=USER)
    device.launch()
    server.start()
    device.intent("AMAZON.NextIntent")
    saved = store.load(USER)
    assert saved is not None and saved["position"]["side"] == "right"


class FaultyProxy:
    """An HTTP proxy in front of the DynamoDB server that can slow down or throttle every answer.

    ``delay_s`` holds each request that long before forwarding it (a slow or overloaded table);
    ``throttle`` answers every request with DynamoDB's own throttling error, as a table over its
    capacity does. Both off: a plain pass-through.
    """

    def __init__(self, upstream: str) -> None:
        parts = urlsplit(upstream)
        assert parts.hostname is not None
        self.upstream_host, self.upstream_port = parts.hostname, parts.port
        self.delay_s = 0.0
        self.throttle = False
        self.requests = 0
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the http.server naming
                proxy.requests += 1
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if proxy.throttle:
                    self.answer(400, THROTTLED, "application/x-amz-json-1.0")
                    return
                time.sleep(proxy.delay_s)
                conn = http.client.HTTPConnection(proxy.upstream_host, proxy.upstream_port, timeout=10)
                try:
                    headers = {key: value for key, value in self.headers.items() if key.lower() != "host"}
                    conn.request("POST", self.path, body=body, headers=headers)
                    upstream = conn.getresponse()
                    self.answer(upstream.status, upstream.read(), upstream.getheader("Content-Type", ""))
                except OSError:  # the server behind went away (test teardown): a gateway error
                    self.answer(502, b"", "text/plain")
                finally:
                    conn.close()

            def answer(self, status: int, body: bytes, content_type: str) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", content_type)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting: that is the point of the delay

            def log_message(self, format: str, *args: Any) -> None:  # stdlib signature
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


THROTTLED = json.dumps(
    {
        "__type": "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
        "message": "The level of configured provisioned throughput for the table was exceeded.",
    }
).encode()
ALEXA_DEADLINE_S = 8.0


@pytest.fixture
def proxy(server: RestartableServer) -> Iterator[FaultyProxy]:
    running = FaultyProxy(server.url)
    try:
        yield running
    finally:
        running.close()


def timed(call: Callable[[], Reply]) -> tuple[Reply, float]:
    started = time.monotonic()
    reply = call()
    return reply, time.monotonic() - started


@pytest.mark.parametrize("fault", ["slow", "throttled"])
def test_a_slow_or_throttled_table_still_answers_in_time_and_saves_when_it_recovers(
    server: RestartableServer, proxy: FaultyProxy, fault: str
) -> None:
    store = DynamoDbStore(f"faults-{uuid.uuid4().hex[:8]}", endpoint_url=proxy.url)
    store.create_table()
    device = Device(lambda_handler_for(store), user_id=USER)
    device.launch()  # healthy: getting ready for heel raises, saved

    if fault == "slow":
        proxy.delay_s = 3.0  # longer than the client's read timeout: every call times out
    else:
        proxy.throttle = True
    before = proxy.requests
    reply, took = timed(lambda: device.intent("AMAZON.NextIntent"))
    assert reply.text.startswith(EN("STORAGE_WARNING"))
    assert "Set one of two, right leg." in reply.text, "the right segment, from the session"
    print(f"a turn against a {fault} table: {took:.2f} s")
    assert took < ALEXA_DEADLINE_S, f"a turn against a {fault} table took {took:.1f} s"
    assert proxy.requests - before == MAX_ATTEMPTS, "one save, retried once, then the turn goes on"

    reply, took = timed(lambda: device.intent("AMAZON.NextIntent"))
    assert reply.text.startswith("Set one of two, left leg."), "warned once only"
    assert took < ALEXA_DEADLINE_S

    proxy.delay_s, proxy.throttle = 0.0, False
    device.intent("AMAZON.PauseIntent")
    saved = DynamoDbStore(store.table_name, endpoint_url=server.url).load(USER)
    assert saved is not None
    assert (saved["position"]["set"], saved["position"]["side"]) == (1, "left"), "saved once it recovered"


def test_a_slow_table_at_launch_answers_in_time(server: RestartableServer, proxy: FaultyProxy) -> None:
    store = DynamoDbStore(f"faults-{uuid.uuid4().hex[:8]}", endpoint_url=proxy.url)
    store.create_table()
    proxy.delay_s = 3.0
    reply, took = timed(lambda: Device(lambda_handler_for(store), user_id=USER).launch())
    assert reply.text.startswith(EN("STORAGE_WARNING"))
    assert "Heel raises." in reply.text
    assert took < ALEXA_DEADLINE_S, f"launch against a slow table took {took:.1f} s"
