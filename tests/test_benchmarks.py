"""The benchmark command runs and reports every measure (a smoke test: no timing is asserted).

What it counts rather than times is asserted, because a user would notice it: how often a turn
touches DynamoDB (each request is latency and money). Those counts do not depend on the machine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "benchmarks" / "node_baseline" / "node_modules"
MEASURES = (
    "interpreter",
    "load average, before / after",
    "cold start vs the Python baseline, runtime boto3 ",
    "of which import (ms)",
    "of which first turn (ms)",
    "cold start vs the Node.js skill, runtime boto3 ",
    "runtime boto3 1.38.36 / botocore 1.38.46, median of 1 interleaved pairs (ms)",
    "SnapStart: after-restore hook + first turn",
    "warm Launch, p50 / p99 of 20 (ms)",
    "warm Next",
    "warm Repeat",
    "warm Help",
    "DynamoDB reads per session",
    "peak RSS, cold start (MiB)",
    "dist/lambda.zip, with botocore",
    "imports of a cold Launch by package, ours",
    "imports of a cold Launch by package, baseline",
)


def row(table: str, measure: str) -> list[str]:
    line = next(line for line in table.splitlines() if line.startswith(f"| {measure}"))
    return [cell.strip() for cell in line.strip("|").split("|")]


@pytest.fixture(scope="module")
def quick_run() -> subprocess.CompletedProcess[str]:
    """One smoke run of the benchmark command for every test here (it takes several seconds)."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--no-zip"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_the_benchmark_command_reports_every_measure_and_the_request_counts_meet_their_targets(
    quick_run: subprocess.CompletedProcess[str],
) -> None:
    table = quick_run.stdout
    for measure in MEASURES:
        assert any(measure in line for line in table.splitlines()), measure
    assert row(table, "DynamoDB reads per session")[1] == "1"
    assert row(table, "DynamoDB requests per Repeat (writes)")[1] == "0 (0)", "Repeat never touches storage"
    assert row(table, "DynamoDB requests per Help (writes)")[1] == "0 (0)", "Help never touches storage"
    assert row(table, "DynamoDB requests per Next (writes)")[1] == "1 (1)", "one write, no read, per step"
    assert row(table, "DynamoDB requests per Launch (writes)")[1] == "2 (1)", "one read and one write"


def test_the_nodejs_skill_is_measured_or_the_table_says_why_not(
    quick_run: subprocess.CompletedProcess[str],
) -> None:
    """``make bench`` installs it; ``make test`` (CI) does not, and the table then says so."""
    done = quick_run
    rows = [line for line in done.stdout.splitlines() if line.startswith("| cold start vs the Node.js skill")]
    assert len(rows) == 2, "one per runtime: the pinned boto3 and another version"
    for node in rows:
        cells = [cell.strip() for cell in node.strip("|").split("|")]
        if (NODE_MODULES / "ask-sdk-core").is_dir() and shutil.which("node"):
            assert cells[3].endswith("x)"), cells  # a ratio, with its min and max
        else:
            assert cells[2].startswith("skipped: "), cells
            assert "skipped" in done.stderr
