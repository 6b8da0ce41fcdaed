"""The ``foot-routine`` command: ``serve`` (the skill as a web service) and ``chat`` (the local coach)."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="foot-routine", description="my foot routine: an Alexa foot-exercise coach"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the skill as a web service at POST / (flask-ask-sdk)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument(
        "--no-verify-signature",
        action="store_true",
        help="accept unsigned requests (local tools only: anyone who can reach the port can use the skill)",
    )

    chat = commands.add_parser("chat", help="talk to the skill by typing, with no Alexa device")
    chat.add_argument(
        "--speed", type=float, default=1.0, help="play pauses N times faster (default: real time)"
    )
    chat.add_argument("--user", default="local-user", help="whose progress to use (default: local-user)")

    args = parser.parse_args(argv)
    if args.command == "chat" and not (math.isfinite(args.speed) and args.speed > 0):
        parser.error("--speed must be a number greater than zero")
    # Imported here, not at the top: `--help` stays instant and each command loads only what it uses.
    from skill.app import build_skill  # noqa: PLC0415
    from skill.storage import store_from_env  # noqa: PLC0415

    store = store_from_env()
    skill_id = os.environ.get("SKILL_ID") or None
    if args.command == "serve":
        from skill.web import serve as serve_web  # noqa: PLC0415

        serve_web(
            build_skill(store, skill_id=skill_id),
            args.host,
            args.port,
            verify_signature=not args.no_verify_signature,
            skill_id=skill_id,
        )
        return 0
    from skill.chat import run_chat  # noqa: PLC0415

    return run_chat(store, user_id=args.user, speed=args.speed, stdin=sys.stdin, stdout=sys.stdout)


if __name__ == "__main__":
    raise SystemExit(main())
