"""Assembling the skill: handlers, interceptors and a store, for Lambda and the web alike."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from http import HTTPStatus
from typing import Any, cast

from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder

from skill import gate, ssml, words
from skill.alexa_api import AlexaApiClient
from skill.engine import Engine
from skill.handlers import all_handlers
from skill.handlers.errors import CatchAllExceptionHandler
from skill.interceptors import LoadProgress, SaveProgress
from skill.logs import configure_logging
from skill.persistence import StorePersistenceAdapter
from skill.routine import Routine, default_routine
from skill.storage import ProgressStore, store_from_env
from skill.turnlog import LogTurn, StartTurn

log = logging.getLogger(__name__)

LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]


def build_builder(
    store: ProgressStore, routine: Routine | None = None, skill_id: str | None = None
) -> CustomSkillBuilder:
    """A skill builder with every handler and interceptor, keeping progress in ``store``."""
    engine = Engine(routine or default_routine())
    adapter = StorePersistenceAdapter(store)
    builder = CustomSkillBuilder(persistence_adapter=adapter, api_client=AlexaApiClient())
    builder.skill_id = skill_id  # type: ignore[assignment]  # the SDK annotates it as None
    for handler in all_handlers(engine):
        builder.add_request_handler(handler)
    builder.add_exception_handler(CatchAllExceptionHandler())
    builder.add_global_request_interceptor(StartTurn())
    builder.add_global_request_interceptor(LoadProgress(engine.routine))
    builder.add_global_response_interceptor(SaveProgress(engine.routine, adapter))
    builder.add_global_response_interceptor(LogTurn())
    return builder


def build_skill(
    store: ProgressStore, routine: Routine | None = None, skill_id: str | None = None
) -> CustomSkill:
    return build_builder(store, routine, skill_id).create()


def error_response(event: Any = None) -> dict[str, Any]:
    """What Alexa hears when a request could not even be read: an apology, not a stack trace, in the
    request's language when its locale can be read."""
    request = event.get("request") if isinstance(event, dict) else None
    locale = request.get("locale") if isinstance(request, dict) else None
    said = words.for_locale(locale if isinstance(locale, str) else None)("ERROR")
    speech = {"type": "SSML", "ssml": ssml.speak(ssml.escape_text(said))}
    return {"version": "1.0", "response": {"outputSpeech": speech, "shouldEndSession": True}}


def lambda_handler_for(store: ProgressStore, skill_id: str | None = None) -> LambdaHandler:
    """The Lambda entry point for a store.

    Every event goes through :func:`skill.gate.read_event` first, the same gate as the web service:
    an event that is not a well-formed Alexa envelope gets the apology (Lambda has no status code)
    and one log line; one for another skill id is refused (PermissionError), never answered. The
    SDK's own ``lambda_handler`` is not used: it deserializes outside the skill's exception
    handlers, and would deserialize a second time what the gate already read.
    """
    skill = build_skill(store, skill_id=skill_id)

    def handle(event: dict[str, Any], context: Any) -> dict[str, Any]:
        try:
            request_envelope = gate.read_event(event, skill.serializer, skill_id)
        except gate.Refused as refusal:
            log.warning("refused event: %s", refusal.reason)
            if refusal.status == HTTPStatus.FORBIDDEN:
                raise PermissionError("request is for another skill") from None
            return error_response(event)
        try:
            response = skill.invoke(request_envelope=request_envelope, context=context)
            result = cast("dict[str, Any]", skill.serializer.serialize(response))
        except Exception as error:
            log.error("could not handle event: %s", type(error).__name__, exc_info=error)
            return error_response(event)
        return result

    return handle


_default: LambdaHandler | None = None
_default_store: ProgressStore | None = None


def default_handler() -> tuple[LambdaHandler, ProgressStore]:
    """The Lambda skill and its store, built once from the environment (SKILL_STORE, SKILL_TABLE, SKILL_ID).

    Logs become JSON lines (level from LOG_LEVEL, default INFO) when it is built, not at import:
    importing the module must not reconfigure a host's logging (tests, the packaging check).
    Built on the first turn, or during INIT with SnapStart (skill/snapstart.py).
    """
    global _default, _default_store  # noqa: PLW0603  # one skill per warm Lambda container
    if _default is None or _default_store is None:
        configure_logging(os.environ.get("LOG_LEVEL", "INFO").upper())
        _default_store = store_from_env()
        _default = lambda_handler_for(_default_store, os.environ.get("SKILL_ID") or None)
    return _default, _default_store


def built_store() -> ProgressStore | None:
    """The Lambda skill's store if :func:`default_handler` has built it (SnapStart's restore hook)."""
    return _default_store


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Lambda entry: the skill from :func:`default_handler`."""
    return default_handler()[0](event, context)
