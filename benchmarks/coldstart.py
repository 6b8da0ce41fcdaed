"""One cold start, run as its own process: import a Lambda module, answer one LaunchRequest.

    python -I -S benchmarks/coldstart.py EVENT_JSON [--after-restore] PATH [PATH ...]

The PATHs go first on ``sys.path``, in order, as Lambda orders its folders (the function's code,
then the runtime's packages: benchmarks/layouts.py); run with ``-I -S`` nothing else is importable
but the standard library. Prints one JSON line: how long the import and the first turn took inside
the process, the process's peak RSS, and which botocore the turn ran on. The parent adds the wall
time of the whole process (interpreter start-up included), which is what a cold start costs the user.

``--after-restore`` measures the SnapStart restore path instead: the import is INIT (with
``FOOT_ROUTINE_SNAPSTART=1`` it builds the skill and its DynamoDB client, which a snapshot keeps),
then the after-restore hook and the first turn are what a restored copy still does before it
answers: ``restore_ms``.

Deliberately imports nothing of its own before the timed import, so it measures only the module.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def peak_rss_kib() -> int:
    """This process's peak RSS: VmHWM on Linux (``ru_maxrss`` keeps the parent's peak across fork + exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:  # noqa: PTH123  # see above
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def botocore_in_use() -> dict[str, object] | None:
    """Where the botocore the turn ran on came from, and how many services its data folder holds."""
    from pathlib import Path  # noqa: PLC0415  # after the measured turn

    module = sys.modules.get("botocore")
    if module is None or module.__file__ is None:
        return None
    data = Path(module.__file__).parent / "data"
    services = [path for path in data.iterdir() if path.is_dir()]
    return {"file": module.__file__, "version": module.__version__, "services": len(services)}


def main() -> None:
    event_path, *paths = sys.argv[1:]
    after_restore = "--after-restore" in paths
    paths = [path for path in paths if path != "--after-restore"]
    # open(), not pathlib: nothing the measured module might import may be loaded before it is timed.
    with open(event_path, encoding="utf-8") as file:  # noqa: PTH123
        event = json.load(file)
    sys.path[:0] = paths
    started = time.perf_counter()
    import lambda_function  # type: ignore[import-not-found]  # noqa: PLC0415  # the measured import

    imported = time.perf_counter()
    restore_ms = None
    if after_restore:
        from skill import snapstart  # noqa: PLC0415  # loaded by INIT already

        snapstart.after_restore()
        restore_ms = (time.perf_counter() - imported) * 1000
        imported = time.perf_counter()
    reply = lambda_function.lambda_handler(event, None)
    answered = time.perf_counter()
    speech = ((reply.get("response") or {}).get("outputSpeech") or {}).get("ssml", "")
    print(
        json.dumps(
            {
                "import_ms": (imported - started) * 1000,
                "first_turn_ms": (answered - imported) * 1000,
                "restore_ms": restore_ms,
                "peak_rss_kib": peak_rss_kib(),
                "spoke": bool(speech),
                "botocore": botocore_in_use(),
            }
        )
    )


if __name__ == "__main__":
    main()
