"""Changing the pace ("slower", "a bit faster", "normal speed"), remembered for next time.

Said over a part, that part is said again at the new pace; said after a part heard to its end,
nothing is replayed and the next part comes at the new pace.
"""

from __future__ import annotations

from dataclasses import replace

from ask_sdk_model.response import Response

from skill import phrases, timeline
from skill.handlers.base import CoachHandler, slot
from skill.session import Turn, text


class PaceHandler(CoachHandler):
    intents = ("PaceIntent",)

    def answer(self, turn: Turn) -> Response:
        wanted, _ = slot(turn.input, "pace")
        current = turn.pace
        if wanted == "slower":
            new, said, edge = timeline.slower(current), phrases.PACE_SLOWER, phrases.PACE_SLOWEST
        elif wanted == "faster":
            new, said, edge = timeline.faster(current), phrases.PACE_FASTER, phrases.PACE_FASTEST
        elif wanted == "normal":
            new = timeline.PACE_NORMAL if current != timeline.PACE_NORMAL else None
            said, edge = phrases.PACE_NORMAL, phrases.PACE_ALREADY_NORMAL
        else:
            return turn.ask(text(phrases.PACE_WHICH), phrases.PACE_WHICH)
        if new is None:
            # Already there: one sentence, and the routine waits as it was.
            return turn.ask(text(edge), turn.go_on_prompt())
        turn.update(replace(turn.record, pace=new))
        if turn.position is None:
            return turn.ask(
                text(said, phrases.PACE_KEPT_IDLE, phrases.NOTHING_STARTED), phrases.HELP_REPROMPT
            )
        if turn.cut_short:
            # Said over a part: that part again, at the new pace.
            return turn.play(turn.position, said, phrases.PACE_KEPT)
        # After a finished part: nothing is replayed; the next part comes at the new pace.
        return turn.ask(text(said, phrases.PACE_FROM_NEXT, phrases.GO_ON_PROMPT), phrases.REPROMPT)
