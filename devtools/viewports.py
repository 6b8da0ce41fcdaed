"""The screens this skill is drawn for: Echo Spot, Echo Show 5, 8 and 15, and a Fire TV.

Each profile is what Alexa sends as ``context.Viewport`` for that device (pixel size, dpi, shape,
mode) and what the renderer is told; ``skill/data/screen.json`` picks its layout from the same
values with ``when`` conditions. Tests, the simulated Echo Show (``devtools.envelopes``) and
``foot-routine screens`` all take their devices from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

APL_MAX_VERSION: Final = "2024.1"
"""The APL runtime current Echo Show devices report (``runtime.maxVersion``)."""


@dataclass(frozen=True)
class Viewport:
    """A device's screen as APL sees it."""

    name: str
    pixel_width: int
    pixel_height: int
    dpi: int = 160
    shape: str = "RECTANGLE"
    mode: str = "HUB"
    touch: bool = True

    @property
    def width_dp(self) -> int:
        return round(self.pixel_width * 160 / self.dpi)

    @property
    def height_dp(self) -> int:
        return round(self.pixel_height * 160 / self.dpi)

    def for_renderer(self) -> dict[str, Any]:
        """The renderer draws in dp, one CSS pixel per dp: the PNG is the screen at 160 dpi."""
        return {
            "width": self.width_dp,
            "height": self.height_dp,
            "dpi": 160,
            "shape": self.shape,
            "mode": self.mode,
        }

    def context(self) -> dict[str, Any]:
        """``context.Viewport`` as an Alexa device sends it."""
        return {
            "experiences": [{"canRotate": False, "canResize": False}],
            "mode": self.mode,
            "shape": self.shape,
            "pixelWidth": self.pixel_width,
            "pixelHeight": self.pixel_height,
            "dpi": self.dpi,
            "currentPixelWidth": self.pixel_width,
            "currentPixelHeight": self.pixel_height,
            "touch": ["SINGLE"] if self.touch else [],
            "video": {"codecs": ["H_264_42", "H_264_41"]},
        }


VIEWPORTS: Final = {
    viewport.name: viewport
    for viewport in (
        Viewport("echo-spot", 480, 480, shape="ROUND"),
        Viewport("echo-show-5", 960, 480),
        Viewport("echo-show-8", 1280, 800, dpi=213),
        Viewport("echo-show-15", 1920, 1080),
        Viewport("fire-tv", 1920, 1080, dpi=320, mode="TV", touch=False),
    )
}


def apl_interfaces(max_version: str = APL_MAX_VERSION) -> dict[str, Any]:
    """``supportedInterfaces`` of a device with a screen."""
    return {"Alexa.Presentation.APL": {"runtime": {"maxVersion": max_version}}}
