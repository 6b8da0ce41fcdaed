"""Changing the pace ("slower", "a bit faster", "normal speed"), remembered for next time.

Said over a part, that part is said again at the new pace; said after a part heard to its end,
nothing is replayed and the next part comes at the new pace.
"""

from __future__ import annotations

from dataclasses import replace

from skill import timeline
from skill.coach.coaching import play
from skill.coach.reply import Reply, text
from skill.handlers.base import CoachHandler, slot
from skill.session import Turn


class PaceHandler(CoachHandler):
    intents = ("PaceIntent",)

    def answer(self, turn: Turn) -> Reply:
        wanted, _ = slot(turn.input, "pace")
        coach = turn.coach
        current = coach.pace
        if wanted == "slower":
            new, said, edge = timeline.slower(current), turn.words("PACE_SLOWER"), turn.words("PACE_SLOWEST")
        elif wanted == "faster":
            new, said, edge = timeline.faster(current), turn.words("PACE_FASTER"), turn.words("PACE_FASTEST")
        elif wanted == "normal":
            new = timeline.PACE_NORMAL if current != timeline.PACE_NORMAL else None
            said, edge = turn.words("PACE_NORMAL"), turn.words("PACE_ALREADY_NORMAL")
        else:
            return coach.ask(text(turn.words("PACE_WHICH")), turn.words("PACE_WHICH"))
        if new is None:
            # Already there: one sentence, and the routine waits as it was.
            return coach.ask(text(edge), coach.go_on_prompt())
        coach = coach.with_record(replace(coach.record, pace=new))
        if coach.position is None:
            return coach.ask(
                text(said, turn.words("PACE_KEPT_IDLE"), turn.words("NOTHING_STARTED")),
                turn.words("HELP_REPROMPT"),
            )
        if coach.cut_short:
            # Said over a part: that part again, at the new pace.
            return play(coach, coach.position, said, turn.words("PACE_KEPT"))
        # After a finished part: nothing is replayed; the next part comes at the new pace.
        return coach.ask(
            text(said, turn.words("PACE_FROM_NEXT"), turn.words("GO_ON_PROMPT")), turn.words("REPROMPT")
        )
