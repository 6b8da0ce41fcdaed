"""Echo Show screens rendered for real: Amazon's APL web renderer in Debian's Chromium, offline.

The tests and ``foot-routine screens`` both draw through this one class, so what a person looks
at is what the tests checked. ``apl-viewhost-web`` 1.4.0 (npm, in ``tools/apl``) ships its renderer
inside the package; the page asks a CDN only for Amazon Ember fonts, which are answered here with
Debian's Noto fonts from disk, and every other outside request is refused: a render never leaves the
machine and is the same every time. Playwright drives the system Chromium (``/usr/bin/chromium``);
its own browser download is not used. The measured facts behind this: docs/screens.md.

Fonts (issue #21): Amazon Ember has no Arabic, Devanagari or Japanese, and a device picks a font
for those itself. Here each script gets its Noto font (:data:`FONTS`), declared as faces of the
renderer's own family with a ``unicode-range``, so Chromium never reaches for whatever the machine
happens to have; :meth:`BrowserRenderer.fonts_used` reads which fonts really drew each text (the
DevTools protocol) and :func:`missing_glyphs` which characters a font lacks (its ``cmap``).

Right to left: the 1.4 renderer does not know APL 1.7's ``layoutDirection`` and ``lang``, so a
render given ``direction``/``language`` sets them on the page (``<html dir lang>``): the text's
own bidi paragraph and line breaking, as a 1.7 device does for a Text. Where things go on the
screen is the document's own doing (it mirrors its rows from the data), never the page's.

Development tooling only: Playwright is in the ``dev`` extra and is imported when a renderer starts.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final

from devtools.viewports import Viewport

if TYPE_CHECKING:
    from playwright.sync_api import ViewportSize

TOOLS_DIR: Final = Path(__file__).resolve().parent.parent / "tools" / "apl"
PAGE_ORIGIN: Final = "http://apl.localhost/"
CHROMIUM_PATHS: Final = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
NOTO_DIR: Final = Path("/usr/share/fonts/truetype/noto")
"""Debian ``fonts-noto-core``: Noto Sans (Latin, Greek, Cyrillic), Arabic, Devanagari, ..."""
NOTO_CJK_DIR: Final = Path("/usr/share/fonts/opentype/noto")
"""Debian ``fonts-noto-cjk``: one collection per weight; its first font is Noto Sans CJK JP."""
FONT_PACKAGES: Final = "fonts-noto-core fonts-noto-cjk"
FONT_HOST: Final = "cloudfront.net"
FONT_PATH: Final = "fonts/"
EMBER: Final = "amazon-ember-display"
"""The CSS family the renderer gives every APL ``fontFamily`` of the document."""


@dataclass(frozen=True)
class ScriptFont:
    """The Noto font that draws one script, regular and bold, and the characters it is used for."""

    script: str
    family: str
    """The family name Chromium reports having drawn with (``fonts_used``)."""
    regular: Path
    bold: Path
    unicode_range: str
    """CSS ``unicode-range``; "" for the font that answers the Amazon Ember requests (everything else)."""
    local: tuple[str, str] = ("", "")
    """PostScript names (regular, bold) of the installed font, used in place of serving the file:
    the CJK collections are 20 MB each and took Chromium 8 s to load as web fonts (measured here).
    Chromium then reports them as the machine's fonts, by this family name."""

    def ranges(self) -> list[tuple[int, int]]:
        found = []
        for part in filter(None, (piece.strip() for piece in self.unicode_range.split(","))):
            low, _, high = part.removeprefix("U+").partition("-")
            found.append((int(low, 16), int(high or low, 16)))
        return found

    def covers(self, character: str) -> bool:
        return any(low <= ord(character) <= high for low, high in self.ranges())


FONTS: Final = (
    ScriptFont("latin", "Noto Sans", NOTO_DIR / "NotoSans-Regular.ttf", NOTO_DIR / "NotoSans-Bold.ttf", ""),
    ScriptFont(
        "arabic",
        "Noto Sans Arabic",
        NOTO_DIR / "NotoSansArabic-Regular.ttf",
        NOTO_DIR / "NotoSansArabic-Bold.ttf",
        "U+0600-06FF, U+0750-077F, U+08A0-08FF, U+FB50-FDFF, U+FE70-FEFF",
    ),
    ScriptFont(
        "devanagari",
        "Noto Sans Devanagari",
        NOTO_DIR / "NotoSansDevanagari-Regular.ttf",
        NOTO_DIR / "NotoSansDevanagari-Bold.ttf",
        "U+0900-097F, U+1CD0-1CFF, U+200C-200D, U+A8E0-A8FF",
    ),
    ScriptFont(
        "japanese",
        "Noto Sans CJK JP",
        NOTO_CJK_DIR / "NotoSansCJK-Regular.ttc",
        NOTO_CJK_DIR / "NotoSansCJK-Bold.ttc",
        "U+3000-30FF, U+31F0-31FF, U+3400-4DBF, U+4E00-9FFF, U+F900-FAFF, U+FF00-FFEF",
        ("NotoSansCJKjp-Regular", "NotoSansCJKjp-Bold"),
    ),
)
"""The font of each script; the first (no range) answers for Amazon Ember and draws the rest."""
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
    errors: tuple[str, ...] = ()
    """What the page reported as errors during the render (uncaught exceptions, console errors)."""


def find_chromium() -> str | None:
    """The system Chromium's path, or None."""
    for path in CHROMIUM_PATHS:
        if Path(path).is_file():
            return path
    found = shutil.which("chromium")
    return found


def font_for(character: str) -> ScriptFont:
    """The font that draws ``character`` on a render here."""
    return next((font for font in FONTS[1:] if font.covers(character)), FONTS[0])


def missing_glyphs(texts: Iterable[str]) -> dict[str, set[str]]:
    """Characters of ``texts`` that the font drawing them lacks (regular or bold), by font file:
    each would be a tofu box. Spaces and format characters are not drawn and not counted."""
    found: dict[str, set[str]] = {}
    for character in set("".join(texts)):
        if character.isspace() or (0x200B <= ord(character) <= 0x200F):
            continue
        font = font_for(character)
        for path in (font.regular, font.bold):
            if ord(character) not in font_characters(path):
                found.setdefault(path.name, set()).add(character)
    return found


@cache
def font_characters(path: Path) -> frozenset[int]:
    """The code points a TrueType/OpenType font (or the first font of a collection) maps to glyphs:
    its ``cmap`` table's Unicode subtables (formats 4 and 12)."""
    data = path.read_bytes()
    start = 0
    if data[:4] == b"ttcf":
        (start,) = struct.unpack(">I", data[12:16])
    (tables,) = struct.unpack(">H", data[start + 4 : start + 6])
    cmap = None
    for index in range(tables):
        record = start + 12 + 16 * index
        if data[record : record + 4] == b"cmap":
            (cmap,) = struct.unpack(">I", data[record + 8 : record + 12])
    if cmap is None:
        return frozenset()
    found: set[int] = set()
    (subtables,) = struct.unpack(">H", data[cmap + 2 : cmap + 4])
    for index in range(subtables):
        platform, encoding, offset = struct.unpack(">HHI", data[cmap + 4 + 8 * index : cmap + 12 + 8 * index])
        if (platform, encoding) not in ((0, 3), (0, 4), (3, 1), (3, 10)):
            continue
        found |= _subtable(data, cmap + offset)
    return frozenset(found)


def _subtable(data: bytes, at: int) -> set[int]:
    (kind,) = struct.unpack(">H", data[at : at + 2])
    found: set[int] = set()
    if kind == 4:
        (pairs,) = struct.unpack(">H", data[at + 6 : at + 8])
        count = pairs // 2
        ends = struct.unpack(f">{count}H", data[at + 14 : at + 14 + pairs])
        starts_at = at + 16 + pairs
        starts = struct.unpack(f">{count}H", data[starts_at : starts_at + pairs])
        deltas = struct.unpack(f">{count}h", data[starts_at + pairs : starts_at + 2 * pairs])
        offsets_at = starts_at + 2 * pairs
        offsets = struct.unpack(f">{count}H", data[offsets_at : offsets_at + pairs])
        for segment, (first, last) in enumerate(zip(starts, ends, strict=True)):
            for code in range(first, min(last, 0xFFFE) + 1):
                if offsets[segment] == 0:
                    glyph = (code + deltas[segment]) & 0xFFFF
                else:
                    where = offsets_at + 2 * segment + offsets[segment] + 2 * (code - first)
                    (glyph,) = struct.unpack(">H", data[where : where + 2])
                    glyph = (glyph + deltas[segment]) & 0xFFFF if glyph else 0
                if glyph:
                    found.add(code)
    elif kind == 12:
        (groups,) = struct.unpack(">I", data[at + 12 : at + 16])
        for index in range(groups):
            first, last, glyph = struct.unpack(">III", data[at + 16 + 12 * index : at + 28 + 12 * index])
            found.update(range(first if glyph else first + 1, last + 1))
    return found


def font_faces_css() -> str:
    """@font-face rules that give each script's Noto font to the renderer's family."""
    rules = []
    for font in FONTS[1:]:
        for weight, path, local in ((400, font.regular, font.local[0]), (700, font.bold, font.local[1])):
            source = f"local('{local}')" if local else f"url('{PAGE_ORIGIN}{FONT_PATH}{path.name}')"
            rules.append(
                f"@font-face {{ font-family: '{EMBER}'; src: {source}; "
                f"font-weight: {weight}; font-style: normal; unicode-range: {font.unicode_range}; }}"
            )
    return "\n".join(rules)


def ours(family: str, served: bool) -> bool:
    """Whether a font Chromium drew with (``fonts_used``) is one this renderer gave it."""
    return served or any(font.local[0] and family == font.family for font in FONTS)


def _served_fonts() -> dict[str, Path]:
    return {path.name: path for font in FONTS for path in (font.regular, font.bold)}


def missing() -> str:
    """Why the browser renderer cannot run here ("" when it can)."""
    if find_chromium() is None:
        return (
            "Chromium is not installed (Debian: apt-get install -y chromium fonts-noto-core fonts-noto-cjk)"
        )
    absent = [path.name for path in _served_fonts().values() if not path.is_file()]
    if absent:
        return (
            f"fonts missing: {', '.join(absent)} (Debian: apt-get install -y fonts-noto-core fonts-noto-cjk)"
        )
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
        self._errors: list[str] = []
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
            self._loaded.on("pageerror", lambda error: self._errors.append(f"page error: {error}"))
            self._loaded.on(
                "console",
                lambda message: (
                    self._errors.append(f"console: {message.text}") if message.type == "error" else None
                ),
            )
            _open(self._loaded)
        else:
            self._loaded.set_viewport_size(size)
        return self._loaded

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self._errors.append(f"console: {message.text}")

    def _show(
        self,
        document: dict[str, Any],
        datasources: dict[str, Any],
        viewport: Viewport,
        theme: str,
        language: str,
        direction: str,
    ) -> Any:
        page = self._page(viewport)
        page.evaluate(SET_LANGUAGE, [language, direction])
        # Each script's font is loaded before the renderer measures any text with it.
        page.evaluate(LOAD_FONTS, [EMBER, "".join(sorted(set("".join(strings(datasources)))))])
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
        language: str = "",
        direction: str = "LTR",
        picture: bool = True,
    ) -> Rendered:
        """Render a document with its data sources; ``settle_ms`` lets its timers run that long.

        ``language`` and ``direction`` ("LTR", "RTL") are what a 1.7 device gives each Text from the
        document's ``lang`` and ``layoutDirection`` (see the module's note). ``picture=False`` skips
        the screenshot and the wait (a layout check needs neither: layout is done when the render is).
        """
        self._errors.clear()
        page = self._show(document, datasources, viewport, theme, language, direction)
        if not picture:
            return Rendered(b"", page.inner_text("#screen"), viewport, tuple(self._errors))
        page.wait_for_timeout(max(settle_ms, FIRST_PAINT_MS))
        png: bytes = page.locator("#screen").screenshot()
        words: str = page.inner_text("#screen")
        return Rendered(png, words, viewport, tuple(self._errors))

    def texts(self) -> list[TextBox]:
        """Every Text of the last render: its words, box, alignment and what it needs to fit."""
        found: list[dict[str, Any]] = self._loaded.evaluate(TEXT_BOXES)
        return [TextBox(**box) for box in found]

    def boxes(self, selector: str) -> list[dict[str, float]]:
        """The boxes (x, y, width, height, in page pixels) of the last render's elements matching
        ``selector`` inside the screen (``svg`` for the drawings)."""
        found: list[dict[str, float]] = self._loaded.evaluate(
            """(selector) => Array.from(document.querySelectorAll('#screen ' + selector)).map((e) => {
                const r = e.getBoundingClientRect();
                return {x: r.left, y: r.top, width: r.width, height: r.height};
            })""",
            selector,
        )
        return found

    def fonts_used(self) -> dict[str, set[tuple[str, bool]]]:
        """Which fonts Chromium really drew each text of the last render with: (family, served
        here) by text, from the DevTools protocol (``CSS.getPlatformFontsForNode``). A family not
        served here is a fallback to a font of the machine: a character our font for its script
        lacks."""
        page = self._loaded
        session = page.context.new_cdp_session(page)
        try:
            session.send("DOM.enable")
            session.send("CSS.enable")
            root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
            texts = session.send("DOM.querySelectorAll", {"nodeId": root, "selector": "#screen p"})
            found: dict[str, set[tuple[str, bool]]] = {}
            for text in texts["nodeIds"]:
                words = _plain(session.send("DOM.getOuterHTML", {"nodeId": text})["outerHTML"])
                used = found.setdefault(words, set())
                # The fonts are reported on the elements that hold the words (the renderer's <data>).
                parts = session.send("DOM.querySelectorAll", {"nodeId": text, "selector": "*"})["nodeIds"]
                for node in [text, *parts]:
                    fonts = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
                    used.update((font["familyName"], bool(font["isCustomFont"])) for font in fonts)
            return found
        finally:
            session.detach()

    def press(
        self, document: dict[str, Any], datasources: dict[str, Any], viewport: Viewport, *labels: str
    ) -> list[Any]:
        """Render, click the buttons showing ``labels`` in turn, and return what their SendEvents sent."""
        # A page of its own: after a renderer is destroyed in a page, the next one's buttons were
        # seen to take no clicks there (measured here), so touch gets a fresh page.
        page = self._browser.new_page(viewport={"width": viewport.width_dp, "height": viewport.height_dp})
        try:
            _open(page)
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
    if url.startswith(PAGE_ORIGIN + FONT_PATH):
        served = _served_fonts().get(url[len(PAGE_ORIGIN + FONT_PATH) :])
        if served is None:
            route.fulfill(status=404, body=b"")
            return
        # path=: Playwright's driver reads the file itself (the CJK collections are 20 MB each; sent
        # as a body from Python they took seconds).
        route.fulfill(status=200, path=served, headers={"Content-Type": "font/ttf"})
        return
    if url.startswith(PAGE_ORIGIN):
        relative = url[len(PAGE_ORIGIN) :].split("?", maxsplit=1)[0]
        # normpath, not resolve(): tools/apl/node_modules may be a symlink (a git worktree's).
        path = Path(os.path.normpath(TOOLS_DIR / relative))
        if TOOLS_DIR in path.parents and path.is_file():
            content_type = _CONTENT_TYPES.get(path.suffix, "application/octet-stream")
            route.fulfill(status=200, body=path.read_bytes(), headers={"Content-Type": content_type})
            return
        route.fulfill(status=404, body=b"")
        return
    if FONT_HOST in url and url.endswith(".ttf"):
        bold = any(mark in url for mark in ("_Bd", "_He", "Bold"))
        font = FONTS[0].bold if bold else FONTS[0].regular
        route.fulfill(status=200, body=font.read_bytes(), headers={"Content-Type": "font/ttf"})
        return
    route.abort()


def _open(page: Any) -> None:
    """Load the renderer's page with every outside request answered here, and add each script's
    font to the renderer's family (loaded when a screen first needs it: ``LOAD_FONTS``)."""
    page.route("**/*", _answer)
    page.goto(PAGE_ORIGIN + "render.html")
    page.add_style_tag(content=font_faces_css())


def strings(value: Any) -> Iterable[str]:
    """Every string in a data source (what a screen can show)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def _plain(html: str) -> str:
    import re  # noqa: PLC0415

    return re.sub(r"<[^>]*>", "", html).strip()


@dataclass(frozen=True)
class TextBox:
    """One rendered Text: its words, its box in page pixels, and how much room its words need."""

    text: str
    x: float
    y: float
    width: float
    height: float
    align: str
    direction: str
    needed_height: float
    """The height of its words laid out in its width with no line limit."""
    widest_word: float
    """The widest run of the words that may not be broken (CJK characters may be)."""
    lines: int


LOAD_FONTS: Final = """async ([family, text]) => {
    // Loads the faces of the family whose unicode-range meets the text (each once per page).
    await document.fonts.load('400 16px ' + family, text + '0');
    await document.fonts.load('700 16px ' + family, text + '0');
}"""

SET_LANGUAGE: Final = """([language, direction]) => {
    document.documentElement.lang = language;
    document.documentElement.dir = direction === 'RTL' ? 'rtl' : 'ltr';
}"""

TEXT_BOXES: Final = r"""() => {
    const canvas = document.createElement('canvas').getContext('2d');
    const breakable = /[　-ヿ㐀-䶿一-鿿豈-﫿＀-￯]/;
    const found = [];
    for (const p of document.querySelectorAll('#screen p')) {
        const box = p.parentElement.getBoundingClientRect();
        const style = getComputedStyle(p);
        const text = p.textContent;
        const probe = p.cloneNode(false);
        probe.textContent = text.replace(/…$/, '');
        Object.assign(probe.style, {position: 'absolute', left: '0px', top: '0px', visibility: 'hidden',
            height: 'auto', display: 'block', width: box.width + 'px'});
        document.body.appendChild(probe);
        const needed = probe.getBoundingClientRect().height;
        probe.remove();
        canvas.font = style.fontWeight + ' ' + style.fontSize + ' ' + style.fontFamily;
        let widest = 0;
        for (const word of text.split(/\s+/)) {
            if (!word || breakable.test(word)) continue;
            widest = Math.max(widest, canvas.measureText(word).width);
        }
        found.push({text: text, x: box.left, y: box.top, width: box.width, height: box.height,
            align: getComputedStyle(p.parentElement).textAlign, direction: style.direction,
            needed_height: needed, widest_word: widest, lines: p.childNodes.length});
    }
    return found;
}"""
