"""The benchmark command runs and reports every measure (a smoke test: no timing is asserted).

What it counts rather than times is asserted, because a user would notice it: how often a turn
touches DynamoDB (each request is latency and money). Those counts do not depend on the machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEASURES = (
    "cold start, median of 1 (ms)",
    "of which import (ms)",
    "of which first turn (ms)",
    "warm Launch, p50 / p99 of 20 (ms)",
    "warm Next",
    "warm Repeat",
    "warm Help",
    "DynamoDB reads per session",
    "peak RSS, cold start (MiB)",
    "dist/lambda.zip",
    "import time by package, ours",
    "import time by package, baseline",
)


def row(table: str, measure: str) -> list[str]:
    line = next(line for line in table.splitlines() if line.startswith(f"| {measure}"))
    return [cell.strip() for cell in line.strip("|").split("|")]


def test_the_benchmark_command_reports_every_measure_and_the_request_counts_meet_their_targets() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--quick", "--no-zip"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    table = done.stdout
    for measure in MEASURES:
        assert any(measure in line for line in table.splitlines()), measure
    assert row(table, "DynamoDB reads per session")[1] == "1"
    assert row(table, "DynamoDB requests per Repeat (writes)")[1] == "0 (0)", "Repeat never touches storage"
    assert row(table, "DynamoDB requests per Help (writes)")[1] == "0 (0)", "Help never touches storage"
    assert row(table, "DynamoDB requests per Next (writes)")[1] == "1 (1)", "one write, no read, per step"
    assert row(table, "DynamoDB requests per Launch (writes)")[1] == "2 (1)", "one read and one write"
