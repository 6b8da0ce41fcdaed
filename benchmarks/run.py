"""The benchmark suite: our skill against hello-world baselines, measured in the same run.

    python -m benchmarks.run              # everything (about three minutes), prints one table
    python -m benchmarks.run --quick      # fewer runs: checks the suite works, figures are rough

It starts Amazon's DynamoDB Local on 127.0.0.1 (its own process), creates one table per skill, and
stops the server at the end. Every skill is run the same way: a fresh process, the same envelope,
the same store server. Nothing here asserts a time; targets are reported as met or missed, by how
much, in the last column. docs/performance.md explains the figures.

The contenders for cold starts, run in interleaved rounds (each round runs each once):

- ours: the function's code laid out as ``foot-routine package`` ships it (``skill`` with its cut
  of botocore's data, skill/storage/botocore_data.py), its dependencies from this environment;
- ours from the checkout: the same code with botocore's full data (what the cut saves);
- the Python baseline (``benchmarks/baseline/``): hello world with a launch counter on the ASK SDK's
  DynamoDB adapter;
- the Node.js skill (``benchmarks/node_baseline/``): hello world with a launch counter on npm's
  ask-sdk-core and @aws-sdk/client-dynamodb, what most Alexa developers would write instead.
  ``make bench`` installs it (npm ci); without it (or without node) its rows say why they are empty.

What is measured:

- cold start: a fresh process loads the skill and answers a LaunchRequest for a new user (one
  read and one write): wall time of the whole process; the median of ``--cold-runs`` rounds, and the
  median, min and max of the per-round ratios (a pair shares the machine's weather);
- imports: ``python -X importtime`` of a whole cold Launch (import and first turn), by top-level
  package, ours and the Python baseline's;
- warm turns: p50 / p99 of ``--warm-calls`` in-process calls each of Launch (a new user), Next,
  Repeat and Help;
- DynamoDB requests, counted with botocore's ``before-call`` event hook on the client: reads per
  session, writes per turn type;
- peak RSS of the cold-start processes (VmHWM); the size of ``dist/lambda.zip`` as ``foot-routine
  package`` builds it (without boto3, which the Lambda runtime provides).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.servers import dynamodb_server

ROOT = Path(__file__).resolve().parent.parent
OURS_DIR = ROOT / "lambda"
BASELINE_DIR = ROOT / "benchmarks" / "baseline"
NODE_DIR = ROOT / "benchmarks" / "node_baseline"
COLD_CHILD = ROOT / "benchmarks" / "coldstart.py"
NODE_COLD_CHILD = NODE_DIR / "coldstart.js"
OURS_TABLE = "bench-progress"
BASELINE_TABLE = "bench-baseline-launches"
NODE_TABLE = "bench-node-launches"
MIB = 1024 * 1024
COLD_TARGET = 0.85
"""Our cold start at most this fraction of the Python baseline's (issue #16)."""

OURS, CHECKOUT, BASELINE, NODE = "ours", "ours, checkout", "baseline", "node"
"""The cold-start contenders: our skill laid out as the zip ships it (with its cut of botocore's
data), our skill from the checkout (botocore's full data: what the cut saves), the Python
hello-world baseline, and the Node.js hello-world skill."""

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


# ---- measuring ----------------------------------------------------------------------------------


def local_aws_env(endpoint: str, table: str) -> dict[str, str]:
    """What both skills read: the table, the local endpoint, dummy credentials, a region."""
    return {
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "SKILL_STORE": "dynamodb",
        "SKILL_TABLE": table,
        "DYNAMODB_ENDPOINT": endpoint,
        "LOG_LEVEL": "WARNING",
    }


def launch_event() -> dict[str, Any]:
    """A LaunchRequest from a user never seen before (so each skill reads, then writes)."""
    from devtools.envelopes import Caller, launch_request  # noqa: PLC0415

    return launch_request(caller=Caller(user_id=f"amzn1.ask.account.bench-{uuid.uuid4().hex}"))


@dataclass(frozen=True)
class Cold:
    wall_ms: float
    import_ms: float
    first_turn_ms: float
    peak_rss_mib: float
    trimmed_botocore_data: bool | None = None
    """Whether our skill's client came from the zip's cut of botocore's data (None: another skill)."""


def python_command(module_dir: Path) -> list[str]:
    """A fresh Python that imports ``module_dir``'s lambda_function and answers the event file."""
    return [sys.executable, str(COLD_CHILD), str(module_dir)]


def node_command() -> list[str]:
    return ["node", str(NODE_COLD_CHILD)]


def node_missing() -> str | None:
    """Why the Node.js skill cannot run here, or None when it can (``make bench`` installs it)."""
    if shutil.which("node") is None:
        return "skipped: no node on the PATH"
    if not (NODE_DIR / "node_modules" / "ask-sdk-core").is_dir():
        return "skipped: benchmarks/node_baseline not installed (`make bench` runs npm ci there)"
    return None


def cold_start(command: list[str], env: Mapping[str, str], extra: list[str] | None = None) -> Cold:
    """One fresh process: load the skill, answer one LaunchRequest for a new user."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(launch_event(), file)
    try:
        started = time.perf_counter()
        done = subprocess.run(
            [*command, file.name, *(extra or [])],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        wall_ms = (time.perf_counter() - started) * 1000
    finally:
        Path(file.name).unlink()
    if done.returncode != 0:
        raise RuntimeError(f"cold start of {command} failed:\n{done.stderr[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    if not figures["spoke"]:
        raise RuntimeError(f"cold start of {command} answered without speech")
    return Cold(
        wall_ms,
        figures["import_ms"],
        figures["first_turn_ms"],
        figures["peak_rss_kib"] / 1024,
        figures.get("trimmed_botocore_data"),
    )


def cold_starts(
    runs: int, commands: Mapping[str, list[str]], envs: Mapping[str, Mapping[str, str]]
) -> dict[str, list[Cold]]:
    """``runs`` cold starts of each contender, interleaved so all see the same machine weather.

    Each round runs every contender once, in an order that rotates from round to round (no one
    always goes first, right after the previous round's last), after one untimed warm-up each
    (bytecode written, files in the page cache, as on any but the very first run of a machine).
    """
    names = list(commands)
    for name in names:
        cold_start(commands[name], envs[name])
    results: dict[str, list[Cold]] = {name: [] for name in names}
    for round_ in range(runs):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(cold_start(commands[name], envs[name]))
    return results


def import_times(command: list[str], env: Mapping[str, str], top: int = 8) -> list[tuple[str, float]]:
    """``-X importtime`` of a cold Launch (the import and the first turn): self ms by top-level package.

    Self times add up to the whole without counting a nested module twice; the largest packages
    come first, then the total. Everything a cold turn imports is counted, botocore included.
    """
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(launch_event(), file)
    try:
        done = subprocess.run(
            [command[0], "-X", "importtime", *command[1:], file.name],
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    finally:
        Path(file.name).unlink()
    by_package: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or line.count("|") != 2:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        if own.strip().isdigit():  # not the header line
            package = name.strip().split(".")[0]
            by_package[package] = by_package.get(package, 0.0) + int(own) / 1000
    largest = sorted(by_package.items(), key=lambda item: item[1], reverse=True)[:top]
    return [*largest, ("(all)", sum(by_package.values()))]


@contextmanager
def shipped_layout() -> Iterator[Path]:
    """Our function's code as the zip lays it out (with its botocore data cut), in a temporary folder.

    Its dependencies come from this environment, which the zip is pinned to; the zip itself (built
    for Lambda's platform) is measured in :func:`shipped_zip`.
    """
    from devtools.package import write_function_code  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="bench-task-") as task:
        write_function_code(Path(task))
        yield Path(task)


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

    store = DynamoDbStore(OURS_TABLE, endpoint_url=endpoint)
    return lambda_handler_for(store), store.client


def baseline_skill(env: Mapping[str, str]) -> tuple[Handler, Any]:
    os.environ.update(env)  # the baseline reads its table and endpoint at import, as samples do
    from benchmarks.baseline import lambda_function  # noqa: PLC0415

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


@dataclass(frozen=True)
class Shipped:
    """The Lambda zip as ``foot-routine package`` builds it, and how fast its import is on the target."""

    size_mb: float | None
    note: str
    import_with_bytecode_ms: float | None = None
    import_from_source_ms: float | None = None


def shipped_zip(runs: int) -> Shipped:
    """Build the zip; with the target's Python, time importing it with its bytecode and without.

    Lambda unpacks the code read-only, so a zip without bytecode is compiled again on every cold
    start: the second figure is what that costs. Import only (SKILL_STORE=memory, no turn), median
    of ``runs``, each in a fresh ``-I -B`` interpreter.
    """
    import zipfile  # noqa: PLC0415

    from devtools.package import PackageError, build_lambda_zip  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as workspace:
        try:
            report = build_lambda_zip(Path(workspace) / "lambda.zip")
        except PackageError as error:
            return Shipped(None, f"not built: {error}")
        size = report.size_bytes / 1_000_000
        if not report.bytecode_python:
            return Shipped(size, "no bytecode (no target Python here)")
        task = Path(workspace) / "task"
        with zipfile.ZipFile(report.path) as archive:
            archive.extractall(task)
        code = (
            "import sys, time; sys.path.insert(0, sys.argv[1]); t = time.perf_counter(); "
            "import lambda_function; print((time.perf_counter() - t) * 1000)"
        )

        def median_import() -> float:
            times = []
            for _ in range(runs):
                done = subprocess.run(
                    [report.bytecode_python, "-I", "-B", "-c", code, str(task)],
                    capture_output=True,
                    text=True,
                    timeout=120,
                    check=True,
                )
                times.append(float(done.stdout.strip()))
            return statistics.median(times)

        with_bytecode = median_import()
        for cached in task.rglob("__pycache__"):
            shutil.rmtree(cached)
        return Shipped(size, f"bytecode by {report.bytecode_python}", with_bytecode, median_import())


# ---- reporting ----------------------------------------------------------------------------------


def percentile(values: list[float], cut: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[cut - 1]


@dataclass(frozen=True)
class Row:
    measure: str
    ours: str
    baseline: str
    ratio: str
    target: str


def verdict_ratio(ratio: float, limit: float) -> str:
    if ratio <= limit:
        return f"≤ {limit:g}x: met"
    return f"≤ {limit:g}x: missed by {ratio / limit - 1:.0%}"


def verdict_at_most(value: float, limit: float, unit: str) -> str:
    if value <= limit:
        return f"≤ {limit:g} {unit}: met"
    return f"≤ {limit:g} {unit}: missed by {value - limit:.2f} {unit}"


def cold_row(measure: str, ours: list[Cold], theirs: list[Cold], *, target: bool = True) -> Row:
    """Medians of both, and the median, min and max of the per-pair ratios (same round, same weather)."""
    ratios = [mine.wall_ms / other.wall_ms for mine, other in zip(ours, theirs, strict=True)]
    median = statistics.median(ratios)
    return Row(
        measure,
        f"{statistics.median(c.wall_ms for c in ours):.0f}",
        f"{statistics.median(c.wall_ms for c in theirs):.0f}",
        f"{median:.2f}x (min {min(ratios):.2f}x, max {max(ratios):.2f}x)",
        verdict_ratio(median, COLD_TARGET) if target else "",
    )


def table(
    cold: dict[str, list[Cold]],
    imports: dict[str, list[tuple[str, float]]],
    warm: dict[str, Warm],
    shipped: Shipped,
    node_skipped: str | None = None,
) -> list[Row]:
    rows: list[Row] = []
    runs = len(cold[OURS])
    rows.append(cold_row(f"cold start, median of {runs} interleaved pairs (ms)", cold[OURS], cold[BASELINE]))
    for part in ("import_ms", "first_turn_ms"):
        ours_part = statistics.median(getattr(c, part) for c in cold[OURS])
        base_part = statistics.median(getattr(c, part) for c in cold[BASELINE])
        label = "import" if part == "import_ms" else "first turn"
        rows.append(
            Row(
                f"  of which {label} (ms)",
                f"{ours_part:.0f}",
                f"{base_part:.0f}",
                f"{ours_part / base_part:.2f}x",
                "",
            )
        )
    label = f"cold start vs the Node.js skill, median of {runs} pairs (ms)"
    if NODE in cold:
        rows.append(cold_row(label, cold[OURS], cold[NODE], target=False))
        for part in ("import_ms", "first_turn_ms"):
            ours_part = statistics.median(getattr(c, part) for c in cold[OURS])
            node_part = statistics.median(getattr(c, part) for c in cold[NODE])
            what = "import (Node: require)" if part == "import_ms" else "first turn"
            rows.append(
                Row(
                    f"  of which {what}, vs Node.js (ms)",
                    f"{ours_part:.0f}",
                    f"{node_part:.0f}",
                    f"{ours_part / node_part:.2f}x",
                    "",
                )
            )
    else:
        rows.append(Row(label, "", node_skipped or "skipped", "", ""))
    rows.append(
        cold_row(
            f"cold start from a checkout (botocore's full data), median of {runs} (ms)",
            cold[CHECKOUT],
            cold[BASELINE],
            target=False,
        )
    )
    base_launch = warm["baseline"].times_ms["Launch"]
    base_p50, base_p99 = percentile(base_launch, 50), percentile(base_launch, 99)
    for label in ("Launch", "Next", "Repeat", "Help"):
        times = warm["ours"].times_ms[label]
        p50, p99 = percentile(times, 50), percentile(times, 99)
        base_times = warm["baseline"].times_ms.get(label)
        base_text = (
            f"{percentile(base_times, 50):.2f} / {percentile(base_times, 99):.2f}" if base_times else "n/a"
        )
        target = verdict_ratio(p50 / base_p50, 1.2) if label in ("Launch", "Next") else ""
        rows.append(
            Row(
                f"warm {label}, p50 / p99 of {len(times)} (ms)",
                f"{p50:.2f} / {p99:.2f}",
                base_text,
                f"{p50 / base_p50:.2f}x / {p99 / base_p99:.2f}x vs baseline Launch",
                target,
            )
        )
    ours, base = warm["ours"], warm["baseline"]
    rows.append(
        Row(
            "DynamoDB reads per session",
            f"{ours.reads_per_session:g}",
            f"{base.reads_per_session:g}",
            "",
            verdict_at_most(ours.reads_per_session, 1, "read"),
        )
    )
    for label in ("Launch", "Next", "Repeat", "Help"):
        writes = ours.writes_per_turn[label]
        requests = ours.requests_per_turn[label]
        base_requests = base.requests_per_turn.get(label)
        if label in ("Repeat", "Help"):
            target = verdict_at_most(requests, 0, "requests")
        else:
            target = verdict_at_most(writes, 1, "write")
        rows.append(
            Row(
                f"DynamoDB requests per {label} (writes)",
                f"{requests:g} ({writes:g})",
                f"{base_requests:g} ({base.writes_per_turn[label]:g})"
                if base_requests is not None
                else "n/a",
                "",
                target,
            )
        )
    ours_rss = max(c.peak_rss_mib for c in cold[OURS])
    base_rss = max(c.peak_rss_mib for c in cold[BASELINE])
    rows.append(
        Row(
            "peak RSS, cold start (MiB)",
            f"{ours_rss:.1f}",
            f"{base_rss:.1f}",
            f"{ours_rss / base_rss:.2f}x",
            verdict_at_most(ours_rss, 64, "MiB"),
        )
    )
    if NODE in cold:
        node_rss = max(c.peak_rss_mib for c in cold[NODE])
        rows.append(
            Row(
                "peak RSS vs the Node.js skill (MiB)",
                f"{ours_rss:.1f}",
                f"{node_rss:.1f}",
                f"{ours_rss / node_rss:.2f}x",
                "",
            )
        )
    size, note = shipped.size_mb, shipped.note
    rows.append(
        Row(
            "dist/lambda.zip, without boto3 (MB)",
            f"{size:.2f}" if size is not None else note,
            "",
            "",
            verdict_at_most(size, 5, "MB") if size is not None else "",
        )
    )
    if shipped.import_with_bytecode_ms is not None and shipped.import_from_source_ms is not None:
        rows.append(
            Row(
                "import of the shipped zip on the target Python: with its .pyc / from source (ms)",
                f"{shipped.import_with_bytecode_ms:.0f} / {shipped.import_from_source_ms:.0f}",
                "",
                f"{shipped.import_with_bytecode_ms / shipped.import_from_source_ms:.2f}x",
                shipped.note,
            )
        )
    listed = {name: ", ".join(f"{package} {ms:.0f}" for package, ms in imports[name]) for name in imports}
    rows.append(Row("imports of a cold Launch by package, ours (ms)", listed[OURS], "", "", ""))
    rows.append(Row("imports of a cold Launch by package, baseline (ms)", "", listed[BASELINE], "", ""))
    return rows


def render(rows: list[Row]) -> str:
    header = Row("measure", "ours", "baseline", "ratio", "target")
    lines = [f"| {header.measure} | {header.ours} | {header.baseline} | {header.ratio} | {header.target} |"]
    lines.append("|---|---|---|---|---|")
    lines += [f"| {r.measure} | {r.ours} | {r.baseline} | {r.ratio} | {r.target} |" for r in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cold-runs", type=int, default=15, help="interleaved cold starts of each skill (15)"
    )
    parser.add_argument("--warm-calls", type=int, default=500, help="warm calls of each turn type (500)")
    parser.add_argument("--quick", action="store_true", help="1 cold start and 20 warm calls: a smoke run")
    parser.add_argument("--no-zip", action="store_true", help="skip building the Lambda zip")
    args = parser.parse_args(argv)
    cold_runs, warm_calls = (1, 20) if args.quick else (args.cold_runs, args.warm_calls)
    if cold_runs < 1 or warm_calls < 2:
        parser.error("--cold-runs must be at least 1 and --warm-calls at least 2")

    node_skipped = node_missing()
    if node_skipped:
        print(f"Node.js skill {node_skipped}", file=sys.stderr, flush=True)
    with dynamodb_server() as endpoint, shipped_layout() as task:
        envs = {
            OURS: local_aws_env(endpoint, OURS_TABLE),
            CHECKOUT: local_aws_env(endpoint, OURS_TABLE),
            BASELINE: local_aws_env(endpoint, BASELINE_TABLE),
        }
        commands = {
            OURS: python_command(task),
            CHECKOUT: python_command(OURS_DIR),
            BASELINE: python_command(BASELINE_DIR),
        }
        if not node_skipped:
            envs[NODE] = {**local_aws_env(endpoint, NODE_TABLE), "NODE_NO_WARNINGS": "1"}
            commands[NODE] = node_command()
        os.environ.update({k: v for k, v in envs[OURS].items() if k.startswith("AWS_")})
        from skill.storage import DynamoDbStore  # noqa: PLC0415

        for table_name in (OURS_TABLE, BASELINE_TABLE, NODE_TABLE):
            DynamoDbStore(table_name, endpoint_url=endpoint).create_table()
        print(f"cold starts ({cold_runs} rounds of {len(commands)})...", file=sys.stderr, flush=True)
        cold = cold_starts(cold_runs, commands, envs)
        # The two layouts of our skill must really differ in what the comparison is about.
        if not all(c.trimmed_botocore_data for c in cold[OURS]):
            raise RuntimeError("the shipped layout did not use its cut of botocore's data")
        if any(c.trimmed_botocore_data for c in cold[CHECKOUT]):
            raise RuntimeError("the checkout used a cut of botocore's data (skill/_botocore_data exists?)")
        imports = {name: import_times(commands[name], envs[name]) for name in (OURS, BASELINE)}
        print(f"warm turns ({warm_calls} of each)...", file=sys.stderr, flush=True)
        warm = {
            "ours": warm_ours(*our_skill(endpoint), warm_calls),
            "baseline": warm_baseline(*baseline_skill(envs[BASELINE]), warm_calls),
        }
    shipped = Shipped(None, "skipped (--no-zip)")
    if not args.no_zip:
        print("building the Lambda zip...", file=sys.stderr, flush=True)
        shipped = shipped_zip(cold_runs)
    print(render(table(cold, imports, warm, shipped, node_skipped)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
