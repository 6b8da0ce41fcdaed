"""The production HTTP server for self-hosting: waitress, with deadlines, a connection cap and a body limit.

Why waitress (https://docs.pylonsproject.org/projects/waitress/): it is maintained (Pylons project,
3.x), pure Python (nothing to compile on a small VPS), runs on Linux, macOS and Windows, and above all
it reads requests on one asynchronous I/O thread and hands only *complete* requests to its worker
threads. So 500 idle or half-sent connections cost 500 sockets, not 500 threads, and a real request is
still answered by a free worker (issue #12, finding 7: Werkzeug's development server made a thread per
connection, 2,001 threads for 2,000 idle ones, and never timed a slow client out). gunicorn's default
sync workers are the opposite (a slow client holds a whole worker; gunicorn's docs ask for a buffering
proxy in front), and cheroot gives each connection a worker thread while it reads the request.

Waitress closes connections idle longer than ``channel_timeout``, but a client that trickles one byte
every few seconds is never idle. :class:`DeadlineServer` adds the missing rule: a connection that has
not delivered a whole request within ``request_timeout_s`` of opening (or of its last answer) is cut
off, whatever it sent meanwhile. Limits, all set here:

- request deadline 30 s from a connection's opening, or its last answer, to a whole request;
- idle timeout 30 s (a connection that sends nothing, or nothing more after its last answer);
- at most 4,000 open connections (above that waitress stops accepting until some close; idle ones
  cost a socket and a few KiB each, and poll() watches them all at once);
- headers at most 16 KiB, body at most 256 KiB (the app itself answers 413 above 128 KiB, as JSON;
  waitress's own, plain-text 413 only past 256 KiB);
- 8 worker threads.

TLS is not here: Alexa needs HTTPS, so put a TLS-terminating proxy or load balancer in front
(docs/deploy.md).
"""

from __future__ import annotations

import logging
import resource
import time
from dataclasses import dataclass
from typing import Any

from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer

__all__ = ["DeadlineServer", "ServerLimits", "make_server"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServerLimits:
    """The limits of :func:`make_server`; the defaults are the production ones (module docstring)."""

    request_timeout_s: float = 30.0
    idle_timeout_s: float = 30.0
    connection_limit: int = 4000
    max_header_bytes: int = 16 * 1024
    max_body_bytes: int = 256 * 1024
    threads: int = 8


class DeadlineChannel(HTTPChannel):  # type: ignore[misc]  # waitress ships no type hints
    """A connection that remembers since when it has been waiting for a whole request.

    The clock starts when the connection opens and again after each answer, and stops while a
    complete request is queued or being served. Whatever the client sends in between does not
    reset it: a trickled header, half a body, or ``\r\n\r\n`` over and over, which waitress parses
    as an empty request and silently starts over from (issue #20, 5: such a client kept its
    connection past 61 s when the clock started at a request's first byte).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.waiting_since = time.time()
        super().__init__(*args, **kwargs)

    def received(self, data: bytes) -> bool:
        """Parse ``data`` as waitress does; a complete request stops the clock (``requests`` holds it)."""
        result: bool = super().received(data)
        if self.requests:
            self.waiting_since = time.time()
        return result

    def service(self) -> None:
        """Serve the queued requests as waitress does (on a worker thread), then restart the clock."""
        try:
            super().service()
        finally:
            self.waiting_since = time.time()


class DeadlineServer(TcpWSGIServer):  # type: ignore[misc]  # waitress ships no type hints
    """Waitress's TCP server, cutting off connections that take longer than the deadline to send a request."""

    channel_class = DeadlineChannel

    def __init__(self, application: Any, *, request_timeout_s: float, **kw: Any) -> None:
        self.request_timeout_s = request_timeout_s
        super().__init__(application, **kw)

    def maintenance(self, now: float) -> None:
        """Waitress's idle check, plus: close connections that have waited too long for a request.

        Runs on the I/O thread every ``cleanup_interval``; a channel with a complete request queued
        or being served is left alone, as waitress does for idle ones.
        """
        super().maintenance(now)
        cutoff = now - self.request_timeout_s
        for channel in list(self.active_channels.values()):
            since = getattr(channel, "waiting_since", None)
            if since is not None and since < cutoff and not channel.requests:
                channel.will_close = True


def _raise_open_file_limit(needed: int) -> None:
    """Let the process hold ``needed`` sockets if the hard limit allows (many systems default to 1,024)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft != resource.RLIM_INFINITY and soft < needed:
        target = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def make_server(app: Any, host: str, port: int, limits: ServerLimits | None = None) -> DeadlineServer:
    """A bound (not yet running) server for ``app``; ``server.run()`` serves until the process stops.

    ``server.effective_port`` is the port bound (useful with ``port=0``).
    """
    chosen = limits or ServerLimits()
    _raise_open_file_limit(chosen.connection_limit + 64)
    adjustments = Adjustments(
        host=host,
        port=port,
        threads=chosen.threads,
        connection_limit=chosen.connection_limit,
        channel_timeout=int(chosen.idle_timeout_s),
        # How often the deadline and idle checks run: a slow client is cut off at most this late.
        cleanup_interval=max(1, round(min(chosen.request_timeout_s, chosen.idle_timeout_s) / 10)),
        max_request_header_size=chosen.max_header_bytes,
        max_request_body_size=chosen.max_body_bytes,
        # poll() rather than select(): select cannot watch file descriptors above 1,023.
        asyncore_use_poll=True,
        ident="foot-routine",
        expose_tracebacks=False,
    )
    return DeadlineServer(app, request_timeout_s=chosen.request_timeout_s, adj=adjustments)
