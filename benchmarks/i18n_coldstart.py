"""The skill's own cold start, before and after issue #21 (words in catalogues): one number to compare.

    python -m benchmarks.i18n_coldstart TREE [--runs 15] [--locale en-US] [--python PYTHON] [--json]

TREE is a source checkout of this project (a worktree of the commit before the change, then one
after it). Each run is a fresh interpreter with TREE first on ``sys.path`` (``PYTHONPATH``, so an
editable install elsewhere is never what runs; the child checks where ``skill`` came from) that
imports ``skill.app``, builds the skill (``default_handler``, on a memory store: no DynamoDB, no
network) and answers one LaunchRequest for a new user, made by TREE's own ``devtools.envelopes``
with no ``apiEndpoint`` (so no Alexa API is called). Its wall time, interpreter start-up and exit
included, is what a cold start of the skill's own code costs.

In the same rounds, two baselines run in their own fresh interpreters, with the same start (the
event file read): ``python -c pass`` (the interpreter alone) and the ASK SDK floor
(``ask_sdk_core.skill_builder``, which every ASK skill imports). Each round runs all three once, in a
rotating order, after one untimed warm-up each (which also leaves TREE's bytecode compiled, as the
Lambda zip ships it). Reported: the median wall time of each, the median (min, max) of the per-round
ratios of the skill to each baseline (a pair shares the machine's load, so the ratios are what to
compare across runs), the split inside the skill's process (import, build, first turn), and one
``-X importtime`` of the skill's process by top-level package.

Not the Lambda benchmark (benchmarks/run.py: the zip on Python 3.13 against DynamoDB Local); this
one needs nothing but the interpreter running it, with the project's dependencies installed.

Before #21 (2233884, Python 3.11.7 in the project's venv, 2 cores, load average 0.3-0.5): the skill
126-148 ms, 1.63-1.67x the ASK SDK import (3 runs of 15 rounds, one of 40), 5.3x ``python -c pass``;
inside it: import 85-93 ms, build 1 ms, first LaunchRequest 7-8 ms; ``skill`` imports itself 26-32 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.run import load_average

PROLOGUE = """\
import json, sys, time
with open(sys.argv[1], encoding="utf-8") as file:
    event = json.load(file)
started = time.perf_counter()
"""
"""Every child starts the same way, so the wall times differ only by what each does after it."""

SKILL_BODY = """\
import skill.app
imported = time.perf_counter()
build = getattr(skill.app, "default_handler", None)
if build is not None:
    build()
built = time.perf_counter()
reply = skill.app.lambda_handler(event, None)
answered = time.perf_counter()
speech = ((reply.get("response") or {}).get("outputSpeech") or {}).get("ssml", "")
print(json.dumps({
    "import_ms": (imported - started) * 1000,
    "build_ms": (built - imported) * 1000,
    "turn_ms": (answered - built) * 1000,
    "skill_file": skill.__file__,
    "speech": speech,
}))
"""

SDK_BODY = """\
from ask_sdk_core.skill_builder import CustomSkillBuilder
print(json.dumps({"import_ms": (time.perf_counter() - started) * 1000}))
"""

PASS_BODY = 'print("{}")\n'

SKILL, SDK, PASS = "skill", "ASK SDK import", "python -c pass"
BODIES = {SKILL: SKILL_BODY, SDK: SDK_BODY, PASS: PASS_BODY}

DROPPED_ENV = (
    "AWS_LAMBDA_FUNCTION_NAME",
    "FOOT_ROUTINE_SNAPSTART",
    "SKILL_ID",
    "SKILL_TABLE",
    "DYNAMODB_ENDPOINT",
)


@dataclass(frozen=True)
class Run:
    wall_ms: float
    inside: dict[str, Any]


def child_env(tree: Path) -> dict[str, str]:
    """This environment without anything that would choose other code or another store."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PYTHON") and key not in DROPPED_ENV
    }
    env.update({"PYTHONPATH": str(tree), "SKILL_STORE": "memory", "LOG_LEVEL": "WARNING"})
    return env


def launch_event(python: str, tree: Path, locale: str) -> dict[str, Any]:
    """A LaunchRequest from a new user, built by the tree's own devtools (no apiEndpoint: no API calls)."""
    code = (
        "import json, sys\n"
        "from devtools.envelopes import Caller, launch_request\n"
        "caller = Caller(user_id='amzn1.ask.account.i18n-coldstart', locale=sys.argv[1], api_endpoint=None)\n"
        "print(json.dumps(launch_request(caller=caller)))\n"
    )
    done = subprocess.run(
        [python, "-c", code, locale],
        env=child_env(tree),
        cwd=tree,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    event: dict[str, Any] = json.loads(done.stdout)
    return event


def run_child(
    python: str, body: str, event_file: str, tree: Path, *, importtime: bool = False
) -> tuple[Run, str]:
    """One fresh interpreter: its wall time, what it measured inside, and its stderr."""
    flags = ["-X", "importtime"] if importtime else []
    argv = [python, *flags, "-c", PROLOGUE + body, event_file]
    started = time.perf_counter()
    done = subprocess.run(
        argv, env=child_env(tree), cwd=tree, capture_output=True, text=True, timeout=120, check=False
    )
    wall_ms = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise RuntimeError(f"child failed ({done.returncode}):\n{done.stderr[-3000:]}")
    lines = done.stdout.strip().splitlines()
    inside: dict[str, Any] = json.loads(lines[-1]) if lines else {}
    return Run(wall_ms, inside), done.stderr


def check_skill_run(run: Run, tree: Path) -> None:
    """The run measured TREE's skill, and it answered with speech."""
    skill_file = Path(str(run.inside.get("skill_file", ""))).resolve()
    if not skill_file.is_relative_to(tree):
        raise RuntimeError(f"skill was imported from {skill_file}, not from {tree}")
    if not run.inside.get("speech"):
        raise RuntimeError(f"the LaunchRequest got no speech: {run.inside}")


def rounds(python: str, tree: Path, event_file: str, count: int) -> dict[str, list[Run]]:
    """``count`` interleaved rounds of every child, in a rotating order, after one warm-up each."""
    names = list(BODIES)
    for name in names:  # warm-up: page cache, bytecode
        run, _ = run_child(python, BODIES[name], event_file, tree)
        if name == SKILL:
            check_skill_run(run, tree)
    runs: dict[str, list[Run]] = {name: [] for name in names}
    for index in range(count):
        shift = index % len(names)
        for name in names[shift:] + names[:shift]:
            run, _ = run_child(python, BODIES[name], event_file, tree)
            if name == SKILL:
                check_skill_run(run, tree)
            runs[name].append(run)
    return runs


def imports_by_package(stderr: str, top: int = 6) -> list[tuple[str, float]]:
    """``-X importtime`` self times summed by top-level package (ms), the largest first, then all."""
    by_package: dict[str, float] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        package = name.strip().split(".")[0]
        by_package[package] = by_package.get(package, 0.0) + int(own) / 1000
    largest = sorted(by_package.items(), key=lambda item: item[1], reverse=True)[:top]
    return [*largest, ("(all)", sum(by_package.values()))]


def tree_commit(tree: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(tree), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "not a git checkout"


def python_version(python: str) -> str:
    done = subprocess.run(
        [python, "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return done.stdout.strip()


def summary(runs: Mapping[str, Sequence[Run]]) -> dict[str, Any]:
    ours = [run.wall_ms for run in runs[SKILL]]
    result: dict[str, Any] = {
        "median_ms": {name: statistics.median(run.wall_ms for run in each) for name, each in runs.items()},
        "skill_inside_median_ms": {
            part: statistics.median(float(run.inside[part]) for run in runs[SKILL])
            for part in ("import_ms", "build_ms", "turn_ms")
        },
        "ratio": {},
    }
    for name in (SDK, PASS):
        ratios = [mine / theirs.wall_ms for mine, theirs in zip(ours, runs[name], strict=True)]
        result["ratio"][name] = {
            "median": statistics.median(ratios),
            "min": min(ratios),
            "max": max(ratios),
        }
    result["skill_minus_sdk_ms"] = statistics.median(
        mine - theirs.wall_ms for mine, theirs in zip(ours, runs[SDK], strict=True)
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.i18n_coldstart", description=__doc__.splitlines()[0]
    )
    parser.add_argument("tree", type=Path, help="a source checkout of the project (its skill/ is measured)")
    parser.add_argument("--runs", type=int, default=15, help="interleaved rounds (15)")
    parser.add_argument("--locale", default="en-US", help="the LaunchRequest's locale (en-US)")
    parser.add_argument(
        "--python", default=sys.executable, help="the interpreter, with the project's dependencies (this one)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of lines")
    args = parser.parse_args(argv)
    tree = Path(args.tree).resolve()
    if not (tree / "skill" / "app.py").is_file():
        parser.error(f"{tree} has no skill/app.py")
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    load_before = load_average()
    with tempfile.TemporaryDirectory(prefix="i18n-coldstart-") as workspace:
        event_file = str(Path(workspace) / "launch.json")
        Path(event_file).write_text(
            json.dumps(launch_event(args.python, tree, args.locale)), encoding="utf-8"
        )
        runs = rounds(args.python, tree, event_file, args.runs)
        profiled, stderr = run_child(args.python, SKILL_BODY, event_file, tree, importtime=True)
    check_skill_run(profiled, tree)
    result = summary(runs)
    result.update(
        {
            "tree": str(tree),
            "commit": tree_commit(tree),
            "python": f"{args.python} (Python {python_version(args.python)})",
            "locale": args.locale,
            "runs": args.runs,
            "load_before": load_before,
            "load_after": load_average(),
            "imports_ms": imports_by_package(stderr),
            "first_words": str(profiled.inside.get("speech", ""))[7:90],
        }
    )
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    medians, inside, ratio = result["median_ms"], result["skill_inside_median_ms"], result["ratio"]
    print(f"tree {result['tree']} at {result['commit']}, {result['python']}, locale {args.locale}")
    print(f"load average before / after: {result['load_before']} / {result['load_after']}")
    print(f"cold start, median of {args.runs} (ms): " + ", ".join(f"{n} {v:.1f}" for n, v in medians.items()))
    print(
        f"  skill's process: import skill.app {inside['import_ms']:.1f}, build {inside['build_ms']:.1f}, "
        f"first LaunchRequest {inside['turn_ms']:.1f}"
    )
    for name, each in ratio.items():
        print(f"ratio skill / {name}: {each['median']:.2f}x (min {each['min']:.2f}x, max {each['max']:.2f}x)")
    print(
        f"skill minus ASK SDK import, median of per-round differences: {result['skill_minus_sdk_ms']:.1f} ms"
    )
    print(
        "imports of the skill's process by package (ms): "
        + ", ".join(f"{n} {v:.0f}" for n, v in result["imports_ms"])
    )
    print(f"said: {result['first_words']}...")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
