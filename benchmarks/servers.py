"""Local servers for measurements: Amazon's DynamoDB Local and the skill's web service.

Each runs in its own process, so the process that measures (and its threads) shares no GIL with
what is measured, and each listens on 127.0.0.1 only, on a port the OS picks. Use them as context
managers: they stop themselves however the measurement ends.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

LOOPBACK = "127.0.0.1"
START_TIMEOUT_S = 30.0


def free_port() -> int:
    """A loopback port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
    return port


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout_s: float = START_TIMEOUT_S) -> None:
    """Poll ``url`` until it answers at all (any HTTP status), or fail if the process died."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server at {url} did not answer within {timeout_s:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _bin(name: str) -> str:
    """A console script of this environment (beside the running interpreter)."""
    return str(Path(sys.executable).with_name(name))


@contextmanager
def dynamodb_server() -> Iterator[str]:
    """Amazon's DynamoDB Local (own JVM process, in memory: devtools/dynamodb_local.py); yields its URL."""
    from devtools.dynamodb_local import DynamoDbLocal  # noqa: PLC0415 - only the benchmarks with a table

    with DynamoDbLocal() as server:
        yield server.endpoint


@contextmanager
def skill_web_service(env: Mapping[str, str]) -> Iterator[str]:
    """``foot-routine serve`` without signature checks (loopback only) in a subprocess; yields its URL."""
    port = free_port()
    process = subprocess.Popen(
        [_bin("foot-routine"), "serve", "--host", LOOPBACK, "--port", str(port), "--no-verify-signature"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "LOG_LEVEL": "WARNING", **env},
    )
    url = f"http://{LOOPBACK}:{port}"
    try:
        wait_until_up(url + "/health", process)
        yield url
    finally:
        _stop(process)
