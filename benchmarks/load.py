"""A bounded load test of the web service: N concurrent simulated Echos for S seconds, on loopback.

    python -m benchmarks.load                      # 50 clients, 30 s, DynamoDB (DynamoDB Local) behind it
    python -m benchmarks.load --clients 5 --seconds 3 --store memory

It starts everything it needs on 127.0.0.1 (Amazon's DynamoDB Local and ``foot-routine serve``,
each in its own process), drives the service with real Alexa request envelopes over HTTP, stops
both servers, and prints one line of figures. It never talks to anything but 127.0.0.1 and it
always stops: each client sends its last request when the time is up.

Each client is one user on one device doing what users do: open the skill, go through a few
segments, pause, come back later and resume. An *error* is anything a device would not play: an
HTTP status other than 200, a body that is not a valid Alexa response, an exception. The exit
status is 1 if there was any.
"""

from __future__ import annotations

import argparse
import http.client
import json
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from benchmarks.servers import dynamodb_server, skill_web_service
from devtools.envelopes import Device, JsonDict

ROUND = ("launch", "resume", "next", "next", "next", "repeat", "next", "pause")
"""One visit: open, resume (or hear the welcome), a few segments, a repeat, pause."""


@dataclass
class Client:
    """One simulated user's device, with its own figures (merged at the end, no lock needed)."""

    base_url: str
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def send(self, event: JsonDict, context: Any) -> JsonDict:
        parts = urlsplit(self.base_url)
        body = json.dumps(event).encode()
        started = time.perf_counter()
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
        try:
            conn.request("POST", "/", body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        self.latencies_ms.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {data[:200]!r}")
        answer: JsonDict = json.loads(data)
        return answer

    def run(self, until: float) -> None:
        # No apiEndpoint, as the local coach sends: otherwise every turn that needs the user's day
        # would call the real Alexa Settings API from this loopback-only test, and wait out its
        # DNS lookup and 2 s timeout (the 5.8 s tail this benchmark once measured).
        device = Device(self.send, user_id=f"amzn1.ask.account.load-{uuid.uuid4().hex}", api_endpoint=None)
        while time.monotonic() < until:
            for action in ROUND:
                if time.monotonic() >= until:
                    return
                try:
                    self.act(device, action)
                except Exception as error:  # every failure is a figure, not a crash
                    self.errors.append(f"{action}: {type(error).__name__}: {error}")

    @staticmethod
    def act(device: Device, action: str) -> None:
        if action == "launch":
            device.launch()
        elif not device.session_open:
            return  # the previous step ended the session (finished): nothing to say until launch
        elif action == "resume":
            device.intent("AMAZON.ResumeIntent")
        elif action == "pause":
            device.intent("AMAZON.PauseIntent")
        else:
            device.intent("AMAZON.NextIntent" if action == "next" else "AMAZON.RepeatIntent")


@dataclass(frozen=True)
class Result:
    clients: int
    seconds: float
    store: str
    requests: int
    errors: list[str]
    p50_ms: float
    p99_ms: float
    max_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (
            f"{self.clients} clients x {self.seconds:.0f} s ({self.store}): {self.requests} requests "
            f"({self.per_second:.0f}/s), {len(self.errors)} errors, p50 {self.p50_ms:.1f} ms, "
            f"p99 {self.p99_ms:.1f} ms, max {self.max_ms:.1f} ms"
        )


@contextmanager
def service(store: str) -> Iterator[str]:
    """The web service with its store, both started here and stopped on the way out."""
    with ExitStack() as stack:
        if store == "dynamodb":
            from skill.storage import DynamoDbStore  # noqa: PLC0415  # only this store needs boto3

            endpoint = stack.enter_context(dynamodb_server())
            table = "load-progress"
            DynamoDbStore(table, endpoint_url=endpoint).create_table()
            env = {"SKILL_STORE": "dynamodb", "SKILL_TABLE": table, "DYNAMODB_ENDPOINT": endpoint}
        else:
            env = {"SKILL_STORE": "memory"}
        yield stack.enter_context(skill_web_service(env))


def run(clients: int, seconds: float, store: str) -> Result:
    """Drive the service and measure; the servers are stopped before this returns."""
    with service(store) as base_url:
        workers = [Client(base_url) for _ in range(clients)]
        until = time.monotonic() + seconds
        started = time.monotonic()
        threads = [threading.Thread(target=worker.run, args=(until,), daemon=True) for worker in workers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=seconds + 30)
        elapsed = time.monotonic() - started
    latencies = sorted(ms for worker in workers for ms in worker.latencies_ms)
    errors = [error for worker in workers for error in worker.errors]
    if any(thread.is_alive() for thread in threads):
        errors.append("a client was still waiting for an answer 30 s after the end")
    cuts = statistics.quantiles(latencies, n=100) if len(latencies) >= 2 else [0.0] * 99
    return Result(
        clients=clients,
        seconds=elapsed,
        store=store,
        requests=len(latencies),
        errors=errors,
        p50_ms=cuts[49],
        p99_ms=cuts[98],
        max_ms=latencies[-1] if latencies else 0.0,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50, help="concurrent simulated devices (50)")
    parser.add_argument("--seconds", type=float, default=30.0, help="how long to keep sending (30)")
    parser.add_argument("--store", choices=["dynamodb", "memory"], default="dynamodb")
    args = parser.parse_args(argv)
    if not (1 <= args.clients <= 500 and 0 < args.seconds <= 600):
        parser.error("--clients must be 1..500 and --seconds 0..600: this is a bounded test")
    result = run(args.clients, args.seconds, args.store)
    print(result.line())
    for error in result.errors[:10]:
        print(f"  error: {error}", file=sys.stderr)
    return 1 if result.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
