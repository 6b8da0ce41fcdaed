"""Warm turns, run as their own process on the target Python with a skill laid out as on Lambda.

    python -I -S benchmarks/warm.py {ours|baseline} ENDPOINT CALLS PATH [PATH ...]

The PATHs go first on ``sys.path`` (the skill's code, then the runtime's packages:
benchmarks/layouts.py), then this repository for the envelopes of devtools/ (standard library
only). Prints one JSON line (:class:`Warm`): the time of every call per turn type, and the DynamoDB
requests counted with botocore's ``before-call`` event hook on the skill's own client.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


class Timed:
    """A Lambda-style handler wrapper that records how long each call took, per label."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.label: str | None = None
        self.times: dict[str, list[float]] = {}

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        started = time.perf_counter()
        reply = self.handler(event, context)
        if self.label is not None:
            self.times.setdefault(self.label, []).append((time.perf_counter() - started) * 1000)
        return reply

    @contextmanager
    def timing(self, label: str) -> Iterator[None]:
        self.label = label
        try:
            yield
        finally:
            self.label = None


class RequestCounter:
    """DynamoDB API calls, counted by operation through botocore's ``before-call`` event hook."""

    def __init__(self, client: Any) -> None:
        self.calls: Counter[str] = Counter()
        client.meta.events.register("before-call.dynamodb", self._count)

    def _count(self, event_name: str, **_: Any) -> None:
        self.calls[event_name.rsplit(".", 1)[-1]] += 1

    @contextmanager
    def counting(self) -> Iterator[Counter[str]]:
        before = Counter(self.calls)
        seen: Counter[str] = Counter()
        try:
            yield seen
        finally:
            seen.update(self.calls - before)


@dataclass(frozen=True)
class Warm:
    times_ms: dict[str, list[float]]
    reads_per_session: float
    writes_per_turn: dict[str, float]
    requests_per_turn: dict[str, float]


def our_skill(endpoint: str) -> tuple[Handler, Any]:
    from skill.app import lambda_handler_for  # noqa: PLC0415
    from skill.storage import DynamoDbStore  # noqa: PLC0415

    store = DynamoDbStore(os.environ["SKILL_TABLE"], endpoint_url=endpoint)
    return lambda_handler_for(store), store.client


def baseline_skill() -> tuple[Handler, Any]:
    # The baseline reads its table and endpoint from the environment at import, as samples do.
    import lambda_function  # type: ignore[import-not-found]  # noqa: PLC0415

    return lambda_function.lambda_handler, lambda_function.dynamodb.meta.client


def warm_ours(handler: Handler, client: Any, calls: int) -> Warm:
    """Launch (new users), then Next / Repeat / Help within sessions, ``calls`` of each."""
    from datetime import UTC, datetime  # noqa: PLC0415

    from devtools.envelopes import Device, ListeningClock  # noqa: PLC0415

    timed, counter = Timed(handler), RequestCounter(client)
    requests: dict[str, Counter[str]] = {}
    for _ in range(calls):
        with timed.timing("Launch"), counter.counting() as seen:
            Device(timed, user_id=f"amzn1.ask.account.bench-{uuid.uuid4().hex}").launch()
        requests.setdefault("Launch", Counter()).update(seen)
    # A user who listens: each part heard to its end before the next request (as on a device), so
    # Repeat and Help come after a finished part, as they mostly do.
    device = Device(
        timed, user_id=f"amzn1.ask.account.bench-{uuid.uuid4().hex}", clock=ListeningClock(datetime.now(UTC))
    )
    device.launch()
    for label, intent in (
        ("Next", "AMAZON.NextIntent"),
        ("Repeat", "AMAZON.RepeatIntent"),
        ("Help", "AMAZON.HelpIntent"),
    ):
        for _ in range(calls):
            if not device.session_open:
                device.intent("StartRoutineIntent")  # finished: start again, untimed
            with timed.timing(label), counter.counting() as seen:
                device.intent(intent)
            requests.setdefault(label, Counter()).update(seen)
    # One whole session, counted: how often it reads.
    with counter.counting() as one_session:
        fresh = Device(handler, user_id=f"amzn1.ask.account.bench-{uuid.uuid4().hex}")
        fresh.launch()
        for intent in ("AMAZON.NextIntent", "AMAZON.NextIntent", "AMAZON.RepeatIntent", "AMAZON.HelpIntent"):
            fresh.intent(intent)
        fresh.intent("AMAZON.PauseIntent")
    return Warm(
        times_ms=timed.times,
        reads_per_session=one_session["GetItem"],
        writes_per_turn={label: seen["PutItem"] / calls for label, seen in requests.items()},
        requests_per_turn={label: sum(seen.values()) / calls for label, seen in requests.items()},
    )


def warm_baseline(handler: Handler, client: Any, calls: int) -> Warm:
    from devtools.envelopes import Device  # noqa: PLC0415

    timed, counter = Timed(handler), RequestCounter(client)
    requests: dict[str, Counter[str]] = {"Launch": Counter(), "Help": Counter()}
    for _ in range(calls):
        device = Device(timed, user_id=f"amzn1.ask.account.bench-{uuid.uuid4().hex}")
        with timed.timing("Launch"), counter.counting() as seen:
            device.launch()
        requests["Launch"].update(seen)
        with timed.timing("Help"), counter.counting() as seen:
            device.intent("AMAZON.HelpIntent")
        requests["Help"].update(seen)
    return Warm(
        times_ms=timed.times,
        reads_per_session=requests["Launch"]["GetItem"] / calls,
        writes_per_turn={label: seen["PutItem"] / calls for label, seen in requests.items()},
        requests_per_turn={label: sum(seen.values()) / calls for label, seen in requests.items()},
    )


def main() -> None:
    which, endpoint, calls, *paths = sys.argv[1:]
    sys.path[:0] = [*paths, str(ROOT)]
    if which == "ours":
        warm = warm_ours(*our_skill(endpoint), int(calls))
    else:
        warm = warm_baseline(*baseline_skill(), int(calls))
    print(json.dumps(asdict(warm)))


if __name__ == "__main__":
    main()
