"""Touch on an Echo Show: the screen's buttons answered exactly like the words they stand for.

A button's ``SendEvent`` comes back as an ``Alexa.Presentation.APL.UserEvent`` request carrying
the screen's token and the button's argument (``skill.screens``: pause, repeat, next, resume).
Each is answered by the same handler as the voice intent (Pause, Repeat, Next, Resume), through
the same Turn: the same engine command, the same saved progress, the same words.
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput

from skill import screens
from skill.coach.reply import Reply
from skill.engine import Engine
from skill.handlers.base import CoachHandler
from skill.session import Turn

USER_EVENT = "Alexa.Presentation.APL.UserEvent"


class TouchHandler(CoachHandler):
    """A button pressed on this skill's screen; any other UserEvent (another token, an unknown
    argument) gets an empty response: nothing said, nothing moved, as for a skill event."""

    request_type = USER_EVENT

    def __init__(self, engine: Engine, voice: dict[str, CoachHandler] | None = None) -> None:
        """``voice``: the handler of the voice intent each button stands for (the handler list in
        skill.handlers passes Pause, Repeat, Next and Resume; handlers never import each other)."""
        super().__init__(engine)
        self.voice: dict[str, CoachHandler] = dict(voice or {})

    @staticmethod
    def command(handler_input: HandlerInput) -> str | None:
        request = handler_input.request_envelope.request
        if getattr(request, "token", None) != screens.TOKEN:
            return None
        arguments = getattr(request, "arguments", None) or []
        first = arguments[0] if arguments else None
        return first if isinstance(first, str) else None

    def answer(self, turn: Turn) -> Reply:
        command = self.command(turn.input)
        if command is None or command not in self.voice:
            return turn.coach.silent()
        return self.voice[command].answer(turn)
