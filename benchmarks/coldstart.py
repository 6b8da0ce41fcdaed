"""One cold start, run as its own process: import a Lambda module, answer one LaunchRequest.

    python benchmarks/coldstart.py MODULE_DIR EVENT_JSON

Prints one JSON line: how long the import and the first turn took inside the process, how many
DynamoDB calls the turn made, and the process's peak RSS. The parent adds the wall time of the whole
process (interpreter start-up included), which is what a Lambda cold start costs the user.
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


def trimmed_botocore_data() -> bool | None:
    """Whether our skill built its client from the zip's cut of botocore's data (None: not our skill)."""
    module = sys.modules.get("skill.storage.botocore_data")
    return None if module is None else module.trimmed_loader() is not None


def main() -> None:
    module_dir, event_path = sys.argv[1], sys.argv[2]
    # open(), not pathlib: nothing the measured module might import may be loaded before it is timed.
    with open(event_path, encoding="utf-8") as file:  # noqa: PTH123
        event = json.load(file)
    sys.path.insert(0, module_dir)
    started = time.perf_counter()
    import lambda_function  # type: ignore[import-not-found]  # noqa: PLC0415  # the measured import

    imported = time.perf_counter()
    reply = lambda_function.lambda_handler(event, None)
    answered = time.perf_counter()
    speech = ((reply.get("response") or {}).get("outputSpeech") or {}).get("ssml", "")
    print(
        json.dumps(
            {
                "import_ms": (imported - started) * 1000,
                "first_turn_ms": (answered - imported) * 1000,
                "peak_rss_kib": peak_rss_kib(),
                "spoke": bool(speech),
                "trimmed_botocore_data": trimmed_botocore_data(),
            }
        )
    )


if __name__ == "__main__":
    main()
