""" "Turn the sounds off" / "sounds on": the chimes at "go" and at the end of each hold, remembered."""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_model.response import Response

from skill.handlers.base import CoachHandler, slot
from skill.session import Turn, text


class SoundsHandler(CoachHandler):
    intents = ("SoundsIntent",)

    def answer(self, turn: Turn) -> Response:
        wanted, _ = slot(turn.input, "setting")
        if wanted not in ("on", "off"):
            return turn.ask_for_slot(
                "SoundsIntent", "setting", text(turn.words("SOUNDS_WHICH")), turn.words("SOUNDS_WHICH")
            )
        on = wanted == "on"
        if on == turn.record.sounds:
            said = turn.words("SOUNDS_ALREADY_ON") if on else turn.words("SOUNDS_ALREADY_OFF")
        else:
            turn.update(replace(turn.record, sounds=on))
            said = turn.words("SOUNDS_ON") if on else turn.words("SOUNDS_OFF")
        return turn.reply(said)
