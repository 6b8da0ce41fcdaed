""" "Turn the sounds off" / "sounds on": the chimes at "go" and at the end of each hold, remembered."""

from __future__ import annotations

from dataclasses import replace

from skill.coach.reply import Reply, text
from skill.handlers.base import CoachHandler, slot
from skill.session import Turn


class SoundsHandler(CoachHandler):
    intents = ("SoundsIntent",)

    def answer(self, turn: Turn) -> Reply:
        wanted, _ = slot(turn.input, "setting")
        coach = turn.coach
        if wanted not in ("on", "off"):
            return coach.ask_for_slot(
                "SoundsIntent", "setting", text(turn.words("SOUNDS_WHICH")), turn.words("SOUNDS_WHICH")
            )
        on = wanted == "on"
        if on == coach.record.sounds:
            said = turn.words("SOUNDS_ALREADY_ON") if on else turn.words("SOUNDS_ALREADY_OFF")
        else:
            coach = coach.with_record(replace(coach.record, sounds=on))
            said = turn.words("SOUNDS_ON") if on else turn.words("SOUNDS_OFF")
        return coach.reply(said)
