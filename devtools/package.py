"""Build the AWS Lambda deployment package: ``dist/lambda.zip`` for ``lambda/template.yaml``.

What goes in, and why:

* ``lambda_function.py`` at the zip root (the handler ``lambda_function.lambda_handler``), the
  ``skill`` package with the files a wheel of this project would hold (its ``.py`` files and the
  ``[tool.setuptools.package-data]`` patterns: the routine data), copied from the source tree.
* The dependencies the Lambda path imports, with everything they need: ``ask-sdk-core`` (with
  ask-sdk-model, ask-sdk-runtime, requests, python-dateutil, six, ...). Only what Lambda imports
  belongs there; :data:`WEB_ONLY` lists the project's dependencies that it never does:
  flask-ask-sdk (the web service, with Flask, cryptography and oscrypto: several MB of compiled
  code for the wrong platform, and an import that breaks on OpenSSL 3.0.10+), waitress (the web
  service's HTTP server) and platformdirs (the local SQLite default; on Lambda
  ``AWS_LAMBDA_FUNCTION_NAME`` is always set, so the store is DynamoDB). The package test proves
  the choice: it imports ``lambda_function`` from the unpacked zip with nothing else on the path
  but boto3 and answers a LaunchRequest.
* botocore (and jmespath, which only botocore needs) at the version installed here, with its
  ``data`` folder cut to what the DynamoDB client needs (devtools/botocore_data.py: the operations
  the store calls, no documentation, endpoints for DynamoDB alone; about 80 KB instead of 29 MB).
  The zip comes first on Lambda's ``sys.path``, so this botocore is the one that runs, whatever
  version the runtime brings: the skill runs on the SDK it was tested with (as AWS recommends for
  production functions), and building the client skips listing and parsing botocore's whole data
  folder on every cold start. Any other service's client would fail with UnknownServiceError: the
  skill has none.
* Not boto3 and s3transfer (:data:`RUNTIME_PROVIDED`): the skill never imports them (importing
  boto3 alone costs about 60 ms), and every Lambda Python runtime has them for whoever does.
  ``--with-boto3`` puts them in anyway, with botocore's full data (for code that makes clients of
  other services). They are still *resolved* together with the rest, so the versions of the
  shared packages bundled here (urllib3, python-dateutil, six) satisfy botocore. (Resolved alone,
  ask-sdk-core happily takes a python-dateutil that botocore refuses.)

How, so that it runs on Lambda and the same sources give the same bytes:

* pip installs for the Lambda target, not for this machine: ``--platform`` manylinux for the
  function's architecture, ``--python-version`` of its runtime, binary wheels only. A compiled
  file that still does not match the target is reported in :attr:`PackageReport.warnings`.
* Versions are pinned to those installed in the running environment when it has them (the ones
  the tests ran against), through a pip constraints file; other packages resolve as usual.
* Installer bookkeeping that differs between machines is dropped (``RECORD``, which hashes console
  scripts whose first line names this machine's Python; ``INSTALLER``, ``REQUESTED``,
  ``direct_url.json``), as are console scripts (``bin/``), bytecode and bundled test suites.
* Bytecode for the target's Python goes in when this machine has that Python (``LAMBDA_PYTHON``,
  ``python3.13`` on the PATH, or a pyenv install): Lambda unpacks the code read-only, so without
  ``.pyc`` files every cold start compiles every module it imports from source again (about 130 ms
  on a 2-core machine; see docs/performance.md). The ``.pyc`` files are ``unchecked-hash`` (valid
  whatever the unpacked files' dates) and name ``/var/task/...`` as their source, like the real
  thing, so they are the same bytes on every build. Without that Python the zip is built without
  bytecode and the report says so.
* The zip lists its files sorted, every entry dated 1980-01-01 00:00, mode 0644, made on "Unix",
  deflated at level 9: no timestamp, umask or file-system order gets in. (A different zlib could
  in principle compress differently; same machine, same bytes.)
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path

from devtools.botocore_data import write_trimmed_data

__all__ = [
    "DEFAULT_TARGET",
    "RUNTIME_PROVIDED",
    "WEB_ONLY",
    "LambdaTarget",
    "PackageError",
    "PackageReport",
    "build_lambda_zip",
    "compile_bytecode",
    "compiled_file_warnings",
    "cut_botocore_data",
    "install_for_lambda",
    "project_root",
    "target_python",
    "write_function_code",
]

PROJECT_NAME = "foot-routine"
PACKAGE_NAME = "skill"
HANDLER_FILE = Path("lambda") / "lambda_function.py"
DEFAULT_OUTPUT = Path("dist") / "lambda.zip"

RUNTIME_PROVIDED = frozenset({"boto3", "s3transfer"})
"""Left out: in every AWS Lambda Python runtime, and never imported by the skill.

The runtime has botocore, jmespath, python-dateutil, urllib3 and six too, but the skill imports
them (botocore, and ask-sdk-core and requests the others), and AWS advises bundling what your own
code imports, pinned: they ship."""

BOTOCORE = "botocore"
"""Shipped with its data folder cut to the DynamoDB client's needs (unless ``--with-boto3``)."""

WEB_ONLY = frozenset({"flask-ask-sdk", "platformdirs", "waitress"})
"""Project dependencies the Lambda path never imports (the web service, the local default store)."""

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
"""The earliest date a zip entry can hold: a fixed timestamp for every entry."""
ZIP_FILE_MODE = 0o644
ZIP_LEVEL = 9
ZIP_CREATE_SYSTEM_UNIX = 3
"""Written explicitly: zipfile records 0 (MS-DOS) on Windows, which would change the bytes."""

BYTECODE_SOURCE_ROOT = "/var/task"
"""Where Lambda unpacks the code: the source path compiled into the bytecode (for tracebacks)."""

LAMBDA_MAX_ZIP_BYTES = 50 * 1024 * 1024
LAMBDA_MAX_UNPACKED_BYTES = 250 * 1024 * 1024
"""AWS Lambda quotas: a zip uploaded directly, and a function's unpacked code."""

BOOKKEEPING_FILES = frozenset({"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"})
"""dist-info files about the installation rather than the package; they differ between machines."""
JUNK_DIR_NAMES = frozenset({"__pycache__", "tests"})
COMPILED_SUFFIXES = (".so", ".pyd", ".dylib")
_SHARED_LIBRARY = re.compile(r"\.so(\.\d+)*$")
_EXTENSION_TAG = re.compile(r"\.(cpython-(\d+)[a-z]*-([a-z0-9_]+)-linux-gnu|abi3)\.so$")
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
MANYLINUX_GLIBC_MINORS = range(34, 16, -1)
"""Amazon Linux 2023 (python3.12 and later runtimes) has glibc 2.34: manylinux_2_34 down to 2_17."""


class PackageError(RuntimeError):
    """The package could not be built (pip failed, the source tree is incomplete, ...)."""


@dataclass(frozen=True)
class LambdaTarget:
    """The Lambda runtime and architecture the package is built for (as in lambda/template.yaml)."""

    runtime: str = "python3.13"
    architecture: str = "arm64"

    @property
    def python_version(self) -> str:
        """``3.13`` for ``python3.13``."""
        return self.runtime.removeprefix("python")

    @property
    def machine(self) -> str:
        """The machine name in wheel and extension tags: ``aarch64`` or ``x86_64``."""
        return {"arm64": "aarch64", "x86_64": "x86_64"}[self.architecture]

    @property
    def extension_tag(self) -> str:
        """The tag of an extension module built for the target: ``cpython-313-aarch64-linux-gnu``."""
        return f"cpython-{self.python_version.replace('.', '')}-{self.machine}-linux-gnu"

    def pip_platforms(self) -> list[str]:
        """Every wheel platform tag the target's glibc can load, for pip's ``--platform``.

        pip does not expand a PEP 600 tag (``manylinux_2_34``) to the older ones it implies, so
        they are listed one by one, with the legacy ``manylinux2014`` alias of ``manylinux_2_17``.
        """
        tags = [f"manylinux_2_{minor}_{self.machine}" for minor in MANYLINUX_GLIBC_MINORS]
        return [*tags, f"manylinux2014_{self.machine}"]


DEFAULT_TARGET = LambdaTarget()
"""What lambda/template.yaml declares (the ship tests check that the two agree)."""


@dataclass(frozen=True)
class PackageReport:
    """What :func:`build_lambda_zip` wrote."""

    path: Path
    size_bytes: int
    unpacked_bytes: int
    file_count: int
    sha256: str
    distributions: list[str] = field(default_factory=list)
    """``name==version`` of every distribution in the zip, sorted."""
    warnings: list[str] = field(default_factory=list)
    """Compiled files that may not load on the target, Lambda size quotas exceeded, no bytecode."""
    bytecode_python: str = ""
    """The interpreter that compiled the zip's ``.pyc`` files; empty when it holds none."""


def project_root() -> Path:
    """The source checkout this package was imported from (packaging needs the whole tree)."""
    root = Path(__file__).resolve().parent.parent
    if not (root / "pyproject.toml").is_file() or not (root / HANDLER_FILE).is_file():
        raise PackageError(
            f"{root} is not a source checkout of {PROJECT_NAME} (no pyproject.toml or {HANDLER_FILE}); "
            "build the Lambda package from the repository"
        )
    return root


def canonical_name(name: str) -> str:
    """PEP 503 normalised project name: ``Flask_Ask.SDK`` → ``flask-ask-sdk``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def requirement_name(requirement: str) -> str:
    """The canonical project name a PEP 508 requirement string is about."""
    found = _REQUIREMENT_NAME.match(requirement)
    if found is None:
        raise PackageError(f"cannot read the requirement {requirement!r} in pyproject.toml")
    return canonical_name(found.group(1))


def _pyproject(root: Path) -> dict[str, object]:
    with (root / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)


def lambda_requirements(root: Path) -> tuple[list[str], list[str]]:
    """The pyproject dependencies for the Lambda, split: (bundled, provided by the runtime)."""
    project = _pyproject(root).get("project")
    dependencies = project.get("dependencies", []) if isinstance(project, dict) else []
    bundled: list[str] = []
    provided: list[str] = []
    for requirement in dependencies:
        name = requirement_name(requirement)
        if name in WEB_ONLY:
            continue
        (provided if name in RUNTIME_PROVIDED else bundled).append(requirement)
    return bundled, provided


def _package_data_patterns(root: Path) -> list[str]:
    tool = _pyproject(root).get("tool")
    setuptools = tool.get("setuptools", {}) if isinstance(tool, dict) else {}
    package_data = setuptools.get("package-data", {}) if isinstance(setuptools, dict) else {}
    patterns = package_data.get(PACKAGE_NAME, []) if isinstance(package_data, dict) else []
    return [str(pattern) for pattern in patterns]


def _environment_constraints() -> list[str]:
    """``name==version`` for every distribution installed here except this project itself."""
    pins: dict[str, str] = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name and canonical_name(name) != PROJECT_NAME:
            pins.setdefault(canonical_name(name), dist.version)
    return [f"{name}=={version}" for name, version in sorted(pins.items())]


def _pip_install(
    requirements: list[str], target_dir: Path, target: LambdaTarget, constraints: list[str]
) -> None:
    """``pip install --target`` for the Lambda platform; PackageError with pip's output on failure."""
    command = [
        sys.executable,
        "-m",
        "pip",
        "install",
        "--target",
        str(target_dir),
        "--no-compile",
        "--no-input",
        "--disable-pip-version-check",
        "--quiet",
        "--only-binary=:all:",
        "--implementation",
        "cp",
        "--python-version",
        target.python_version,
    ]
    for platform in target.pip_platforms():
        command += ["--platform", platform]
    if constraints:
        constraints_file = target_dir.parent / "constraints.txt"
        constraints_file.write_text("\n".join(constraints) + "\n", encoding="utf-8")
        command += ["--constraint", str(constraints_file)]
    result = subprocess.run([*command, *requirements], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip().splitlines()
        raise PackageError(
            f"pip could not install {' '.join(requirements)} for {target.runtime} {target.architecture}:\n"
            + "\n".join(output[-20:])
        )


@dataclass(frozen=True)
class _Dist:
    name: str
    version: str
    dist_info: Path
    files: tuple[Path, ...]
    """Files the distribution installed (from RECORD), absolute, existing ones only."""
    wheel_tags: tuple[str, ...]


def _installed(site: Path) -> list[_Dist]:
    dists = []
    for dist_info in sorted(site.glob("*.dist-info")):
        metadata = importlib.metadata.PathDistribution(dist_info)
        files = []
        record = dist_info / "RECORD"
        lines = record.read_text(encoding="utf-8").splitlines() if record.is_file() else []
        for line in lines:
            relative = line.rsplit(",", 2)[0]
            path = (site / relative).resolve()
            if relative and path.is_relative_to(site.resolve()) and path.is_file():
                files.append(path)
        wheel = dist_info / "WHEEL"
        tags = tuple(
            line.split(":", 1)[1].strip()
            for line in (wheel.read_text(encoding="utf-8").splitlines() if wheel.is_file() else [])
            if line.startswith("Tag:")
        )
        dists.append(_Dist(metadata.metadata["Name"], metadata.version, dist_info, tuple(files), tags))
    return dists


def _remove_dist(site: Path, dist: _Dist) -> None:
    """Uninstall one distribution from a ``--target`` directory (its files, then empty folders)."""
    for path in dist.files:
        path.unlink(missing_ok=True)
    shutil.rmtree(dist.dist_info, ignore_errors=True)
    top = site.resolve()
    for start in sorted({p.parent for p in dist.files}, key=lambda p: len(p.parts), reverse=True):
        folder = start
        while folder != top and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent


def _is_compiled(path: Path) -> bool:
    return path.suffix in COMPILED_SUFFIXES or bool(_SHARED_LIBRARY.search(path.name))


def compiled_file_warnings(site: Path, target: LambdaTarget = DEFAULT_TARGET) -> list[str]:
    """One warning per compiled file under ``site`` that may not load on the Lambda ``target``.

    An extension module's own tag decides (``md.cpython-313-aarch64-linux-gnu.so`` matches
    python3.13 on arm64; ``abi3`` needs a Linux wheel for the right machine); other shared
    libraries (``foo.so``, ``libbar.so.1``) are judged by their wheel's platform tags. Files no
    installed distribution owns are reported too: nothing says what they were built for.
    """
    owners: dict[Path, _Dist] = {}
    for dist in _installed(site):
        for path in dist.files:
            owners[path] = dist
    warnings = []
    for path in _walk_files(site):
        if not _is_compiled(path):
            continue
        relative = path.relative_to(site).as_posix()
        owner = owners.get(path.resolve())
        who = f"{owner.name} {owner.version}" if owner else "(no distribution)"
        problem = _compiled_mismatch(path, owner, target)
        if problem:
            warnings.append(
                f"{who}: {relative} {problem}; Lambda {target.runtime} {target.architecture} needs "
                f"{target.extension_tag} (or abi3) built for manylinux {target.machine}"
            )
    return warnings


def _compiled_mismatch(path: Path, owner: _Dist | None, target: LambdaTarget) -> str | None:
    """Why ``path`` may not load on the target, or None when it matches."""
    if path.suffix in {".pyd", ".dylib"}:
        return "is built for Windows or macOS"
    linux_wheel_for_target = owner is not None and any(
        "linux" in tag and tag.endswith(f"_{target.machine}") for tag in owner.wheel_tags
    )
    tagged = _EXTENSION_TAG.search(path.name)
    if tagged and tagged.group(1) != "abi3":
        if tagged.group(1) == target.extension_tag:
            return None
        return f"is built for {tagged.group(1)}"
    if linux_wheel_for_target:
        return None
    if owner is None:
        return "belongs to no installed distribution, so its platform is unknown"
    return f"comes from a wheel tagged {', '.join(owner.wheel_tags) or 'with no platform'}"


def _walk_files(root: Path) -> Iterator[Path]:
    """Every regular file under ``root``, in a stable order."""
    return iter(sorted((path for path in root.rglob("*") if path.is_file()), key=lambda p: p.as_posix()))


def _clean(site: Path) -> None:
    """Drop console scripts, bytecode, bundled test suites and installer bookkeeping."""
    shutil.rmtree(site / "bin", ignore_errors=True)
    for folder in sorted(site.rglob("*"), key=lambda p: len(p.parts), reverse=True):
        if folder.is_dir() and folder.name in JUNK_DIR_NAMES:
            shutil.rmtree(folder)
    for path in list(site.rglob("*")):
        if path.is_file() and (
            path.suffix == ".pyc"
            or (path.parent.name.endswith(".dist-info") and path.name in BOOKKEEPING_FILES)
        ):
            path.unlink()


def target_python(target: LambdaTarget = DEFAULT_TARGET) -> Path | None:
    """A Python of the target runtime's version on this machine, to compile bytecode with; or None.

    Looked for as ``LAMBDA_PYTHON``, then ``pythonX.Y`` on the PATH, then pyenv's installs; each
    candidate is asked its version, since bytecode is only valid for the same X.Y.
    """
    version = target.python_version
    candidates: list[Path] = []
    if os.environ.get("LAMBDA_PYTHON"):
        candidates.append(Path(os.environ["LAMBDA_PYTHON"]))
    on_path = shutil.which(f"python{version}")
    if on_path:
        candidates.append(Path(on_path))
    pyenv = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv") / "versions"
    candidates += sorted(pyenv.glob(f"{version}.*/bin/python"), reverse=True)
    for candidate in candidates:
        try:
            answer = subprocess.run(
                [str(candidate), "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            )
        except OSError:
            continue
        if answer.returncode == 0 and answer.stdout.strip() == version:
            return candidate
    return None


def compile_bytecode(site: Path, python: Path) -> None:
    """Compile every module under ``site`` with ``python``, as Lambda would import it."""
    done = subprocess.run(
        [
            str(python),
            "-W",
            "ignore::SyntaxWarning",  # old escape sequences in ask-sdk-model: harmless, and not ours
            "-m",
            "compileall",
            "-q",
            "--invalidation-mode",
            "unchecked-hash",
            "-s",
            str(site),
            "-p",
            BYTECODE_SOURCE_ROOT,
            str(site),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0:
        raise PackageError(
            f"compiling bytecode with {python} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )


def _copy_project(root: Path, site: Path) -> None:
    """The handler at the root, and the ``skill`` package as its wheel would ship it."""
    shutil.copyfile(root / HANDLER_FILE, site / HANDLER_FILE.name)
    source = root / PACKAGE_NAME
    patterns = ["*.py", *_package_data_patterns(root)]
    for path in _walk_files(source):
        relative = path.relative_to(source)
        if "__pycache__" in relative.parts:
            continue
        if relative.suffix == ".py" or any(fnmatch(relative.as_posix(), p) for p in patterns):
            destination = site / PACKAGE_NAME / relative
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)


def write_function_code(site: Path, root: Path | None = None) -> None:
    """Our part of the zip into ``site``: the handler and the ``skill`` package."""
    _copy_project(root or project_root(), site)


def cut_botocore_data(site: Path) -> None:
    """Replace the data folder of the botocore installed in ``site`` by its cut for DynamoDB.

    The cut is made from that very folder, so it always matches the botocore that will read it
    (devtools/botocore_data.py says what is kept). Raises PackageError when ``site`` has no botocore.
    """
    data = site / BOTOCORE / "data"
    dist = next((d for d in _installed(site) if canonical_name(d.name) == BOTOCORE), None)
    if dist is None or not data.is_dir():
        raise PackageError(f"no botocore with a data folder in {site} to cut")
    cut = site / f"{BOTOCORE}-data-cut"
    write_trimmed_data(cut, source=data, botocore_version=dist.version)
    shutil.rmtree(data)
    cut.rename(data)


def write_reproducible_zip(source: Path, output: Path) -> None:
    """Zip every file under ``source`` with sorted names, fixed dates and modes, fixed compression.

    Written next to ``output`` first, then moved into place: a failed build never leaves half a zip.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=ZIP_LEVEL) as zf:
        for path in _walk_files(source):
            info = zipfile.ZipInfo(path.relative_to(source).as_posix(), date_time=ZIP_DATE)
            info.create_system = ZIP_CREATE_SYSTEM_UNIX
            info.external_attr = (stat.S_IFREG | ZIP_FILE_MODE) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes(), compresslevel=ZIP_LEVEL)
    partial.replace(output)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _names(requirements: Iterable[str]) -> set[str]:
    return {requirement_name(requirement) for requirement in requirements}


def build_lambda_zip(
    output: Path,
    *,
    with_boto3: bool = False,
    target: LambdaTarget = DEFAULT_TARGET,
    root: Path | None = None,
    pin_to_environment: bool = True,
) -> PackageReport:
    """Build the Lambda zip at ``output`` (see the module docstring for what goes in and how).

    ``root`` is the source checkout (default: the one this module lives in). With
    ``pin_to_environment`` the versions installed in the running environment are used where it has
    them. Raises PackageError when pip fails or the tree is incomplete.
    """
    root = root or project_root()
    bundled, provided = lambda_requirements(root)
    provided_names = _names(provided) | RUNTIME_PROVIDED
    constraints = _environment_constraints() if pin_to_environment else []
    with tempfile.TemporaryDirectory(prefix="lambda-package-") as workspace:
        site = Path(workspace) / "site"
        site.mkdir()
        # boto3 is always resolved with the rest, so that shared packages fit the runtime's botocore.
        _pip_install([*bundled, *provided], site, target, constraints)
        if not with_boto3:
            for dist in _installed(site):
                if canonical_name(dist.name) in provided_names:
                    _remove_dist(site, dist)
        warnings = compiled_file_warnings(site, target)
        distributions = sorted(f"{canonical_name(d.name)}=={d.version}" for d in _installed(site))
        _clean(site)
        if not with_boto3:
            cut_botocore_data(site)
        write_function_code(site, root)
        python = target_python(target)
        if python is not None:
            compile_bytecode(site, python)
        else:
            warnings.append(
                f"no Python {target.python_version} here to compile bytecode with (set LAMBDA_PYTHON): "
                "every cold start will compile the modules it imports from source"
            )
        files = list(_walk_files(site))
        unpacked = sum(path.stat().st_size for path in files)
        write_reproducible_zip(site, output)
    size = output.stat().st_size
    if size > LAMBDA_MAX_ZIP_BYTES:
        warnings.append(f"the zip is {size} bytes; Lambda takes at most {LAMBDA_MAX_ZIP_BYTES} directly")
    if unpacked > LAMBDA_MAX_UNPACKED_BYTES:
        warnings.append(f"unpacked it is {unpacked} bytes; Lambda allows {LAMBDA_MAX_UNPACKED_BYTES}")
    return PackageReport(
        path=output,
        size_bytes=size,
        unpacked_bytes=unpacked,
        file_count=len(files),
        sha256=_sha256(output),
        distributions=distributions,
        warnings=warnings,
        bytecode_python=str(python) if python is not None else "",
    )


def install_for_lambda(
    requirements: list[str],
    site: Path,
    *,
    leave_out: frozenset[str] = frozenset(),
    target: LambdaTarget = DEFAULT_TARGET,
    constraints: list[str] | None = None,
) -> list[str]:
    """Install ``requirements`` into ``site`` as a zip for ``target`` holds them; ``name==version`` each.

    The way :func:`build_lambda_zip` installs our dependencies, for other code that must be laid out
    as Lambda runs it (the benchmark's baseline skill and stand-ins for the runtime's boto3): wheels
    for the target's platform and Python, pinned to this environment unless ``constraints`` are
    given, the distributions named in ``leave_out`` removed again, installer bookkeeping dropped.
    """
    site.mkdir(parents=True, exist_ok=True)
    pins = _environment_constraints() if constraints is None else constraints
    _pip_install(requirements, site, target, pins)
    for dist in _installed(site):
        if canonical_name(dist.name) in leave_out:
            _remove_dist(site, dist)
    installed = sorted(f"{canonical_name(d.name)}=={d.version}" for d in _installed(site))
    _clean(site)
    return installed


def human_size(size: int) -> str:
    """``1.9 MB`` / ``840 KB``: for the command's one-line summary."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.0f} KB"
