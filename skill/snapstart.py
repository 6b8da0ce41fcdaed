"""Lambda SnapStart: do the expensive start-up during INIT, and renew what copies must not share.

With SnapStart on (``lambda/template.yaml``, parameter ``SnapStart``), Lambda runs INIT once when a
version is published, snapshots the memory, and starts every later execution environment from that
snapshot. Whatever INIT builds is then free on a cold start, so :func:`prime` builds the skill, its
store and the store's DynamoDB client (importing botocore and loading its models: most of a cold
first turn). It runs only when the template sets :data:`ENV` to ``1``: without SnapStart, INIT time
is paid by the first turn anyway, and a turn that never touches storage should not pay for botocore.

Everything in the snapshot is shared by all copies restored from it, so :func:`after_restore`, which
the Lambda runtime calls in each copy before its first event, renews:

* the ``random`` module's state (botocore's retry jitter draws from it; ``secrets``, ``uuid4`` and
  ``os.urandom`` read the kernel and need nothing);
* the per-process salt of user hashes in logs (``skill.logs``): copies sharing it would make their
  hashes linkable, which a per-process salt promises they are not;
* the DynamoDB client's HTTP connections: a connection opened during INIT would be one socket shared
  by many copies. INIT sends no request, so normally there is none; closing the pools is cheap and
  the client opens fresh connections on its next call.

Credentials are not renewed here: botocore resolves them when the client is built, and on SnapStart
functions Lambda serves them from its container credentials endpoint rather than as environment
variables, so botocore holds refreshable credentials and fetches new ones before they expire.

``snapshot_restore_py`` exists only in Lambda's Python runtimes (3.12 and later), so it is imported
when registering and its absence (a laptop, the tests) is not an error.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from typing import Any

from skill.logs import renew_process_salt

__all__ = ["ENV", "after_restore", "enabled", "prime", "register_hooks", "set_up"]

log = logging.getLogger(__name__)

ENV = "FOOT_ROUTINE_SNAPSTART"
"""Set to ``1`` by lambda/template.yaml when its SnapStart parameter is ``true``."""


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    """Whether the template turned SnapStart on for this function."""
    return (os.environ if environ is None else environ).get(ENV, "").strip() == "1"


def prime() -> Any:
    """Build the skill, its store and (for DynamoDB) the client now; return the store.

    The client is built without a request: no connection and no table access during INIT.
    """
    from skill.app import default_handler  # noqa: PLC0415  # app imports the SDK: only when asked

    _, store = default_handler()
    client = getattr(store, "client", None)  # DynamoDbStore builds its client on first access
    log.info("SnapStart: skill built during INIT", extra={"client": type(client).__name__})
    return store


def after_restore(store: Any = None) -> None:
    """Renew what must differ between copies restored from one snapshot (see the module docstring).

    ``store`` defaults to the Lambda skill's store, if it has been built.
    """
    import random  # noqa: PLC0415  # only here: a turn without SnapStart never needs it

    random.seed()  # from os.urandom
    renew_process_salt()
    if store is None:
        from skill.app import built_store  # noqa: PLC0415

        store = built_store()  # the one the snapshot holds, if any
    drop_connections = getattr(store, "drop_connections", None)  # DynamoDbStore; the others hold none
    if drop_connections is not None:
        drop_connections()


def register_hooks(register: Callable[[Callable[[], None]], Any] | None = None) -> bool:
    """Register :func:`after_restore` with the runtime's ``snapshot_restore_py``; False without it."""
    if register is None:
        try:
            from snapshot_restore_py import (  # type: ignore[import-not-found]  # noqa: PLC0415
                register_after_restore,
            )
        except ImportError:
            log.info("SnapStart: no snapshot_restore_py here (not on Lambda): no restore hooks")
            return False
        register = register_after_restore
    register(after_restore)
    return True


def set_up(environ: Mapping[str, str] | None = None) -> bool:
    """At import of the Lambda module: with SnapStart on, prime and register the hooks; else nothing."""
    if not enabled(environ):
        return False
    register_hooks()
    prime()
    return True
