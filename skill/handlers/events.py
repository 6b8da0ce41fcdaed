"""Skill events Alexa sends outside any conversation: a user disabling the skill forgets them.

Every other event (the skill enabled, a permission granted or changed, an account linked, a
reminder's status) gets an empty response too: Alexa plays nothing for events, and answering
one with speech from the catch-all would only make noise in the logs.

``AlexaSkillEvent.SkillDisabled`` arrives with no session (and so no session attributes); the
user id is in ``context.System.user``. The record is deleted through the ASK SDK's attributes
manager, which calls :meth:`skill.persistence.StorePersistenceAdapter.delete_attributes`.
Alexa expects no speech for a skill event, only a response; a store that fails is logged, not
raised, so the event is still acknowledged (Alexa does not promise to retry, so the log line is the
trace to clean up by hand).
"""

from __future__ import annotations

import logging

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_request_type
from ask_sdk_model.response import Response

from skill.handlers.base import Handler
from skill.persistence import user_id_of
from skill.storage.base import StorageError, person_key

log = logging.getLogger(__name__)

SKILL_DISABLED = "AlexaSkillEvent.SkillDisabled"


class SkillDisabledHandler(Handler):
    """The user disabled the skill: delete their record and answer with an empty response."""

    request_type = SKILL_DISABLED

    def handle(self, handler_input: HandlerInput) -> Response:
        try:
            handler_input.attributes_manager.delete_persistent_attributes()
        except StorageError as error:
            # Alexa does not send the event again, so this line is how the record gets deleted: it
            # names the store (in the error) and the keys to delete, unredacted (skill.logs.OPERATOR_FIELDS),
            # and nothing else of the user (issue #20, 7: a salted hash alone helped nobody).
            user_id = user_id_of(handler_input.request_envelope)
            log.error(
                "record of a user who disabled the skill could not be deleted: %s; delete the item "
                "delete_key and every item whose key starts with delete_key_prefix by hand",
                error,
                extra={"delete_key": user_id, "delete_key_prefix": person_key(user_id, "")},
            )
        except ValueError as error:  # no context.System.user.userId: nobody to forget
            log.warning("skill disabled event without a user id: %s", error)
        return handler_input.response_builder.response


class OtherEventHandler(Handler):
    """Any other ``AlexaSkillEvent.*`` or ``Reminders.*`` event: acknowledged, nothing said or stored."""

    PREFIXES = ("AlexaSkillEvent.", "Reminders.")

    def can_handle(self, handler_input: HandlerInput) -> bool:
        kind = str(get_request_type(handler_input) or "")
        return kind.startswith(self.PREFIXES)

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.response


class ExceptionEncounteredHandler(Handler):
    """Alexa reports that our last response was refused (``System.ExceptionEncountered``).

    Alexa plays nothing in reply and expects no speech (issue #20, 7: the catch-all answered it with
    an apology and a traceback). One warning line says what Alexa reported, for whoever reads the logs.
    """

    request_type = "System.ExceptionEncountered"

    def handle(self, handler_input: HandlerInput) -> Response:
        error = getattr(handler_input.request_envelope.request, "error", None)
        log.warning(
            "Alexa reported an error with a response: %s: %s",
            _name(getattr(error, "object_type", None)),
            str(getattr(error, "message", None))[:300],
        )
        return handler_input.response_builder.response


class ScreenErrorHandler(Handler):
    """The device could not show our screen (``Alexa.Presentation.APL.RuntimeError``: a LIST_ERROR,
    say). The speech was heard already; nothing more is said and the session goes on as it was. One
    warning line names the errors (type and reason), without a traceback (issue #20, 7)."""

    request_type = "Alexa.Presentation.APL.RuntimeError"

    def handle(self, handler_input: HandlerInput) -> Response:
        errors = getattr(handler_input.request_envelope.request, "errors", None) or []
        described = [
            f"{_name(getattr(error, 'object_type', '?'))}/{_name(getattr(error, 'reason', '?'))}"
            for error in errors[:5]
        ]
        log.warning("the screen reported errors: %s", ", ".join(described)[:300] or "none named")
        return handler_input.response_builder.response


def _name(value: object) -> object:
    """An SDK enum's value ("LIST_ERROR"), anything else as it is."""
    return getattr(value, "value", value)
