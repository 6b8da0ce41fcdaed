"""Name-free requests: can this skill take "Alexa, how do I do ankle circles" without its name?

Alexa asks with a ``CanFulfillIntentRequest`` (no speech, no state change; the manifest declares
the ``CAN_FULFILL_INTENT_REQUEST`` interface). Following Alexa's rules for name-free interaction we
say YES only when we can do exactly what was asked: start the routine, or one exercise whose slot
resolved to one of ours. An exercise slot without a value is MAYBE (we would ask which one); a
value we don't know, and every other intent (the built-ins, the in-routine commands), is NO.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.predicate import is_request_type
from ask_sdk_model.canfulfill.can_fulfill_intent import CanFulfillIntent
from ask_sdk_model.canfulfill.can_fulfill_intent_values import CanFulfillIntentValues
from ask_sdk_model.canfulfill.can_fulfill_slot import CanFulfillSlot
from ask_sdk_model.canfulfill.can_fulfill_slot_values import CanFulfillSlotValues
from ask_sdk_model.canfulfill.can_understand_slot_values import CanUnderstandSlotValues
from ask_sdk_model.response import Response

from skill.handlers.base import Handler, slot

CAN_FULFILL = "CanFulfillIntentRequest"
EXERCISE_SLOT = "exercise"


class CanFulfillHandler(Handler):
    def can_handle(self, handler_input: HandlerInput) -> bool:
        return bool(is_request_type(CAN_FULFILL)(handler_input))

    def handle(self, handler_input: HandlerInput) -> Response:
        intent = getattr(handler_input.request_envelope.request, "intent", None)
        name = getattr(intent, "name", None)
        answer = CanFulfillIntent(can_fulfill=CanFulfillIntentValues.NO)
        if name == "StartRoutineIntent":
            answer = CanFulfillIntent(can_fulfill=CanFulfillIntentValues.YES)
        elif name == "ExerciseIntent":
            answer = self.exercise(handler_input)
        handler_input.response_builder.set_can_fulfill_intent(answer)
        return handler_input.response_builder.response

    def exercise(self, handler_input: HandlerInput) -> CanFulfillIntent:
        exercise_id, heard = slot(handler_input, EXERCISE_SLOT)
        if exercise_id in self.engine.routine.exercise_ids:
            verdict, understand, fulfill = (
                CanFulfillIntentValues.YES,
                CanUnderstandSlotValues.YES,
                CanFulfillSlotValues.YES,
            )
        elif heard:
            verdict, understand, fulfill = (
                CanFulfillIntentValues.NO,
                CanUnderstandSlotValues.NO,
                CanFulfillSlotValues.NO,
            )
        else:
            return CanFulfillIntent(can_fulfill=CanFulfillIntentValues.MAYBE)
        slot_answer = CanFulfillSlot(can_understand=understand, can_fulfill=fulfill)
        return CanFulfillIntent(can_fulfill=verdict, slots={EXERCISE_SLOT: slot_answer})
