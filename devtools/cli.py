"""The ``foot-routine`` command: ``serve`` (the skill as a web service), ``chat`` (the local coach),
``screens`` (the Echo Show screens as PNG files),
``package`` (the Lambda zip) and ``ask-project`` (the ASK CLI project for ``ask deploy``)."""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="foot-routine", description="my foot routine: an Alexa foot-exercise coach"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the skill as a web service at POST / (waitress)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument(
        "--no-verify-signature",
        action="store_true",
        help="accept unsigned requests (local tools only: anyone who can reach the port can use the skill)",
    )
    serve.add_argument(
        "--request-timeout",
        type=float,
        default=30.0,
        help="seconds a client has to send a whole request, from its first byte (default: 30)",
    )
    serve.add_argument(
        "--idle-timeout", type=int, default=30, help="seconds an idle connection is kept (default: 30)"
    )
    serve.add_argument(
        "--connection-limit", type=int, default=4000, help="most open connections (default: 4000)"
    )

    chat = commands.add_parser("chat", help="talk to the skill by typing, with no Alexa device")
    chat.add_argument(
        "--speed", type=float, default=1.0, help="play pauses N times faster (default: real time)"
    )
    chat.add_argument("--user", default="local-user", help="whose progress to use (default: local-user)")
    chat.add_argument(
        "--no-timeout",
        action="store_true",
        help="keep listening for ever (an Echo listens about 8 s, then once more after the reprompt)",
    )
    chat.add_argument(
        "--locale",
        default="en-US",
        help="the Echo's locale (en-US, de-DE, ja-JP, ...): what you type is understood through "
        "interaction_models/LOCALE.json and sent with that request.locale (default: en-US)",
    )
    chat.add_argument(
        "--person",
        default=None,
        help="play a speaker Alexa recognises by voice (NAME): their own place, pace and dose",
    )

    package = commands.add_parser(
        "package", help="build the AWS Lambda zip for lambda/template.yaml (see docs/deploy.md)"
    )
    package.add_argument(
        "--output",
        type=Path,
        default=Path("dist/lambda.zip"),
        help="where to write the zip (dist/lambda.zip)",
    )
    package.add_argument(
        "--with-boto3",
        action="store_true",
        help="bundle boto3 and s3transfer too, with botocore's full data (about 30 MB more unpacked)",
    )

    ask_project = commands.add_parser(
        "ask-project", help="write the ASK CLI project (skill.json and models) for `ask deploy`"
    )
    ask_project.add_argument(
        "--output", type=Path, default=Path("build/ask"), help="project folder (build/ask)"
    )
    ask_project.add_argument(
        "--lambda-arn",
        help="the SkillFunctionArn output of the SAM stack: the skill's endpoint (omit on the first deploy)",
    )

    shots = commands.add_parser(
        "screens", help="render the routine's Echo Show screens to PNG (needs Chromium: see README)"
    )
    shots.add_argument(
        "--viewport",
        default="echo-show-8",
        help="echo-spot, echo-show-5, echo-show-8, echo-show-15 or fire-tv",
    )
    shots.add_argument("--out", type=Path, default=Path("build/screens"), help="folder (build/screens)")
    shots.add_argument("--theme", choices=("dark", "light"), default="dark")
    shots.add_argument("--locale", default="en-US", help="the words' locale (de-DE, ja-JP, ar-SA, ...)")

    commands.add_parser(
        "models",
        help="write the regional models (en-GB, es-MX, fr-CA, ...) from their source and locales.json",
    )
    commands.add_parser(
        "catalogues", help="compile skill/locales/*/LC_MESSAGES/messages.po to .mo, and check them all"
    )
    commands.add_parser("languages", help="write docs/languages.md: the first minute in every locale")

    args = parser.parse_args(argv)
    if args.command in ("languages", "catalogues", "models"):
        return _write_sources(args.command)
    if args.command == "screens":
        return _screens(args.viewport, args.out, args.theme, args.locale)
    if args.command == "package":
        return _package(args.output, with_boto3=args.with_boto3)
    if args.command == "ask-project":
        return _ask_project(args.output, lambda_arn=args.lambda_arn)
    if args.command == "chat":
        _check_chat(parser, args)
    # Imported here, not at the top: `--help` stays instant and each command loads only what it uses.
    from skill.app import build_skill  # noqa: PLC0415
    from skill.storage import store_from_env  # noqa: PLC0415

    store = store_from_env()
    skill_id = os.environ.get("SKILL_ID") or None
    if args.command == "serve":
        from skill.logs import configure_logging  # noqa: PLC0415
        from webhost.server import ServerLimits  # noqa: PLC0415
        from webhost.web import serve as serve_web  # noqa: PLC0415

        configure_logging(os.environ.get("LOG_LEVEL", "INFO").upper())

        serve_web(
            build_skill(store, skill_id=skill_id),
            args.host,
            args.port,
            verify_signature=not args.no_verify_signature,
            skill_id=skill_id,
            limits=ServerLimits(
                request_timeout_s=args.request_timeout,
                idle_timeout_s=args.idle_timeout,
                connection_limit=args.connection_limit,
            ),
        )
        return 0
    import logging  # noqa: PLC0415

    from devtools.chat import run_chat  # noqa: PLC0415

    # The coach speaks for itself (including "progress may not be saved"); log lines below errors
    # would only interleave with the conversation on the terminal.
    logging.basicConfig(level=logging.ERROR)

    return run_chat(
        store,
        user_id=args.user,
        speed=args.speed,
        stdin=sys.stdin,
        stdout=sys.stdout,
        person=args.person,
        listen=not args.no_timeout,
        locale=args.locale,
    )


def _check_chat(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse a pace that is no pace, and a locale with no interaction model to understand it by."""
    from devtools.nlu import model_candidates  # noqa: PLC0415

    if not (math.isfinite(args.speed) and args.speed > 0):
        parser.error("--speed must be a number greater than zero")
    if not any(candidate.is_file() for candidate in model_candidates(args.locale)):
        parser.error(f"--locale {args.locale}: no interaction_models/{args.locale}.json")


def _screens(name: str, out: Path, theme: str, locale: str) -> int:
    from devtools.viewports import VIEWPORTS  # noqa: PLC0415

    if name not in VIEWPORTS:
        print(f"foot-routine screens: no viewport {name!r}; one of {', '.join(VIEWPORTS)}", file=sys.stderr)
        return 2
    from devtools.aplrender import RendererUnavailable  # noqa: PLC0415
    from devtools.screenshots import write_screens  # noqa: PLC0415

    try:
        written = write_screens(VIEWPORTS[name], out, theme=theme, locale=locale)
    except (RendererUnavailable, ValueError) as error:
        print(f"foot-routine screens: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


def _package(output: Path, *, with_boto3: bool) -> int:
    from devtools.package import PackageError, build_lambda_zip, human_size  # noqa: PLC0415

    try:
        report = build_lambda_zip(output, with_boto3=with_boto3)
    except PackageError as error:
        print(f"foot-routine package: {error}", file=sys.stderr)
        return 1
    size = human_size(report.size_bytes)
    print(f"{report.path}: {size} ({report.size_bytes} bytes, {report.file_count} files)")
    print(f"sha256 {report.sha256}")
    print("includes " + ", ".join(report.distributions))
    if report.bytecode_python:
        print(f"bytecode compiled by {report.bytecode_python}")
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def _ask_project(output: Path, *, lambda_arn: str | None) -> int:
    from devtools.askcli import write_ask_project  # noqa: PLC0415

    try:
        written = write_ask_project(output, lambda_arn=lambda_arn)
    except (ValueError, KeyError, FileNotFoundError) as error:
        print(f"foot-routine ask-project: {error}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    if lambda_arn is None:
        print(
            "note: skill.json has no endpoint yet. Run `ask deploy` in the project to create the skill "
            "and get its id, deploy lambda/template.yaml with that SkillId, then run this again with "
            "--lambda-arn and `ask deploy` once more (docs/deploy.md).",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def _write_sources(command: str) -> int:
    """Files written from other sources: docs/languages.md, the compiled catalogues, regional models."""
    if command == "languages":
        from devtools.languages import write  # noqa: PLC0415

        print(write())
        return 0
    if command == "catalogues":
        from devtools.catalogues import check_catalogues, write_catalogues  # noqa: PLC0415

        for path in write_catalogues():
            print(path)
        problems = check_catalogues()
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1 if problems else 0
    from devtools.askcli import default_models_dir  # noqa: PLC0415
    from devtools.models import write_models  # noqa: PLC0415

    for path in write_models(default_models_dir()):
        print(path)
    return 0
