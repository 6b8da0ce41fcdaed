"""The routine's screens as a simulated Echo Show gets them, for people to look at and for the tests.

A new user walks the whole routine on a simulated Echo Show (``devtools.envelopes.Device`` with the
viewport's ``context.Viewport`` and APL in ``supportedInterfaces``), saying "next" after every
part; every response's RenderDocument directive is kept, so what is drawn is exactly what the skill
sent. ``foot-routine screens`` renders them through :class:`devtools.aplrender.BrowserRenderer`, the
renderer the tests use.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from devtools.envelopes import Device, ListeningClock, Reply
from devtools.viewports import Viewport, apl_interfaces
from skill import screens
from skill.words import for_locale

EN = for_locale("en-US")
"""The coach's English words: what the tests expect to hear."""

START: Final = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
RENDER_DIRECTIVE: Final = "Alexa.Presentation.APL.RenderDocument"
RUN_TIMERS_MS: Final = 1500
"""How long a picture lets the first timer run (its start moved to the beginning of the render)."""


@dataclass(frozen=True)
class Screen:
    """One response's screen: a name for its file, the directive's document and data source."""

    name: str
    said: str
    document: dict[str, Any]
    datasources: dict[str, Any]

    @property
    def properties(self) -> dict[str, Any]:
        found: dict[str, Any] = self.datasources[screens.DATASOURCE]["properties"]
        return found


def directive_of(reply: Reply) -> dict[str, Any] | None:
    """The RenderDocument directive of a response, or None."""
    for directive in reply.raw.get("response", {}).get("directives") or []:
        if directive.get("type") == RENDER_DIRECTIVE:
            found: dict[str, Any] = directive
            return found
    return None


def _slug(*words: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", " ".join(words).lower()).strip("-")


def walk(viewport: Viewport) -> list[Screen]:
    """Every screen of the routine for a new user (welcome, each part, the finale), then help, pause
    and welcome back."""
    from skill.app import lambda_handler_for  # noqa: PLC0415  # builds the skill: only when asked
    from skill.storage.memory import MemoryStore  # noqa: PLC0415

    def echo_show() -> Device:
        return Device(
            lambda_handler_for(MemoryStore()),
            clock=ListeningClock(START),
            supported_interfaces=apl_interfaces(),
            viewport=viewport.context(),
        )

    device = echo_show()
    found: list[Screen] = []

    def keep(reply: Reply, name: str) -> None:
        directive = directive_of(reply)
        if directive is not None:
            number = f"{len(found) + 1:02d}"
            found.append(
                Screen(f"{number}-{name}", reply.text, directive["document"], directive["datasources"])
            )

    reply = device.launch()
    keep(reply, "welcome")
    while True:  # the finale asks whether Alexa should start the routine (issue #23): it may not end
        reply = device.intent("AMAZON.NextIntent")
        properties = (directive_of(reply) or {}).get("datasources", {}).get(screens.DATASOURCE, {})
        title = properties.get("properties", {})
        if reply.ends_session or title.get("title") == EN("SCREEN_DONE"):
            keep(reply, "finale")
            break
        keep(reply, _slug(title.get("title", ""), title.get("where", "")))
    if device.session_open:
        keep(device.intent("StreakIntent"), "how-am-i-doing")  # the week, with today done
    again = echo_show()  # someone who stopped after the first part, and comes back
    again.launch()
    again.intent("AMAZON.NextIntent")
    keep(again.intent("AMAZON.HelpIntent"), "help")
    keep(again.intent("AMAZON.PauseIntent"), "pause")
    keep(again.launch(), "welcome-back")
    return found


def running(datasources: dict[str, Any], after_ms: int = 0) -> dict[str, Any]:
    """The data source with its timers moved earlier, so the first starts ``after_ms`` into a
    render: a picture of a hold shows its countdown without waiting for the words before it."""
    moved = copy.deepcopy(datasources)
    phases = moved[screens.DATASOURCE]["properties"]["phases"]
    if phases:
        shift = phases[0]["at"] - after_ms
        for phase in phases:
            phase["at"] = max(0, phase["at"] - shift)
    return moved


def write_screens(viewport: Viewport, out: Path, *, theme: str = "dark") -> list[Path]:
    """Render every screen of the routine to PNG files in ``out``; the paths written."""
    from devtools.aplrender import BrowserRenderer  # noqa: PLC0415  # Playwright: a dev dependency

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with BrowserRenderer() as renderer:
        for screen in walk(viewport):
            shown = renderer.render(
                screen.document, running(screen.datasources), viewport, theme=theme, settle_ms=RUN_TIMERS_MS
            )
            path = out / f"{screen.name}.png"
            path.write_bytes(shown.png)
            written.append(path)
    return written
