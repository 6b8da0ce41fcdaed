""" "I'm fine" / "not great" said without being asked ("how are you feeling?" has its answers in
skill.handlers.answers): fine means ready, and "not great" stops like feeling unwell; the coach
never pushes on past it.
"""

from __future__ import annotations

from skill.coach.answers import unasked_feeling
from skill.coach.reply import Reply
from skill.handlers.base import CoachHandler, slot
from skill.session import Turn


class FeelingHandler(CoachHandler):
    intents = ("FeelingIntent",)

    def answer(self, turn: Turn) -> Reply:
        wellbeing, _ = slot(turn.input, "wellbeing")
        return unasked_feeling(turn.coach, wellbeing)
