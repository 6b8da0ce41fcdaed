"""Echo Show screens rendered for real: Amazon's APL web renderer in Debian's Chromium, offline.

The tests and ``foot-routine screens`` both draw through this one class, so what a person looks
at is what the tests checked. ``apl-viewhost-web`` 1.4.0 (npm, in ``tools/apl``) ships its renderer
inside the package; the page asks a CDN only for Amazon Ember fonts, which are answered here with a
local Liberation font, and every other outside request is refused: a render never leaves the
machine and is the same every time. Playwright drives the system Chromium (``/usr/bin/chromium``);
its own browser download is not used. The measured facts behind this: docs/screens.md.

Development tooling only: Playwright is in the ``dev`` extra and is imported when a renderer starts.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final

from devtools.viewports import Viewport

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

TOOLS_DIR: Final = Path(__file__).resolve().parent.parent / "tools" / "apl"
PAGE_ORIGIN: Final = "http://apl.localhost/"
CHROMIUM_PATHS: Final = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
FONT_DIR: Final = Path("/usr/share/fonts/truetype/liberation")
FONT_HOST: Final = "cloudfront.net"
_CONTENT_TYPES: Final = {".html": "text/html", ".js": "application/javascript", ".json": "application/json"}
RENDER_TIMEOUT_MS: Final = 60_000
FIRST_PAINT_MS: Final = 300


class RendererUnavailable(RuntimeError):
    """Chromium, Playwright or the npm renderer is missing (the message says how to install it)."""


@dataclass(frozen=True)
class Rendered:
    """One rendered screen: the PNG, the words on it, and what the buttons send when pressed."""

    png: bytes
    text: str
    viewport: Viewport


def find_chromium() -> str | None:
    """The system Chromium's path, or None."""
    for path in CHROMIUM_PATHS:
        if Path(path).is_file():
            return path
    found = shutil.which("chromium")
    return found


def missing() -> str:
    """Why the browser renderer cannot run here ("" when it can)."""
    if find_chromium() is None:
        return "Chromium is not installed (Debian: apt-get install -y chromium fonts-liberation)"
    if not (TOOLS_DIR / "node_modules" / "apl-viewhost-web" / "index.js").is_file():
        return "the APL renderer is not installed (npm ci --prefix tools/apl)"
    try:
        import playwright.sync_api  # noqa: F401, PLC0415
    except ImportError:
        return "Playwright is not installed (pip install -e '.[dev]')"
    return ""


class BrowserRenderer:
    """One headless Chromium page with the APL renderer; start once, render many screens."""

    def __init__(self) -> None:
        problem = missing()
        if problem:
            raise RendererUnavailable(problem)
        from playwright.sync_api import sync_playwright  # noqa: PLC0415

        self._playwright = sync_playwright().start()
        self._loaded: Any = None
        try:
            self._browser = self._playwright.chromium.launch(
                executable_path=find_chromium(), args=["--no-sandbox", "--disable-gpu"]
            )
        except Exception:
            self._playwright.stop()
            raise

    def __enter__(self) -> BrowserRenderer:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._browser.close()
        self._playwright.stop()

    def _page(self, viewport: Viewport) -> Any:
        """The one page, loaded once (the renderer's 5 MB script and its engine), sized for ``viewport``."""
        size: ViewportSize = {"width": viewport.width_dp, "height": viewport.height_dp}
        if self._loaded is None:
            self._loaded = self._browser.new_page(viewport=size)
            self._loaded.route("**/*", _answer)
            self._loaded.goto(PAGE_ORIGIN + "render.html")
        else:
            self._loaded.set_viewport_size(size)
        return self._loaded

    def _show(
        self, document: dict[str, Any], datasources: dict[str, Any], viewport: Viewport, theme: str
    ) -> Any:
        page = self._page(viewport)
        page.evaluate(
            "([doc, data, viewport, theme]) => window.renderApl(doc, data, viewport, theme)",
            [json.dumps(document), json.dumps(datasources), viewport.for_renderer(), theme],
        )
        return page

    def render(
        self,
        document: dict[str, Any],
        datasources: dict[str, Any],
        viewport: Viewport,
        *,
        theme: str = "dark",
        settle_ms: int = FIRST_PAINT_MS,
    ) -> Rendered:
        """Render a document with its data sources; ``settle_ms`` lets its timers run that long."""
        page = self._show(document, datasources, viewport, theme)
        page.wait_for_timeout(max(settle_ms, FIRST_PAINT_MS))
        png: bytes = page.locator("#screen").screenshot()
        words: str = page.inner_text("#screen")
        return Rendered(png=png, text=words, viewport=viewport)

    def press(
        self, document: dict[str, Any], datasources: dict[str, Any], viewport: Viewport, *labels: str
    ) -> list[Any]:
        """Render, click the buttons showing ``labels`` in turn, and return what their SendEvents sent."""
        # A page of its own: after a renderer is destroyed in a page, the next one's buttons were
        # seen to take no clicks there (measured here), so touch gets a fresh page.
        page = self._browser.new_page(viewport={"width": viewport.width_dp, "height": viewport.height_dp})
        try:
            page.route("**/*", _answer)
            page.goto(PAGE_ORIGIN + "render.html")
            page.evaluate(
                "([doc, data, viewport]) => window.renderApl(doc, data, viewport, 'dark')",
                [json.dumps(document), json.dumps(datasources), viewport.for_renderer()],
            )
            page.wait_for_timeout(FIRST_PAINT_MS)
            for label in labels:
                page.get_by_text(label, exact=True).first.click()
            page.wait_for_function(
                f"() => window.aplEvents.length >= {len(labels)}", timeout=RENDER_TIMEOUT_MS
            )
            events: list[Any] = page.evaluate("() => window.aplEvents")
            return events
        finally:
            page.close()


def _answer(route: Any) -> None:
    """Serve tools/apl from the page's origin and fonts from disk; refuse everything else."""
    url: str = route.request.url
    if url.startswith(PAGE_ORIGIN):
        relative = url[len(PAGE_ORIGIN) :].split("?", maxsplit=1)[0]
        path = (TOOLS_DIR / relative).resolve()
        if TOOLS_DIR in path.parents and path.is_file():
            content_type = _CONTENT_TYPES.get(path.suffix, "application/octet-stream")
            route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": content_type})
            return
        route.fulfill(status=404, body=b"")
        return
    if FONT_HOST in url and url.endswith(".ttf"):
        bold = "Bd" in url or "Bold" in url
        font = FONT_DIR / ("LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf")
        route.fulfill(status=200, body=font.read_bytes(), headers={"Content-Type": "font/ttf"})
        return
    route.abort()
