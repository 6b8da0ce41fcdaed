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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypedDict

from devtools import aplrender
from devtools.envelopes import Device, ListeningClock, Reply
from devtools.viewports import Viewport, apl_interfaces
from skill import screens
from skill.words import for_locale, supported

if TYPE_CHECKING:
    from devtools.aplrender import BrowserRenderer, TextBox

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


def walk(viewport: Viewport, locale: str = "en-US") -> list[Screen]:
    """Every screen of the routine for a new user (welcome, each part, the finale), then help, pause
    and welcome back, in ``locale``'s words (intents, not typed words: a locale may have no model
    yet)."""
    from skill.app import lambda_handler_for  # noqa: PLC0415  # builds the skill: only when asked
    from skill.storage.memory import MemoryStore  # noqa: PLC0415

    def echo_show() -> Device:
        return Device(
            lambda_handler_for(MemoryStore()),
            clock=ListeningClock(START),
            locale=locale,
            supported_interfaces=apl_interfaces(),
            viewport=viewport.context(),
        )

    done_title = for_locale(locale)("SCREEN_DONE")
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
        if reply.ends_session or title.get("title") == done_title:
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


class Language(TypedDict):
    """A screen's language and direction, as :meth:`BrowserRenderer.render` takes them."""

    language: str
    direction: str


def language_of(datasources: dict[str, Any]) -> Language:
    """The screen's language and direction, as the renderer takes them (``render(**...)``)."""
    properties = datasources[screens.DATASOURCE]["properties"]
    return {"language": str(properties["lang"]), "direction": str(properties["direction"])}


def write_screens(viewport: Viewport, out: Path, *, theme: str = "dark", locale: str = "en-US") -> list[Path]:
    """Render every screen of the routine in ``locale`` to PNG files in ``out``; the paths written.

    ValueError: no catalogue for ``locale``."""
    from devtools.aplrender import BrowserRenderer  # noqa: PLC0415  # Playwright: a dev dependency

    if not supported(locale):
        raise ValueError(f"no catalogue for locale {locale!r} (skill/locales/)")

    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with BrowserRenderer() as renderer:
        for screen in walk(viewport, locale):
            shown = renderer.render(
                screen.document,
                running(screen.datasources),
                viewport,
                theme=theme,
                settle_ms=RUN_TIMERS_MS,
                **language_of(screen.datasources),
            )
            path = out / f"{screen.name}.png"
            path.write_bytes(shown.png)
            written.append(path)
    return written


ELLIPSIS: Final = "\u2026"
SLACK_PX: Final = 1.5
"""Rounding between the renderer's layout (whole pixels) and the browser's text measurement."""


def fit_problems(boxes: Sequence[TextBox], datasources: dict[str, Any], viewport: Viewport) -> list[str]:
    """What does not fit on a rendered screen: a text cut short by its line limit (the renderer
    ends it with "…"), taller than its box, with a word wider than its box (broken inside the
    word), or reaching off the screen. Empty list: every text fits."""
    shown = {" ".join(text.split()) for text in aplrender.strings(datasources)}
    found: list[str] = []
    for box in boxes:
        words = " ".join(box.text.split())
        if not words:
            continue
        where = f"{words[:40]!r} on {viewport.name}"
        if words.endswith(ELLIPSIS) and words not in shown:
            found.append(f"{where}: cut short after {box.lines} lines")
        if box.needed_height > box.height + SLACK_PX:
            found.append(f"{where}: needs {box.needed_height:.0f} px of height, has {box.height:.0f}")
        if box.widest_word > box.width + SLACK_PX:
            found.append(f"{where}: a word needs {box.widest_word:.0f} px, the box is {box.width:.0f}")
        if (
            box.x < -SLACK_PX
            or box.y < -SLACK_PX
            or box.x + box.width > viewport.width_dp + SLACK_PX
            or box.y + box.height > viewport.height_dp + SLACK_PX
        ):
            found.append(f"{where}: reaches off the screen")
    return found


def check_fit(
    renderer: BrowserRenderer, locales: Sequence[str], viewports: Sequence[Viewport]
) -> dict[str, list[str]]:
    """Render every screen of the routine in each locale on each viewport (no pictures: layout
    only) and return what does not fit, by "locale viewport screen"."""
    found: dict[str, list[str]] = {}
    for locale in locales:
        for viewport in viewports:
            for screen in walk(viewport, locale):
                renderer.render(
                    screen.document,
                    screen.datasources,
                    viewport,
                    picture=False,
                    **language_of(screen.datasources),
                )
                problems = fit_problems(renderer.texts(), screen.datasources, viewport)
                if problems:
                    found[f"{locale} {viewport.name} {screen.name}"] = problems
    return found


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m devtools.screenshots --fit [locale ...]``: check that every text of every screen
    fits on every viewport, in every locale (or those named); prints what does not. Some minutes."""
    import argparse  # noqa: PLC0415

    from devtools.aplrender import BrowserRenderer  # noqa: PLC0415
    from devtools.languages import LOCALES  # noqa: PLC0415
    from devtools.viewports import VIEWPORTS  # noqa: PLC0415

    parser = argparse.ArgumentParser(prog="python -m devtools.screenshots")
    parser.add_argument("--fit", action="store_true", required=True)
    parser.add_argument("locales", nargs="*", default=list(LOCALES))
    args = parser.parse_args(argv)
    with BrowserRenderer() as renderer:
        found = check_fit(renderer, args.locales, list(VIEWPORTS.values()))
    for where, problems in found.items():
        for problem in problems:
            print(f"{where}: {problem}")
    print(f"{len(found)} screens with a text that does not fit ({', '.join(args.locales)}; every viewport)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
