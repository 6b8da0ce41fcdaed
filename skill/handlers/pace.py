"""Changing the pace ("slower", "a bit faster", "normal speed"), remembered for next time.

Said over a part, that part is said again at the new pace; said after a part heard to its end,
nothing is replayed and the next part comes at the new pace.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_model.response import Response

from skill import timeline
from skill.handlers.base import CoachHandler, slot
from skill.session import Turn, text


class PaceHandler(CoachHandler):
    intents = ("PaceIntent",)

    def answer(self, turn: Turn) -> Response:
        wanted, _ = slot(turn.input, "pace")
        current = turn.pace
        if wanted == "slower":
            new, said, edge = timeline.slower(current), turn.words("PACE_SLOWER"), turn.words("PACE_SLOWEST")
        elif wanted == "faster":
            new, said, edge = timeline.faster(current), turn.words("PACE_FASTER"), turn.words("PACE_FASTEST")
        elif wanted == "normal":
            new = timeline.PACE_NORMAL if current != timeline.PACE_NORMAL else None
            said, edge = turn.words("PACE_NORMAL"), turn.words("PACE_ALREADY_NORMAL")
        else:
            return turn.ask(text(turn.words("PACE_WHICH")), turn.words("PACE_WHICH"))
        if new is None:
            # Already there: one sentence, and the routine waits as it was.
            return turn.ask(text(edge), turn.go_on_prompt())
        turn.update(replace(turn.record, pace=new))
        if turn.position is None:
            return turn.ask(
                text(said, turn.words("PACE_KEPT_IDLE"), turn.words("NOTHING_STARTED")),
                turn.words("HELP_REPROMPT"),
            )
        if turn.cut_short:
            # Said over a part: that part again, at the new pace.
            return turn.play(turn.position, said, turn.words("PACE_KEPT"))
        # After a finished part: nothing is replayed; the next part comes at the new pace.
        return turn.ask(
            text(said, turn.words("PACE_FROM_NEXT"), turn.words("GO_ON_PROMPT")), turn.words("REPROMPT")
        )
