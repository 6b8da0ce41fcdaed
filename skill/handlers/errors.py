"""The last resort: apologise, keep the session and the saved progress, never read a stack trace."""

from __future__ import annotations

import logging

from ask_sdk_core.dispatch_components.exception_components import AbstractExceptionHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.response import Response

from skill import words
from skill.coach.reply import text
from skill.turnlog import describe_request

log = logging.getLogger(__name__)


class CatchAllExceptionHandler(AbstractExceptionHandler):
    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        request = handler_input.request_envelope.request
        log.error(
            "unhandled %s for %s",
            type(exception).__name__,
            getattr(request, "object_type", "?"),
            exc_info=exception,
            extra=describe_request(handler_input),
        )
        if getattr(request, "object_type", "") == "SessionEndedRequest":
            return handler_input.response_builder.response
        said = words.for_locale(getattr(request, "locale", None))
        builder = handler_input.response_builder.speak(text(said("ERROR"))).ask(text(said("ERROR_REPROMPT")))
        return builder.set_should_end_session(False).response
