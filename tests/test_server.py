"""``foot-routine serve`` on waitress: slow clients are cut off, idle ones cost no thread (issue #12: 7).

Each test starts the real command in its own process on 127.0.0.1 (port 0, read back from its
banner) and talks to it over real sockets. Before: Werkzeug's development server kept a half-sent
request open for more than 90 s, and 2,000 idle connections made 2,001 threads.

The deadlines are shortened here (``--request-timeout 3 --idle-timeout 3``) so the suite does not
wait 30 s; the defaults are checked separately. No test asserts speed: "answered" means answered at
all, within bounds generous enough for a loaded 2-core machine; benchmarks/slow_clients.py measures.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from devtools.envelopes import launch_request
from webhost.server import ServerLimits
from webhost.web import MAX_BODY_BYTES

IDLE_CONNECTIONS = 500
SHORT_TIMEOUT_S = 3
GENEROUS_S = 60.0


@dataclass
class Served:
    host: str
    port: int
    process: subprocess.Popen[str]

    def threads(self) -> int:
        """The server process's thread count, from /proc (Linux)."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        match = re.search(r"^Threads:\s+(\d+)", status, re.MULTILINE)
        assert match is not None
        return int(match.group(1))

    def post(self, body: bytes, timeout: float = GENEROUS_S) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            conn.request("POST", "/", body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            return response.status, response.read()
        finally:
            conn.close()


def start_serve(*extra: str) -> Served:
    env = {name: value for name, value in os.environ.items() if name != "SKILL_ID"}
    env.update(SKILL_STORE="memory", LOG_LEVEL="WARNING")
    process = subprocess.Popen(
        [sys.executable, "-m", "devtools.cli", "serve", "--port", "0", "--no-verify-signature", *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    stderr = process.stderr
    found: list[int] = []

    def read_banner() -> None:
        for line in stderr:
            match = re.search(r"listening on http://127\.0\.0\.1:(\d+)/", line)
            if match:
                found.append(int(match.group(1)))
                break
        for _ in stderr:  # keep draining, so the server never blocks on a full pipe
            pass

    threading.Thread(target=read_banner, daemon=True).start()
    deadline = time.monotonic() + GENEROUS_S
    while not found and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    if not found:
        process.kill()
        pytest.fail("foot-routine serve did not start")
    return Served("127.0.0.1", found[0], process)


def stop(served: Served) -> None:
    served.process.terminate()
    try:
        served.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        served.process.kill()
        served.process.wait()


@pytest.fixture
def served() -> Iterator[Served]:
    server = start_serve("--request-timeout", str(SHORT_TIMEOUT_S), "--idle-timeout", str(SHORT_TIMEOUT_S))
    try:
        yield server
    finally:
        stop(server)


def closed_by_server(sock: socket.socket, trickle: bytes | None, within_s: float) -> float:
    """Seconds until the server closes ``sock``, sending ``trickle`` a byte at a time meanwhile."""
    started = time.monotonic()
    sock.settimeout(0.5)
    position = 0
    while time.monotonic() - started < within_s:
        try:
            if trickle is not None and position < len(trickle):
                sock.sendall(trickle[position : position + 1])
                position += 1
            data = sock.recv(4096)
        except TimeoutError:
            continue
        except OSError:  # reset or broken pipe: closed
            return time.monotonic() - started
        if data == b"" or data.startswith(b"HTTP/1.1 4") or data.startswith(b"HTTP/1.1 5"):
            return time.monotonic() - started
    pytest.fail(f"the server kept the connection open for {within_s:.0f} s")


def test_a_trickling_client_is_cut_off_at_the_request_deadline(served: Served) -> None:
    """Never idle (a byte every half second), yet never a whole request: cut off at the deadline."""
    endless = b"POST / HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 10_000
    with socket.create_connection((served.host, served.port)) as sock:
        took = closed_by_server(sock, endless, within_s=GENEROUS_S)
    print(f"trickling client cut off after {took:.1f} s (deadline {SHORT_TIMEOUT_S} s)")
    assert took >= SHORT_TIMEOUT_S - 0.5, "not before its deadline"


def test_a_half_sent_body_is_cut_off(served: Served) -> None:
    with socket.create_connection((served.host, served.port)) as sock:
        sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{")
        took = closed_by_server(sock, None, within_s=GENEROUS_S)
    print(f"half-sent body cut off after {took:.1f} s")


def test_a_silent_connection_is_closed_when_idle(served: Served) -> None:
    with socket.create_connection((served.host, served.port)) as sock:
        took = closed_by_server(sock, None, within_s=GENEROUS_S)
    print(f"silent connection closed after {took:.1f} s")


def test_500_idle_and_half_open_connections_do_not_stop_a_real_request(served: Served) -> None:
    held: list[socket.socket] = []
    try:
        for index in range(IDLE_CONNECTIONS):
            sock = socket.create_connection((served.host, served.port), timeout=GENEROUS_S)
            if index % 2:
                sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{")  # half-open
            held.append(sock)
        threads = served.threads()
        started = time.monotonic()
        status, body = served.post(json.dumps(launch_request()).encode())
        took = time.monotonic() - started
    finally:
        for sock in held:
            sock.close()
    print(f"with {IDLE_CONNECTIONS} connections held: answered in {took * 1000:.0f} ms; {threads} threads")
    assert status == 200 and "response" in json.loads(body)
    assert took < GENEROUS_S
    assert threads < 40, f"{threads} threads for {IDLE_CONNECTIONS} connections: not one per connection"


def test_bodies_over_the_limit_are_refused(served: Served) -> None:
    status, body = served.post(b" " * (MAX_BODY_BYTES + 10))
    assert (status == 413 and json.loads(body) == {"error": "Request Entity Too Large"}) or status == 413
    status, _ = served.post(b" " * (ServerLimits().max_body_bytes + 10))
    assert status == 413


def test_the_production_defaults_are_the_promised_ones() -> None:
    limits = ServerLimits()
    assert limits.request_timeout_s == 30
    assert limits.idle_timeout_s == 30
    assert limits.connection_limit >= 2 * IDLE_CONNECTIONS
    assert limits.max_body_bytes >= MAX_BODY_BYTES
    help_text = subprocess.run(
        [sys.executable, "-m", "devtools.cli", "serve", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert "default: 30" in help_text
    assert f"default: {limits.connection_limit}" in help_text, "the command's default is the same"


def test_a_client_sending_empty_lines_forever_is_cut_off_at_the_request_deadline(served: Served) -> None:
    """Issue #20, 5: "\\r\\n\\r\\n" parses as an empty request, so waitress started over each time and the
    connection was never idle nor "half-sent": it stayed past 61 s. A connection that has not
    completed a request within the deadline is cut, whatever it sends."""
    empty_lines = b"\r\n\r\n" * 10_000
    with socket.create_connection((served.host, served.port)) as sock:
        took = closed_by_server(sock, empty_lines, within_s=GENEROUS_S)
    print(f"empty-line client cut off after {took:.1f} s (deadline {SHORT_TIMEOUT_S} s)")
    assert took >= SHORT_TIMEOUT_S - 0.5, "not before its deadline"


def test_a_keep_alive_connection_gets_a_new_deadline_after_each_answer(served: Served) -> None:
    """The deadline runs from the last answer, so a client sending real requests is never cut."""
    body = json.dumps(launch_request()).encode()
    conn = http.client.HTTPConnection(served.host, served.port, timeout=GENEROUS_S)
    try:
        for _ in range(3):
            conn.request("POST", "/", body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            assert response.status == 200 and "response" in json.loads(response.read())
            time.sleep(SHORT_TIMEOUT_S / 3)  # each pause well inside the deadline; together past it
    finally:
        conn.close()
