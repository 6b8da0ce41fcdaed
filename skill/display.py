"""Adding the screen to an answer, on devices that have one (Echo Show, Echo Spot, Fire TV).

``Turn.ask`` and ``Turn.tell`` call :func:`add_screen` once: a device that lists
``Alexa.Presentation.APL`` in ``supportedInterfaces`` (with a runtime at least the document's
version) gets a RenderDocument directive; any other device gets nothing added, so its response is
byte for byte what it was before screens existed. The screen never changes the speech: it is built
from the same segment (``Turn.play`` sets it) or, for answers in words, from the words said.
The data source is built, and the SDK's APL models imported, only for a device that will show it:
a screenless turn pays nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ask_sdk_core.response_helper import ResponseFactory
from ask_sdk_core.utils.request_util import get_supported_interfaces

from skill import screens

if TYPE_CHECKING:
    from skill.session import Turn

ScreenMaker = Callable[[], dict[str, Any]]
"""Builds a screen's data source when (and only when) the device has a screen."""


def has_screen(turn: Turn) -> bool:
    """The device can show this skill's APL document."""
    try:
        interfaces = get_supported_interfaces(turn.input)
    except AttributeError:  # no context.System.device: an event, not a device
        return False
    apl = getattr(interfaces, "alexa_presentation_apl", None)
    if apl is None:
        return False
    runtime = getattr(apl, "runtime", None)
    return screens.runtime_supports(getattr(runtime, "max_version", None))


def add_screen(turn: Turn, builder: ResponseFactory, speech: str, *, ending: bool, resuming: bool) -> None:
    """Add the turn's screen (or a screen of the words said) to the response being built;
    ``resuming``: the answer asks "resume, or start over?" (its screen has a Resume button)."""
    if not has_screen(turn):
        return
    maker: ScreenMaker | None = turn.screen
    if maker is not None:
        data = maker()
    else:
        if resuming:
            buttons: tuple[str, ...] = (screens.RESUME,)
        elif ending or turn.position is None:
            buttons = ()
        else:
            buttons = (screens.REPEAT, screens.NEXT)
        data = screens.message(turn.words, speech, buttons)
    # Imported here, not at the top: the APL package's __init__ loads every APL model class (about
    # 10 ms of a cold start), which a turn on a screenless device never needs.
    from ask_sdk_model.interfaces.alexa.presentation.apl.render_document_directive import (  # noqa: PLC0415
        RenderDocumentDirective,
    )

    builder.add_directive(
        RenderDocumentDirective(token=screens.TOKEN, document=screens.document(), datasources=data)
    )
