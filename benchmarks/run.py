"""The benchmark suite: our skill against hello-world baselines, measured in the same run.

    python -m benchmarks.run              # everything (a few minutes), prints one table
    python -m benchmarks.run --quick      # fewer runs: checks the suite works, figures are rough

It builds ``dist/lambda.zip``'s contents as ``foot-routine package`` does, lays every skill out as
AWS Lambda runs it (benchmarks/layouts.py: the function's code first on ``sys.path``, the runtime's
boto3 after it, on the target Python 3.13), starts Amazon's DynamoDB Local on 127.0.0.1 (its own
process), creates one table per skill, and stops the server at the end. Nothing here asserts a
time; targets are reported as met or missed, by how much, in the last column. docs/performance.md
explains the figures.

The contenders for cold starts, run in interleaved rounds (each round runs each once):

- ours: the unpacked zip (its own botocore with its cut data), with a runtime whose boto3 is the
  version this environment pins, and again with a runtime of another version (benchmarks/layouts.py);
- ours restored by SnapStart: the same zip with ``FOOT_ROUTINE_SNAPSTART=1``, timing what a copy
  restored from a snapshot still does (the after-restore hook and the first turn);
- the Python baseline (``benchmarks/baseline/``): hello world with a launch counter on the ASK SDK's
  DynamoDB adapter, laid out the same way, on each of the two runtimes;
- the Node.js skill (``benchmarks/node_baseline/``): hello world with a launch counter on npm's
  ask-sdk-core and @aws-sdk/client-dynamodb, what most Alexa developers would write instead.
  ``make bench`` installs it (npm ci); without it (or without node) its rows say why they are empty.

What is measured:

- cold start: a fresh process loads the skill and answers a LaunchRequest for a new user (one
  read and one write): wall time of the whole process; the median of ``--cold-runs`` rounds, and the
  median, min and max of the per-round ratios (a pair shares the machine's weather);
- imports: ``python -X importtime`` of a whole cold Launch (import and first turn), by top-level
  package, ours and the Python baseline's;
- warm turns: p50 / p99 of ``--warm-calls`` calls each of Launch (a new user), Next, Repeat and
  Help, in one process per skill on the target Python;
- DynamoDB requests, counted with botocore's ``before-call`` event hook on the client: reads per
  session, writes per turn type;
- peak RSS of the cold-start processes (VmHWM); the size of the zip; importing the zip with its
  bytecode and from source.
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
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.layouts import (
    Interpreter,
    Runtime,
    baseline_task,
    lambda_path,
    runtimes,
    target_interpreter,
)
from benchmarks.servers import dynamodb_server
from benchmarks.warm import Warm

ROOT = Path(__file__).resolve().parent.parent
NODE_DIR = ROOT / "benchmarks" / "node_baseline"
COLD_CHILD = ROOT / "benchmarks" / "coldstart.py"
WARM_CHILD = ROOT / "benchmarks" / "warm.py"
NODE_COLD_CHILD = NODE_DIR / "coldstart.js"
OURS_TABLE = "bench-progress"
BASELINE_TABLE = "bench-baseline-launches"
NODE_TABLE = "bench-node-launches"
MIB = 1024 * 1024
COLD_TARGET = 0.6
"""Our cold start at most this fraction of the Python baseline's (issue #22)."""
NODE_TARGET = 1.3
"""Our cold start at most this multiple of the Node.js skill's (issue #22)."""
ZIP_TARGET_MB = 7.0
"""The zip, with botocore in it (issue #22)."""
PYTHON_FLAGS = ("-I", "-S")
"""As Lambda's runtime: no site-packages, no user site, no PYTHON* variables; only the folders given."""

OURS, OURS_OTHER, SNAPSTART, BASELINE, BASELINE_OTHER, NODE = (
    "ours",
    "ours, other runtime",
    "ours, SnapStart restore",
    "baseline",
    "baseline, other runtime",
    "node",
)
"""The cold-start contenders (the module docstring says what each is)."""


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
    restore_ms: float | None = None
    """SnapStart: the after-restore hook (the import was INIT)."""
    botocore: dict[str, Any] | None = None
    """The botocore the turn ran on: its file, version and how many services its data holds."""


@dataclass(frozen=True)
class Contender:
    """How to start one cold start: the command around the event file, and its environment."""

    before: list[str]
    after: list[str]
    env: dict[str, str]

    def argv(self, event_file: str, *, importtime: bool = False) -> list[str]:
        interpreter, *rest = self.before
        return [interpreter, *(["-X", "importtime"] if importtime else []), *rest, event_file, *self.after]


def python_contender(
    python: Interpreter, task: Path, runtime: Runtime, env: dict[str, str], *, restore: bool = False
) -> Contender:
    """A fresh target Python that imports ``task``'s lambda_function, the runtime after it."""
    after = [*(["--after-restore"] if restore else []), *lambda_path(task, runtime)]
    return Contender([str(python.path), *PYTHON_FLAGS, str(COLD_CHILD)], after, env)


def node_contender(env: dict[str, str]) -> Contender:
    return Contender(["node", str(NODE_COLD_CHILD)], [], env)


def node_missing() -> str | None:
    """Why the Node.js skill cannot run here, or None when it can (``make bench`` installs it)."""
    if shutil.which("node") is None:
        return "skipped: no node on the PATH"
    if not (NODE_DIR / "node_modules" / "ask-sdk-core").is_dir():
        return "skipped: benchmarks/node_baseline not installed (`make bench` runs npm ci there)"
    return None


@contextmanager
def event_file() -> Iterator[str]:
    """A fresh new user's LaunchRequest in a file, for one child."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as file:
        json.dump(launch_event(), file)
    try:
        yield file.name
    finally:
        Path(file.name).unlink()


def cold_start(contender: Contender) -> Cold:
    """One fresh process: load the skill, answer one LaunchRequest for a new user."""
    with event_file() as event:
        started = time.perf_counter()
        done = subprocess.run(
            contender.argv(event),
            env={**os.environ, **contender.env},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        wall_ms = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"cold start of {contender.before} failed:\n{done.stderr[-2000:]}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    if not figures["spoke"]:
        raise RuntimeError(f"cold start of {contender.before} answered without speech")
    return Cold(
        wall_ms,
        figures["import_ms"],
        figures["first_turn_ms"],
        figures["peak_rss_kib"] / 1024,
        figures.get("restore_ms"),
        figures.get("botocore"),
    )


def cold_starts(runs: int, contenders: Mapping[str, Contender]) -> dict[str, list[Cold]]:
    """``runs`` cold starts of each contender, interleaved so all see the same machine weather.

    Each round runs every contender once, in an order that rotates from round to round (no one
    always goes first, right after the previous round's last), after one untimed warm-up each
    (files in the page cache, as on any but the very first run of a machine).
    """
    names = list(contenders)
    for name in names:
        cold_start(contenders[name])
    results: dict[str, list[Cold]] = {name: [] for name in names}
    for round_ in range(runs):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            results[name].append(cold_start(contenders[name]))
    return results


def import_times(contender: Contender, top: int = 8) -> list[tuple[str, float]]:
    """``-X importtime`` of a cold Launch (the import and the first turn): self ms by top-level package.

    Self times add up to the whole without counting a nested module twice; the largest packages
    come first, then the total. Everything a cold turn imports is counted, botocore included.
    """
    with event_file() as event:
        done = subprocess.run(
            contender.argv(event, importtime=True),
            env={**os.environ, **contender.env},
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
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


def warm_turns(python: Interpreter, which: str, paths: list[str], env: dict[str, str], calls: int) -> Warm:
    """benchmarks/warm.py in its own process on the target Python, the skill laid out as on Lambda."""
    done = subprocess.run(
        [
            str(python.path),
            *PYTHON_FLAGS,
            str(WARM_CHILD),
            which,
            env["DYNAMODB_ENDPOINT"],
            str(calls),
            *paths,
        ],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if done.returncode != 0:
        raise RuntimeError(f"warm turns of {which} failed:\n{done.stderr[-3000:]}")
    return Warm(**json.loads(done.stdout.strip().splitlines()[-1]))


@dataclass(frozen=True)
class Shipped:
    """The Lambda zip as ``foot-routine package`` builds it, unpacked, and how fast its import is."""

    task: Path
    size_mb: float
    note: str
    bytecode_python: str
    import_with_bytecode_ms: float | None = None
    import_from_source_ms: float | None = None


def build_shipped(workspace: Path) -> Shipped:
    """Build the zip and unpack it in ``workspace`` (Lambda unpacks it in /var/task)."""
    from devtools.package import build_lambda_zip  # noqa: PLC0415

    report = build_lambda_zip(workspace / "lambda.zip")
    task = workspace / "task"
    with zipfile.ZipFile(report.path) as archive:
        archive.extractall(task)
    note = (
        f"bytecode by {report.bytecode_python}" if report.bytecode_python else "no bytecode (no Python 3.13)"
    )
    for warning in report.warnings:
        print(f"package warning: {warning}", file=sys.stderr)
    return Shipped(task, report.size_bytes / 1_000_000, note, report.bytecode_python)


def time_zip_import(shipped: Shipped, runtime: Runtime, runs: int) -> Shipped:
    """Time importing the unpacked zip with its bytecode, then from source (bytecode removed).

    Lambda unpacks the code read-only, so a zip without bytecode is compiled again on every cold
    start: the second figure is what that costs. Import only (SKILL_STORE=memory, no turn), median
    of ``runs``, each in a fresh ``-I -S -B`` interpreter. Works on a copy (the sources stay).
    """
    if not shipped.bytecode_python:
        return shipped
    code = (
        "import sys, time; sys.path[:0] = sys.argv[1:]; t = time.perf_counter(); "
        "import lambda_function; print((time.perf_counter() - t) * 1000)"
    )
    with tempfile.TemporaryDirectory() as workspace:
        task = Path(workspace) / "task"
        shutil.copytree(shipped.task, task)

        def median_import() -> float:
            times = []
            for _ in range(runs):
                done = subprocess.run(
                    [shipped.bytecode_python, *PYTHON_FLAGS, "-B", "-c", code, str(task), str(runtime.path)],
                    env={**os.environ, "SKILL_STORE": "memory", "LOG_LEVEL": "WARNING"},
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
        from_source = median_import()
    return Shipped(
        shipped.task, shipped.size_mb, shipped.note, shipped.bytecode_python, with_bytecode, from_source
    )


def load_average() -> str:
    """The 1-minute load average and the core count: how busy the shared machine was."""
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "unknown"
    return f"{one:.1f} (5-min {five:.1f}) on {os.cpu_count()} cores"


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


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.0f} (min {min(values):.0f}, max {max(values):.0f})"


def cold_row(measure: str, ours: list[Cold], theirs: list[Cold], limit: float | None) -> Row:
    """Medians of both, and the median, min and max of the per-pair ratios (same round, same weather)."""
    ratios = [mine.wall_ms / other.wall_ms for mine, other in zip(ours, theirs, strict=True)]
    median = statistics.median(ratios)
    return Row(
        measure,
        f"{statistics.median(c.wall_ms for c in ours):.0f}",
        f"{statistics.median(c.wall_ms for c in theirs):.0f}",
        f"{median:.2f}x (min {min(ratios):.2f}x, max {max(ratios):.2f}x)",
        verdict_ratio(median, limit) if limit is not None else "",
    )


def part_rows(ours: list[Cold], theirs: list[Cold], versus: str) -> list[Row]:
    rows = []
    for part, label in (("import_ms", "import"), ("first_turn_ms", "first turn")):
        mine = statistics.median(getattr(c, part) for c in ours)
        other = statistics.median(getattr(c, part) for c in theirs)
        rows.append(
            Row(f"  of which {label}{versus} (ms)", f"{mine:.0f}", f"{other:.0f}", f"{mine / other:.2f}x", "")
        )
    return rows


@dataclass(frozen=True)
class Results:
    """Everything one run measured, for :func:`table`."""

    interpreter: Interpreter
    pinned: Runtime
    other: Runtime
    cold: dict[str, list[Cold]]
    imports: dict[str, list[tuple[str, float]]]
    warm: dict[str, Warm]
    shipped: Shipped
    load_before: str
    load_after: str
    node_skipped: str | None = None


def table(results: Results) -> list[Row]:
    cold, warm, shipped = results.cold, results.warm, results.shipped
    runs = len(cold[OURS])
    rows = [
        Row("interpreter", results.interpreter.note, "", "", ""),
        Row("load average, before / after", f"{results.load_before} / {results.load_after}", "", "", ""),
    ]
    for runtime, mine, theirs in (
        (results.pinned, OURS, BASELINE),
        (results.other, OURS_OTHER, BASELINE_OTHER),
    ):
        world = f"runtime boto3 {runtime.boto3} / botocore {runtime.botocore}"
        rows.append(
            cold_row(
                f"cold start vs the Python baseline, {world}, median of {runs} interleaved pairs (ms)",
                cold[mine],
                cold[theirs],
                COLD_TARGET,
            )
        )
        rows += part_rows(cold[mine], cold[theirs], "")
        label = f"cold start vs the Node.js skill, {world}, median of {runs} pairs (ms)"
        if NODE in cold:
            rows.append(cold_row(label, cold[mine], cold[NODE], NODE_TARGET))
            if runtime is results.pinned:
                rows += part_rows(cold[mine], cold[NODE], ", vs Node.js (Node: require)")
        else:
            rows.append(Row(label, "", results.node_skipped or "skipped", "", ""))
    restored = cold[SNAPSTART]
    restore_path = [(c.restore_ms or 0.0) + c.first_turn_ms for c in restored]
    rows.append(
        Row(
            f"SnapStart: after-restore hook + first turn, median of {runs} (ms)",
            spread(restore_path),
            "",
            f"{statistics.median(restore_path) / statistics.median(c.wall_ms for c in cold[OURS]):.2f}x "
            "our cold start",
            "",
        )
    )
    rows.append(
        Row(
            "  of which the after-restore hook; INIT before the snapshot (ms)",
            f"{statistics.median(c.restore_ms or 0.0 for c in restored):.2f}; "
            f"{statistics.median(c.import_ms for c in restored):.0f}",
            "",
            "",
            "",
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
    rows.append(
        Row(
            "dist/lambda.zip, with botocore (its data cut), without boto3 (MB)",
            f"{shipped.size_mb:.2f}",
            "",
            "",
            verdict_at_most(shipped.size_mb, ZIP_TARGET_MB, "MB"),
        )
    )
    if shipped.import_with_bytecode_ms is not None and shipped.import_from_source_ms is not None:
        rows.append(
            Row(
                "import of the shipped zip: with its .pyc / from source (ms)",
                f"{shipped.import_with_bytecode_ms:.0f} / {shipped.import_from_source_ms:.0f}",
                "",
                f"{shipped.import_with_bytecode_ms / shipped.import_from_source_ms:.2f}x",
                shipped.note,
            )
        )
    listed = {
        name: ", ".join(f"{package} {ms:.0f}" for package, ms in imports)
        for name, imports in results.imports.items()
    }
    rows.append(Row("imports of a cold Launch by package, ours (ms)", listed[OURS], "", "", ""))
    rows.append(Row("imports of a cold Launch by package, baseline (ms)", "", listed[BASELINE], "", ""))
    return rows


def render(rows: list[Row]) -> str:
    header = Row("measure", "ours", "baseline", "ratio", "target")
    lines = [f"| {header.measure} | {header.ours} | {header.baseline} | {header.ratio} | {header.target} |"]
    lines.append("|---|---|---|---|---|")
    lines += [f"| {r.measure} | {r.ours} | {r.baseline} | {r.ratio} | {r.target} |" for r in rows]
    return "\n".join(lines)


def check_botocore(cold: dict[str, list[Cold]], shipped: Shipped, pinned: Runtime, other: Runtime) -> None:
    """What the comparison is about happened: ours on the zip's botocore, the baseline on the runtime's."""
    for name in (OURS, OURS_OTHER, SNAPSTART):
        for run in cold[name]:
            used = run.botocore or {}
            if not Path(str(used.get("file"))).is_relative_to(shipped.task) or used.get("services") != 1:
                raise RuntimeError(f"{name} did not run on the zip's botocore with its cut data: {used}")
    for name, runtime in ((BASELINE, pinned), (BASELINE_OTHER, other)):
        for run in cold[name]:
            used = run.botocore or {}
            if used.get("version") != runtime.botocore or not Path(str(used.get("file"))).is_relative_to(
                runtime.path
            ):
                raise RuntimeError(f"{name} did not run on the runtime's botocore {runtime.botocore}: {used}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--cold-runs", type=int, default=15, help="interleaved cold starts of each skill (15)"
    )
    parser.add_argument("--warm-calls", type=int, default=500, help="warm calls of each turn type (500)")
    parser.add_argument("--quick", action="store_true", help="1 cold start and 20 warm calls: a smoke run")
    parser.add_argument(
        "--no-zip", action="store_true", help="skip timing the zip's import with and without its bytecode"
    )
    parser.add_argument(
        "--install-python", action="store_true", help="install the target Python with pyenv if it is missing"
    )
    args = parser.parse_args(argv)
    cold_runs, warm_calls = (1, 20) if args.quick else (args.cold_runs, args.warm_calls)
    if cold_runs < 1 or warm_calls < 2:
        parser.error("--cold-runs must be at least 1 and --warm-calls at least 2")

    python = target_interpreter(install=args.install_python)
    print(f"interpreter: {python.note}", file=sys.stderr, flush=True)
    node_skipped = node_missing()
    if node_skipped:
        print(f"Node.js skill {node_skipped}", file=sys.stderr, flush=True)
    print("laying out the skills as Lambda runs them (builds the zip)...", file=sys.stderr, flush=True)
    pinned, other = runtimes(python)
    base_task = baseline_task(python)
    with tempfile.TemporaryDirectory(prefix="bench-") as workspace, dynamodb_server() as endpoint:
        shipped = build_shipped(Path(workspace))
        ours_env, base_env = local_aws_env(endpoint, OURS_TABLE), local_aws_env(endpoint, BASELINE_TABLE)
        contenders = {
            OURS: python_contender(python, shipped.task, pinned, ours_env),
            OURS_OTHER: python_contender(python, shipped.task, other, ours_env),
            SNAPSTART: python_contender(
                python, shipped.task, pinned, {**ours_env, "FOOT_ROUTINE_SNAPSTART": "1"}, restore=True
            ),
            BASELINE: python_contender(python, base_task, pinned, base_env),
            BASELINE_OTHER: python_contender(python, base_task, other, base_env),
        }
        if not node_skipped:
            contenders[NODE] = node_contender(
                {**local_aws_env(endpoint, NODE_TABLE), "NODE_NO_WARNINGS": "1"}
            )
        os.environ.update({k: v for k, v in ours_env.items() if k.startswith("AWS_")})
        from skill.storage import DynamoDbStore  # noqa: PLC0415

        for table_name in (OURS_TABLE, BASELINE_TABLE, NODE_TABLE):
            DynamoDbStore(table_name, endpoint_url=endpoint).create_table()
        load_before = load_average()
        print(f"cold starts ({cold_runs} rounds of {len(contenders)})...", file=sys.stderr, flush=True)
        cold = cold_starts(cold_runs, contenders)
        check_botocore(cold, shipped, pinned, other)
        imports = {name: import_times(contenders[name]) for name in (OURS, BASELINE)}
        print(f"warm turns ({warm_calls} of each)...", file=sys.stderr, flush=True)
        warm = {
            "ours": warm_turns(python, "ours", lambda_path(shipped.task, pinned), ours_env, warm_calls),
            "baseline": warm_turns(python, "baseline", lambda_path(base_task, pinned), base_env, warm_calls),
        }
        if not args.no_zip:
            print("timing the zip's import with and without its bytecode...", file=sys.stderr, flush=True)
            shipped = time_zip_import(shipped, pinned, cold_runs)
        load_after = load_average()
    results = Results(
        python, pinned, other, cold, imports, warm, shipped, load_before, load_after, node_skipped
    )
    print(render(table(results)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
