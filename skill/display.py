"""Adding the screen to an answer, on devices that have one (Echo Show, Echo Spot, Fire TV).

A device that lists ``Alexa.Presentation.APL`` in ``supportedInterfaces`` (with a runtime at least
the document's version) gets a RenderDocument directive; any other device gets nothing added, so
its response is byte for byte what it was before screens existed. The screen never changes the
speech: the coach builds its data from the same segment, or from the words said
(``skill.coach.state``), and only for a device that will show it; the SDK's APL models are imported
only then, so a screenless turn pays nothing.
"""

from __future__ import annotations

from typing import Any

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.response_helper import ResponseFactory
from ask_sdk_core.utils.request_util import get_supported_interfaces

from skill import screens


def has_screen(handler_input: HandlerInput) -> bool:
    """The device can show this skill's APL document."""
    try:
        interfaces = get_supported_interfaces(handler_input)
    except AttributeError:  # no context.System.device: an event, not a device
        return False
    apl = getattr(interfaces, "alexa_presentation_apl", None)
    if apl is None:
        return False
    runtime = getattr(apl, "runtime", None)
    return screens.runtime_supports(getattr(runtime, "max_version", None))


def add_screen(builder: ResponseFactory, data: dict[str, Any]) -> None:
    """Show the screen whose data source is ``data`` with the response being built."""
    # Imported here, not at the top: the APL package's __init__ loads every APL model class (about
    # 10 ms of a cold start), which a turn on a screenless device never needs.
    from ask_sdk_model.interfaces.alexa.presentation.apl.render_document_directive import (  # noqa: PLC0415
        RenderDocumentDirective,
    )

    builder.add_directive(
        RenderDocumentDirective(token=screens.TOKEN, document=screens.document(), datasources=data)
    )
