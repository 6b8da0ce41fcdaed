"""Slow and idle clients against ``foot-routine serve``: what a real request costs while they hold on.

    python -m benchmarks.slow_clients                    # 500 held connections, 20 real requests
    python -m benchmarks.slow_clients --connections 2000

It starts ``foot-routine serve`` (waitress, memory store, no signature check) on 127.0.0.1 in its
own process, opens N connections from one client (half of them idle, half with a request half
sent), then times real LaunchRequests one after another, counts the server's threads, closes
everything and prints one line. Loopback only, bounded in count and time; it stops by itself.
The test suite checks the behaviour (answered at all, threads bounded: tests/test_server.py); this
measures the figures in docs/reliability.md.
"""

from __future__ import annotations

import argparse
import http.client
import json
import re
import socket
import statistics
import time
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.servers import skill_web_service
from devtools.envelopes import launch_request

MAX_CONNECTIONS = 2_000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=500)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args(argv)
    if not 0 <= args.connections <= MAX_CONNECTIONS or not 1 <= args.requests <= 1_000:
        parser.error(f"bounded runs only: --connections 0..{MAX_CONNECTIONS}, --requests 1..1000")
    with skill_web_service({"SKILL_STORE": "memory"}) as base_url:
        parts = urlsplit(base_url)
        host, port = parts.hostname or "127.0.0.1", parts.port or 80
        held: list[socket.socket] = []
        try:
            for index in range(args.connections):
                sock = socket.create_connection((host, port), timeout=30)
                if index % 2:
                    sock.sendall(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{")
                held.append(sock)
            latencies: list[float] = []
            for _ in range(args.requests):
                body = json.dumps(launch_request()).encode()
                started = time.perf_counter()
                conn = http.client.HTTPConnection(host, port, timeout=30)
                conn.request("POST", "/", body=body, headers={"Content-Type": "application/json"})
                response = conn.getresponse()
                response.read()
                conn.close()
                latencies.append((time.perf_counter() - started) * 1000)
                if response.status != 200:
                    raise SystemExit(f"HTTP {response.status}")
            threads = _server_threads(port)
        finally:
            for sock in held:
                sock.close()
    print(
        f"{args.connections} held connections: {args.requests} requests answered, "
        f"median {statistics.median(latencies):.1f} ms, max {max(latencies):.1f} ms; "
        f"server threads {threads}"
    )
    return 0


def _server_threads(port: int) -> str:
    """The thread count of the process listening on ``port`` (Linux /proc), or '?'."""
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if b"serve" in cmdline and f"{port}".encode() in cmdline:
            match = re.search(r"^Threads:\s+(\d+)", status.read_text(), re.MULTILINE)
            return match.group(1) if match else "?"
    return "?"


if __name__ == "__main__":
    raise SystemExit(main())
