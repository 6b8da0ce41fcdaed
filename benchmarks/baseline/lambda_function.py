"""Hello, world, with a launch counter: the usual ASK SDK pattern, nothing more.

A minimal ask-sdk-core skill that counts launches per user with the ASK SDK's own
ask-sdk-dynamodb-persistence-adapter, built the way the SDK's samples build it (resource layer,
adapter made at import). It is the yardstick in ``benchmarks/run.py``: whatever our skill costs on
top of this is the price of being a coach rather than a greeting.

Configured like ours: ``SKILL_TABLE`` and, for a local server, ``DYNAMODB_ENDPOINT``.
"""

from __future__ import annotations

import os
from typing import Any

import boto3
from ask_sdk_core.dispatch_components.request_components import AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_core.utils.predicate import is_intent_name, is_request_type
from ask_sdk_dynamodb.adapter import DynamoDbAdapter
from ask_sdk_model.response import Response

dynamodb = boto3.resource("dynamodb", endpoint_url=os.environ.get("DYNAMODB_ENDPOINT") or None)
adapter = DynamoDbAdapter(
    table_name=os.environ.get("SKILL_TABLE", "baseline-launches"),
    create_table=False,
    dynamodb_resource=dynamodb,
)


class LaunchHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type("LaunchRequest")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        attributes = handler_input.attributes_manager.persistent_attributes
        attributes["launches"] = int(str(attributes.get("launches", 0))) + 1
        handler_input.attributes_manager.save_persistent_attributes()
        speech = f"Hello! You have opened this skill {attributes['launches']} times."
        return handler_input.response_builder.speak(speech).ask("Say help for help.").response


class HelpHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_intent_name("AMAZON.HelpIntent")(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.speak("I just count launches.").ask("Say stop.").response


class EverythingElseHandler(AbstractRequestHandler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        return handler_input.response_builder.speak("Goodbye.").set_should_end_session(True).response


builder = CustomSkillBuilder(persistence_adapter=adapter)
builder.add_request_handler(LaunchHandler())
builder.add_request_handler(HelpHandler())
builder.add_request_handler(EverythingElseHandler())
lambda_handler: Any = builder.lambda_handler()
