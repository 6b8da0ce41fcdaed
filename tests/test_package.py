"""The Lambda package: what ``foot-routine package`` builds is what Lambda can run.

The zip is built once per module with the real pip (PyPI or the local pip cache), then checked
for content, size and reproducibility, and finally *run*: unpacked into a fresh directory and
imported by a separate interpreter whose only packages are the zip's contents and, after them,
boto3 with its dependencies (what the Lambda runtime provides), answering a real LaunchRequest
against Amazon's DynamoDB Local.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import uuid
import warnings
import zipfile
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from devtools.botocore_data import MANIFEST, OPERATIONS
from devtools.envelopes import DEFAULT_SKILL_ID, Caller, launch_request
from devtools.package import (
    DEFAULT_TARGET,
    RUNTIME_PROVIDED,
    LambdaTarget,
    PackageReport,
    build_lambda_zip,
    compiled_file_warnings,
    target_python,
)
from skill.storage import DynamoDbStore

TEMPLATE = Path(__file__).resolve().parent.parent / "lambda" / "template.yaml"
MAX_ZIP_BYTES = 7 * 1000 * 1000
"""Issue #22: 7 MB, up from 5 MiB, because the zip now ships botocore (code about 1.2 MB zipped,
its data cut to ~15 KB) so that the skill runs on the botocore it was tested with rather than on
whatever version the Lambda runtime brings. The rest is held to the old figure below."""
WITHOUT_BOTOCORE_MAX_BYTES = 4_940_000
"""What the zip held before botocore shipped in it (4.94 MB, with the tools): everything but
botocore and jmespath must still fit."""
WELCOME = "Welcome to your foot routine"
WEB_ONLY_TOP_LEVEL = ("flask", "flask_ask_sdk", "werkzeug", "ask_sdk_webservice_support", "platformdirs")
RUNTIME_TOP_LEVEL = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six")
"""What the Lambda Python runtime has on its path besides the function's code (in /var/runtime)."""
MB_PER_VCPU = 1769
"""Lambda allots CPU in proportion to memory: one full vCPU at 1,769 MB."""
REMOVED_FROM_STDLIB = frozenset(
    {
        # Python 3.12
        "asynchat",
        "asyncore",
        "distutils",
        "imp",
        "smtpd",
        # Python 3.13 (PEP 594)
        "aifc",
        "audioop",
        "cgi",
        "cgitb",
        "chunk",
        "crypt",
        "imghdr",
        "lib2to3",
        "mailcap",
        "msilib",
        "nis",
        "nntplib",
        "ossaudiodev",
        "pipes",
        "sndhdr",
        "spwd",
        "sunau",
        "telnetlib",
        "uu",
        "xdrlib",
    }
)
"""Gone by Python 3.13: the zip runs on python3.13 but is run here on this interpreter."""

PYTHON_FLAGS = ("-I", "-S", "-B")
"""Isolated (no PYTHONPATH, no user site, no current directory), no site-packages at all, and no
bytecode written: Lambda's /var/task is read-only, so every cold start compiles what it imports."""

# Run by the separate interpreter: only the two directories given on the command line (and the
# standard library) can be imported. Prints the response and what it cost.
RUN_IN_LAMBDA_LAYOUT = """
import importlib.util, json, sys, time
def peak_rss_mb():  # VmHWM: ru_maxrss would keep the parent's peak across fork + exec
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:")) / 1024
sys.path[:0] = sys.argv[1:3]
event = json.load(sys.stdin)
cpu = time.process_time()
import lambda_function
init_cpu = time.process_time() - cpu
cpu = time.process_time()
first = lambda_function.lambda_handler(event, None)
first_cpu = time.process_time() - cpu
cpu = time.process_time()
lambda_function.lambda_handler(event, None)
warm_cpu = time.process_time() - cpu
names = ("lambda_function", "skill", "ask_sdk_core", "boto3", "botocore", "urllib3", "dateutil")
import botocore, os
print(json.dumps({
    "response": first,
    "origins": {name: sys.modules[name].__file__ for name in names if name in sys.modules},
    "modules": sorted(sys.modules),
    "importable": {name: importlib.util.find_spec(name) is not None for name in sys.argv[3:]},
    "init_cpu_s": init_cpu,
    "first_cpu_s": first_cpu,
    "warm_cpu_s": warm_cpu,
    "peak_rss_mb": peak_rss_mb(),
    "botocore_data": sorted(os.listdir(os.path.join(os.path.dirname(botocore.__file__), "data"))),
}))
"""


@dataclass(frozen=True)
class Built:
    report: PackageReport
    names: list[str]


@dataclass(frozen=True)
class LambdaRun:
    """The unpacked zip's answer to a LaunchRequest, and what it cost."""

    out: dict[str, Any]
    unpacked: Path
    runtime_dir: Path
    stored: bool


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    report = build_lambda_zip(tmp_path_factory.mktemp("dist") / "lambda.zip")
    with zipfile.ZipFile(report.path) as archive:
        names = archive.namelist()
    return Built(report, names)


@pytest.fixture(scope="module")
def unpacked(built: Built, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("task")  # Lambda unpacks to /var/task
    with zipfile.ZipFile(built.report.path) as archive:
        archive.extractall(directory)
    return directory


@pytest.fixture(scope="module")
def runtime_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Links to this environment's boto3 and its dependencies only: a stand-in for /var/runtime."""
    directory = tmp_path_factory.mktemp("runtime")
    for name in RUNTIME_TOP_LEVEL:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, name
        origin = Path(spec.origin)
        source = origin.parent if origin.name == "__init__.py" else origin
        (directory / source.name).symlink_to(source)
    return directory


@pytest.fixture(scope="module")
def lambda_run(
    unpacked: Path, runtime_dir: Path, dynamodb_endpoint: str, tmp_path_factory: pytest.TempPathFactory
) -> LambdaRun:
    table = f"package-{uuid.uuid4().hex[:12]}"
    store = DynamoDbStore(table, endpoint_url=dynamodb_endpoint)
    store.create_table()
    caller = Caller(user_id=f"amzn1.ask.account.PACKAGE-{uuid.uuid4().hex}")
    home = tmp_path_factory.mktemp("home")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "AWS_LAMBDA_FUNCTION_NAME": "foot-routine-package-test",
        "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "SKILL_STORE": "dynamodb",
        "SKILL_TABLE": table,
        "SKILL_ID": DEFAULT_SKILL_ID,
        "DYNAMODB_ENDPOINT": dynamodb_endpoint,
    }
    command = [sys.executable, *PYTHON_FLAGS, "-c", RUN_IN_LAMBDA_LAYOUT, str(unpacked), str(runtime_dir)]
    result = subprocess.run(
        [*command, *WEB_ONLY_TOP_LEVEL],
        input=json.dumps(launch_request(caller=caller)),
        capture_output=True,
        text=True,
        env=env,
        cwd=home,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    out: dict[str, Any] = json.loads(result.stdout)
    print(  # the measurements behind MemorySize in lambda/template.yaml (`pytest -s` shows them)
        {key: round(out[key], 3) for key in ("init_cpu_s", "first_cpu_s", "warm_cpu_s", "peak_rss_mb")}
    )
    return LambdaRun(out, unpacked, runtime_dir, stored=store.load(caller.user_id) is not None)


def test_zip_has_the_handler_the_package_and_its_data(built: Built) -> None:
    assert "lambda_function.py" in built.names
    assert "skill/__init__.py" in built.names
    assert "skill/app.py" in built.names
    assert "skill/storage/dynamodb.py" in built.names
    assert "skill/data/routine.json" in built.names
    assert "ask_sdk_core/__init__.py" in built.names
    # Every language's compiled catalogue ships; what translators edit (.po) and Babel do not.
    for language in ("en", "en_GB", "de", "es", "es_MX", "fr", "fr_CA", "it", "pt", "ja", "hi", "nl", "ar"):
        assert f"skill/locales/{language}/LC_MESSAGES/messages.mo" in built.names
    assert not [name for name in built.names if name.endswith(".po") or name.startswith("babel/")]


def test_zip_leaves_out_tests_tools_bytecode_and_what_lambda_provides(built: Built) -> None:
    tops = {name.split("/")[0] for name in built.names}
    for name in (*RUNTIME_PROVIDED, "tests", "bin", *WEB_ONLY_TOP_LEVEL):
        assert name not in tops, name
    tag = f"cpython-{DEFAULT_TARGET.python_version.replace('.', '')}"
    for name in built.names:
        parts = name.split("/")
        assert "tests" not in parts, name
        assert not name.endswith(("/RECORD", "/INSTALLER", "/direct_url.json")), name
        if name.endswith(".pyc"):  # only the target's own bytecode, where Python looks for it
            assert parts[-2] == "__pycache__" and name.endswith(f".{tag}.pyc"), name
        else:
            assert "__pycache__" not in parts, name
    names = {pinned.partition("==")[0] for pinned in built.report.distributions}
    assert not names & {*RUNTIME_PROVIDED, "flask-ask-sdk", "flask", "platformdirs"}


TARGET_PYTHON = target_python()
needs_target_python = pytest.mark.skipif(
    TARGET_PYTHON is None, reason=f"no Python {DEFAULT_TARGET.python_version} on this machine (LAMBDA_PYTHON)"
)


@needs_target_python
def test_every_module_ships_with_bytecode_for_the_target_python(built: Built) -> None:
    assert built.report.bytecode_python == str(TARGET_PYTHON)
    tag = f"cpython-{DEFAULT_TARGET.python_version.replace('.', '')}"
    for name in built.names:
        if name.endswith(".py"):
            folder, _, module = name.rpartition("/")
            cached = (
                f"{folder}/__pycache__/{module[:-3]}.{tag}.pyc"
                if folder
                else f"__pycache__/{module[:-3]}.{tag}.pyc"
            )
            assert cached in built.names, name


@needs_target_python
def test_the_target_python_runs_the_zip_from_its_bytecode(unpacked: Path, tmp_path: Path) -> None:
    """Python 3.13 alone (no site-packages, no boto3) imports the zip and answers a LaunchRequest.

    A module's source is replaced by one that fails if it is ever compiled: the turn still works,
    so Lambda will run the shipped bytecode and never recompile (its /var/task is read-only).
    """
    assert TARGET_PYTHON is not None
    task = tmp_path / "task"
    shutil.copytree(unpacked, task)
    (task / "skill" / "words.py").write_text("raise SystemExit('the source was compiled')\n")
    script = (
        "import json, sys; sys.dont_write_bytecode = True; sys.path.insert(0, sys.argv[1]); "
        "import lambda_function, skill.words; "
        "reply = lambda_function.lambda_handler(json.loads(sys.stdin.read()), None); "
        "print(json.dumps({'ssml': reply['response']['outputSpeech']['ssml']}))"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "SKILL_STORE": "memory",
        "LOG_LEVEL": "ERROR",
    }
    result = subprocess.run(
        [str(TARGET_PYTHON), "-I", "-c", script, str(task)],
        input=json.dumps(launch_request()),
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = json.loads(result.stdout)
    assert WELCOME in out["ssml"]


TOOL_AND_WEB_MODULES = (
    "nlu", "envelopes", "alexa_fake", "chat", "cli", "package", "askcli", "models",
    "web", "server", "verification", "compat", "aplrender", "screenshots",
)  # fmt: skip


def test_the_zip_ships_the_skill_and_no_tool_or_web_module(built: Built) -> None:
    tops = {name.split("/")[0] for name in built.names}
    assert not tops & {"devtools", "webhost", "benchmarks", "tools"}, tops
    ours = [name for name in built.names if name.startswith("skill/") and name.endswith(".py")]
    shipped = {Path(name).stem for name in ours} | {Path(name).parent.name for name in ours}
    assert not shipped & set(TOOL_AND_WEB_MODULES), sorted(shipped & set(TOOL_AND_WEB_MODULES))
    with zipfile.ZipFile(built.report.path) as archive:
        others = sum(
            info.compress_size
            for info in archive.infolist()
            if info.filename.split("/")[0] not in ("botocore", "jmespath")
        )
    assert others < WITHOUT_BOTOCORE_MAX_BYTES, "smaller than the 4.94 MB zip that shipped the tools"


def test_a_lambda_turn_imports_no_tool_or_web_module(lambda_run: LambdaRun) -> None:
    modules: list[str] = lambda_run.out["modules"]
    assert not [m for m in modules if m.split(".")[0] in ("devtools", "webhost", "flask", "werkzeug")]
    assert not [m for m in modules if m.startswith("skill.") and m.split(".")[-1] in TOOL_AND_WEB_MODULES]


def test_a_screenless_launch_imports_none_of_what_only_other_turns_use(lambda_run: LambdaRun) -> None:
    """Deferred imports stay deferred: the APL models (an Echo Show's screen, about 10 ms) and the
    connections models (a permission prompt) are not loaded by a Launch from a device without one."""
    modules: list[str] = lambda_run.out["modules"]
    assert lambda_run.out["response"]["response"].get("directives") in (None, [])
    deferred = ("ask_sdk_model.interfaces.alexa.presentation.apl", "ask_sdk_model.interfaces.connections")
    assert [m for m in modules if m.startswith(deferred)] == []


def test_zip_is_small(built: Built) -> None:
    assert built.report.size_bytes <= MAX_ZIP_BYTES
    assert built.report.size_bytes == built.report.path.stat().st_size
    assert built.report.file_count == len(built.names)


def test_zip_entries_are_normalised(built: Built) -> None:
    assert built.names == sorted(built.names)
    with zipfile.ZipFile(built.report.path) as archive:
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0), info.filename
            assert info.external_attr >> 16 == 0o100644, info.filename
            assert info.compress_type == zipfile.ZIP_DEFLATED, info.filename
            assert not info.is_dir(), info.filename


def test_same_sources_give_the_same_bytes_through_the_command(built: Built, tmp_path: Path) -> None:
    """A second, independent build with ``foot-routine package``: byte for byte the same zip."""
    result = subprocess.run(
        [sys.executable, "-m", "devtools.cli", "package", "--output", "again.zip"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    again = tmp_path / "again.zip"
    assert hashlib.sha256(again.read_bytes()).hexdigest() == built.report.sha256
    assert again.read_bytes() == built.report.path.read_bytes()
    first_line = result.stdout.splitlines()[0]
    assert first_line.startswith("again.zip: ") and " MB (" in first_line, result.stdout
    assert f"({built.report.size_bytes} bytes, {built.report.file_count} files)" in first_line
    assert f"sha256 {built.report.sha256}" in result.stdout
    assert result.stderr == "", "no warnings"


def test_dependencies_are_the_versions_tested_here(built: Built) -> None:
    for pinned in built.report.distributions:
        name, _, pinned_version = pinned.partition("==")
        assert version(name) == pinned_version, pinned
    names = {pinned.partition("==")[0] for pinned in built.report.distributions}
    assert {"ask-sdk-core", "ask-sdk-model", "ask-sdk-runtime", "python-dateutil", "urllib3"} <= names


def test_compiled_parts_are_built_for_the_lambda_target(built: Built) -> None:
    assert built.report.warnings == []
    compiled = [name for name in built.names if name.endswith(".so")]
    assert all(DEFAULT_TARGET.extension_tag in name for name in compiled), compiled


def test_no_code_in_the_zip_imports_a_module_lambdas_python_lacks(unpacked: Path) -> None:
    """The run below uses this interpreter, which still has modules python3.13 removed."""
    assert DEFAULT_TARGET.python_version == "3.13", "update REMOVED_FROM_STDLIB for the new runtime"
    offenders = []
    for path in unpacked.rglob("*.py"):
        with warnings.catch_warnings():  # old escape sequences in the ASK SDK: not our concern here
            warnings.simplefilter("ignore")
            tree = ast.parse(path.read_bytes(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            offenders += [
                f"{path.relative_to(unpacked)}: {n}" for n in names if n.split(".")[0] in REMOVED_FROM_STDLIB
            ]
    assert offenders == []


def test_a_compiled_file_for_another_platform_is_named_in_a_warning(tmp_path: Path) -> None:
    """A real on-disk install layout: a wheel for this machine's CPython, not Lambda's."""
    site = tmp_path / "site"
    package = site / "fastthing"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "_speed.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\x7fELF")
    (package / "_ok.cpython-313-aarch64-linux-gnu.so").write_bytes(b"\x7fELF")
    (site / "stray.so").write_bytes(b"\x7fELF")
    dist_info = site / "fastthing-1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: fastthing\nVersion: 1.0\n")
    (dist_info / "WHEEL").write_text("Wheel-Version: 1.0\nTag: cp311-cp311-manylinux_2_17_x86_64\n")
    (dist_info / "RECORD").write_text(
        "fastthing/__init__.py,,\nfastthing/_speed.cpython-311-x86_64-linux-gnu.so,,\n"
        "fastthing/_ok.cpython-313-aarch64-linux-gnu.so,,\nfastthing-1.0.dist-info/RECORD,,\n"
    )

    found = compiled_file_warnings(site, LambdaTarget("python3.13", "arm64"))

    assert len(found) == 2
    speed, stray = found
    assert speed.startswith("fastthing 1.0: fastthing/_speed.cpython-311-x86_64-linux-gnu.so")
    assert "cpython-311-x86_64-linux-gnu" in speed and "cpython-313-aarch64-linux-gnu" in speed
    assert stray.startswith("(no distribution): stray.so")
    on_x86 = compiled_file_warnings(site, LambdaTarget("python3.11", "x86_64"))
    assert [warning.split(".so ")[0] + ".so" for warning in on_x86] == [
        "fastthing 1.0: fastthing/_ok.cpython-313-aarch64-linux-gnu.so",
        "(no distribution): stray.so",
    ]


def test_the_unpacked_zip_answers_a_launch_request_from_dynamodb(lambda_run: LambdaRun) -> None:
    response = lambda_run.out["response"]["response"]
    assert WELCOME in response["outputSpeech"]["ssml"]
    assert response["shouldEndSession"] is False
    assert lambda_run.stored, "the launch stored the user's record in the table"


def test_the_zip_ships_botocore_with_its_data_cut_to_the_dynamodb_client(
    built: Built, lambda_run: LambdaRun
) -> None:
    """botocore is in the zip, at the version tested here, and its data folder holds only the cut."""
    data = [name.removeprefix("botocore/data/") for name in built.names if name.startswith("botocore/data/")]
    api = next(name.split("/")[1] for name in data if name.startswith("dynamodb/"))
    assert sorted(data) == sorted(
        [
            MANIFEST,
            "_retry.json",
            "endpoints.json",
            "partitions.json",
            "sdk-default-configuration.json",
            f"dynamodb/{api}/endpoint-rule-set-1.json",
            f"dynamodb/{api}/service-2.json",
            f"dynamodb/{api}/waiters-2.json",
        ]
    )
    assert f"botocore=={version('botocore')}" in built.report.distributions
    with zipfile.ZipFile(built.report.path) as archive:
        manifest = json.loads(archive.read(f"botocore/data/{MANIFEST}"))
    assert manifest["botocore"] == version("botocore") and manifest["operations"] == list(OPERATIONS)
    # The turn ran on that botocore (the runtime's, a link to this environment's, came after it).
    assert lambda_run.out["botocore_data"] == sorted([*{name.split("/")[0] for name in data}])


def test_the_turn_ran_on_the_zips_own_packages_not_the_runtimes(lambda_run: LambdaRun) -> None:
    origins: dict[str, str] = lambda_run.out["origins"]
    for name in ("lambda_function", "skill", "ask_sdk_core", "urllib3", "dateutil", "botocore"):
        assert Path(origins[name]).is_relative_to(lambda_run.unpacked), (name, origins[name])
    assert "boto3" not in origins, "a turn talks to DynamoDB through botocore alone (cold start)"
    assert lambda_run.out["importable"] == dict.fromkeys(WEB_ONLY_TOP_LEVEL, False)


def test_the_templates_memory_and_timeout_fit_the_measured_cold_start(lambda_run: LambdaRun) -> None:
    """Even if Lambda throttled the whole cold turn to the template's share of a vCPU."""
    cfn_decode = importlib.import_module("cfnlint.decode")  # cfn-lint's own YAML loader (!Ref, !Sub)
    template, matches = cfn_decode.decode(str(TEMPLATE))
    assert matches == [] and template is not None
    function = template["Resources"]["SkillFunction"]["Properties"]
    memory_mb, timeout_s = function["MemorySize"], function["Timeout"]
    out = lambda_run.out
    cold_cpu_s = out["init_cpu_s"] + out["first_cpu_s"]
    assert cold_cpu_s * MB_PER_VCPU / memory_mb <= timeout_s, (cold_cpu_s, memory_mb)
    assert out["peak_rss_mb"] <= memory_mb / 4, out["peak_rss_mb"]
    assert out["warm_cpu_s"] * MB_PER_VCPU / memory_mb <= 0.5, out["warm_cpu_s"]


# Run by a separate interpreter on the given folders alone: where a DynamoDB client sends a GetItem
# (URL and signing scope) in each region, with and without FIPS, without an endpoint URL (as on AWS).
# A before-send hook that returns a response stands in for the network (botocore's contract).
RESOLVE_ENDPOINTS = """
import json, sys
sys.path[:0] = sys.argv[1:]
import botocore, botocore.session
from botocore.awsrequest import AWSResponse, HTTPHeaders
from botocore.config import Config
class Empty:
    def stream(self, *args, **kwargs):
        yield b"{}"
seen = {}
for region in ("us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1", "eu-isoe-west-1"):
    for fips in (False, True):
        client = botocore.session.get_session().create_client(
            "dynamodb", region_name=region, aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
            config=Config(use_fips_endpoint=fips, retries={"total_max_attempts": 1}))
        key = f"{region} fips={fips}"
        def answer(request, key=key, **_):
            scope = request.headers["Authorization"].decode().split("Credential=")[1].split(",")[0]
            seen[key] = [request.url, scope.split("/", 2)[2]]
            return AWSResponse(request.url, 200, HTTPHeaders(), Empty())
        client.meta.events.register("before-send.dynamodb", answer)
        try:
            client.get_item(TableName="t", Key={"id": {"S": "u"}})
        except botocore.exceptions.BotoCoreError as error:
            seen[key] = ["error", type(error).__name__]
print(json.dumps({"botocore": botocore.__file__, "seen": seen}))
"""


def test_the_zips_botocore_resolves_every_partitions_endpoints_as_the_full_one(
    unpacked: Path, runtime_dir: Path
) -> None:
    """The zip's botocore, with its data cut, against this environment's with its full data: the same
    URL and signing scope in six partitions' regions, with and without FIPS (or the same error)."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }
    answers = {}
    for name, paths in (("zip", [unpacked, runtime_dir]), ("full", [runtime_dir])):
        result = subprocess.run(
            [sys.executable, *PYTHON_FLAGS, "-c", RESOLVE_ENDPOINTS, *map(str, paths)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-3000:]
        answers[name] = json.loads(result.stdout)
    assert Path(answers["zip"]["botocore"]).is_relative_to(unpacked)
    assert Path(answers["full"]["botocore"]).is_relative_to(runtime_dir)
    assert len(answers["zip"]["seen"]) == 12
    assert answers["zip"]["seen"] == answers["full"]["seen"]
