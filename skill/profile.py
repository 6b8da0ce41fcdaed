"""The recognised speaker's given name, from the Customer Profile API (person level).

Alexa sends ``context.System.person`` only for a speaker it recognised by voice; their given name
needs the person-level permission ``alexa::profile:given_name:read``, which the skill asks for by
voice once (skill.handlers.launch). Every failure of the API gives a plain greeting: a name is a
courtesy, never a reason for an error.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_model.services.api_client_request import ApiClientRequest

from skill.alexa_api import AlexaApiClient, AlexaApiError

log = logging.getLogger(__name__)

NAME_SCOPE = "alexa::profile:given_name:read"
NAME_TOKEN = "given-name"
"""The Connections.SendRequest token of our name permission request (reminders have their own)."""
NAME_PATH = "/v2/persons/~current/profile/givenName"
OK, FORBIDDEN = 200, 403
MAX_NAME = 40


@dataclass(frozen=True)
class GivenName:
    name: str = ""
    """The name to greet with; "" when there is none to use."""
    needs_permission: bool = False
    """The API said the person has not granted the name permission (403)."""


def recognised(handler_input: HandlerInput) -> bool:
    """Whether Alexa recognised the speaker by voice (``context.System.person`` is there)."""
    context = handler_input.request_envelope.context
    system = context.system if context is not None else None
    person = system.person if system is not None else None
    return bool(person is not None and person.person_id)


def given_name(handler_input: HandlerInput) -> GivenName:
    """The recognised speaker's given name, or why there is none.

    ``GET /v2/persons/~current/profile/givenName`` with the request's token, judged by status:
    not the SDK's ``UpsServiceClient.get_persons_profile_given_name``, whose error model has no
    code for the API's "ACCESS_DENIED" answer, so a 403 would reach us as a SerializationException
    we could not tell from any other failure.
    """
    context = handler_input.request_envelope.context
    system = context.system if context is not None else None
    token = system.api_access_token if system is not None else None
    if not recognised(handler_input) or system is None or not system.api_endpoint or not token:
        return GivenName()
    request = ApiClientRequest(
        headers=[("Authorization", f"Bearer {token}"), ("Accept", "application/json")],
        url=f"{str(system.api_endpoint).rstrip('/')}{NAME_PATH}",
        method="GET",
    )
    try:
        answer = AlexaApiClient().invoke(request)
    except AlexaApiError as error:
        log.warning("given name could not be read", extra={"error": str(error)[:200]})
        return GivenName()
    if answer.status_code == FORBIDDEN:
        return GivenName(needs_permission=True)
    if answer.status_code != OK:
        log.warning("given name could not be read", extra={"status": answer.status_code})
        return GivenName()
    try:
        name = json.loads(answer.body or "null")
    except ValueError:
        return GivenName()
    if not isinstance(name, str):
        return GivenName()
    cleaned = " ".join(name.split())
    if not cleaned or len(cleaned) > MAX_NAME or not cleaned.isprintable():
        return GivenName()
    return GivenName(cleaned)
