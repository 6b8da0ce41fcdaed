"""What the benchmark runs: each skill laid out as AWS Lambda runs it, on the runtime's Python.

On Lambda a function's code is unpacked in ``/var/task``, which comes first on ``sys.path``; the
runtime's own packages (boto3, botocore and their dependencies, in ``/var/runtime``) come after it,
then the standard library. :func:`lambda_path` gives a child interpreter exactly that order, and the
children run ``-I -S`` (no site-packages, no user site, no environment), so nothing of this
machine's environments leaks in. The pieces:

* **ours**: ``dist/lambda.zip`` as ``foot-routine package`` builds it, unpacked (with its bytecode
  for the target Python, its own botocore and that botocore's cut data);
* **the Python baseline**: ``benchmarks/baseline/lambda_function.py`` with ask-sdk-core and the
  ASK SDK's DynamoDB adapter installed beside it the same way (wheels for Lambda's platform,
  pinned to this environment), boto3 and what only boto3 needs left to the runtime, as the SDK's
  samples deploy it; its bytecode is compiled too, so neither side pays for compiling;
* **runtime stand-ins**: boto3 with its dependencies in a folder of their own, once at the version
  this environment pins (the runtime matching what was tested) and once at another version (the
  runtime having moved on, as AWS's does): :data:`OTHER_RUNTIME`.

Folders other than the zip are kept in ``build/bench/`` between runs (keyed by versions), so only the
first ``make bench`` downloads them. The target interpreter is ``python3.13`` (the runtime
``lambda/template.yaml`` names); :func:`target_interpreter` finds it as ``foot-routine package``
does and, when asked, installs it with pyenv.
"""

from __future__ import annotations

import importlib.metadata
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from devtools.package import (
    DEFAULT_TARGET,
    RUNTIME_PROVIDED,
    compile_bytecode,
    install_for_lambda,
    target_python,
)

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "bench"
BASELINE_HANDLER = ROOT / "benchmarks" / "baseline" / "lambda_function.py"

BOTO3_AND_DEPENDENCIES = RUNTIME_PROVIDED | {"botocore", "jmespath"}
"""What a deployment that leaves boto3 to the runtime leaves out (the baseline's zip; ours ships
botocore and jmespath, see devtools/package.py)."""

OTHER_RUNTIME = ("1.38.36", "1.38.46")
"""boto3 and botocore of another release than the one this environment pins: a runtime that moved
on (issue #22 measured the earlier zip on these: its cut of botocore's data went unused)."""


@dataclass(frozen=True)
class Runtime:
    """A stand-in for the Lambda runtime's ``/var/runtime``: boto3 and its dependencies."""

    label: str
    boto3: str
    botocore: str
    path: Path


@dataclass(frozen=True)
class Interpreter:
    """The Python the children run on, and whether it is the target runtime's version."""

    path: Path
    version: str
    is_target: bool
    note: str


def target_interpreter(*, install: bool = False) -> Interpreter:
    """``python3.13`` as ``foot-routine package`` finds it; installed with pyenv if asked and missing.

    Without one (and no pyenv to install it), the running interpreter stands in and the note says so
    plainly: figures from another Python version are not what Lambda runs.
    """
    wanted = DEFAULT_TARGET.python_version
    python = target_python()
    if python is None and install and shutil.which("pyenv"):
        print(f"no Python {wanted} here: installing it with pyenv (several minutes)...", file=sys.stderr)
        # `pyenv latest --known` names the newest release of the series pyenv can build (e.g. 3.13.13).
        latest = subprocess.run(
            ["pyenv", "latest", "--known", wanted], capture_output=True, text=True, check=False
        ).stdout.strip()
        subprocess.run(["pyenv", "install", "--skip-existing", latest or wanted], check=False)
        python = target_python()
    if python is not None:
        version = _version_of(python)
        return Interpreter(
            python, version, True, f"Python {version} ({python}), the target {DEFAULT_TARGET.runtime}"
        )
    version = _version_of(Path(sys.executable))
    return Interpreter(
        Path(sys.executable),
        version,
        False,
        f"Python {version} ({sys.executable}): NOT the target {DEFAULT_TARGET.runtime}, which was not found "
        f"(set LAMBDA_PYTHON, or run `make bench`, which installs it with pyenv)",
    )


def _version_of(python: Path) -> str:
    done = subprocess.run(
        [str(python), "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=True,
        timeout=30,
    )
    return done.stdout.strip()


def _cached(folder: Path, build: Callable[[Path], None]) -> Path:
    """``folder`` built once: by ``build`` into a temporary sibling, then renamed (never half-built)."""
    if folder.is_dir():
        return folder
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    build(partial)
    partial.rename(folder)
    return folder


def runtimes(python: Interpreter) -> tuple[Runtime, Runtime]:
    """The two runtime stand-ins: boto3 as this environment pins it, and :data:`OTHER_RUNTIME`."""
    pinned = (importlib.metadata.version("boto3"), importlib.metadata.version("botocore"))
    found = []
    for label, (boto3, botocore) in (("pinned", pinned), ("other", OTHER_RUNTIME)):
        folder = CACHE / f"py{python.version}" / f"runtime-boto3-{boto3}-botocore-{botocore}"

        def build(site: Path, boto3: str = boto3, botocore: str = botocore) -> None:
            # No environment pins: the runtime's packages are its own, not ours.
            install_for_lambda([f"boto3=={boto3}", f"botocore=={botocore}"], site, constraints=[])
            compile_bytecode(site, python.path)

        found.append(Runtime(label, boto3, botocore, _cached(folder, build)))
    return found[0], found[1]


def baseline_task(python: Interpreter) -> Path:
    """The Python baseline laid out as its zip would be, boto3 left to the runtime."""
    versions = "-".join(
        importlib.metadata.version(name)
        for name in ("ask-sdk-core", "ask-sdk-model", "ask-sdk-dynamodb-persistence-adapter")
    )
    folder = CACHE / f"py{python.version}" / f"baseline-{versions}"

    def build(site: Path) -> None:
        install_for_lambda(
            ["ask-sdk-core", "ask-sdk-dynamodb-persistence-adapter"],
            site,
            leave_out=BOTO3_AND_DEPENDENCIES,
        )
        shutil.copyfile(BASELINE_HANDLER, site / BASELINE_HANDLER.name)
        compile_bytecode(site, python.path)

    task = _cached(folder, build)
    # The handler may have changed since the folder was built: always the current one.
    if (task / BASELINE_HANDLER.name).read_bytes() != BASELINE_HANDLER.read_bytes():
        shutil.copyfile(BASELINE_HANDLER, task / BASELINE_HANDLER.name)
        compile_bytecode(task, python.path)
    return task


def lambda_path(task: Path, runtime: Runtime) -> list[str]:
    """``sys.path`` entries in Lambda's order, before the standard library: the code, then the runtime."""
    return [str(task), str(runtime.path)]
