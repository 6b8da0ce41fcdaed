"""docs/languages.md: the first minute of the routine in every locale, for reviewers who read the language.

A new user launches the skill and says they are ready: what Alexa says, in order, with every pause
written where it falls ("[1.5 s]"), until a minute of planned time has passed (and always through the
first counted movement). The text comes from the skill itself, through the same Lambda handler and
envelopes as every other test, so the page shows exactly what ships. ``foot-routine languages``
writes it; a test fails when it drifts from the catalogues.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from devtools.envelopes import Device, ListeningClock
from skill.app import lambda_handler_for
from skill.storage.memory import MemoryStore
from skill.words import for_locale

LOCALES = (
    "en-US en-GB en-CA en-AU en-IN de-DE es-ES es-MX es-US fr-FR fr-CA it-IT pt-BR ja-JP hi-IN nl-NL ar-SA"
).split()
"""Every locale Alexa offers custom skills in, in the order the page shows them."""
FIRST_MINUTE_SECONDS = 60.0
DOC = Path(__file__).resolve().parent.parent / "docs" / "languages.md"

_BREAK = re.compile(r'<break time="(\d+(?:\.\d+)?)(ms|s)"\s*/>')
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t]+")


def readable(ssml: str) -> tuple[str, float]:
    """SSML as a reader follows it (pauses as "[2 s]"), and the seconds of silence in it."""
    silence = 0.0

    def pause(match: re.Match[str]) -> str:
        nonlocal silence
        seconds = float(match.group(1)) / (1000 if match.group(2) == "ms" else 1)
        silence += seconds
        return f" [{seconds:g} s] "

    text = _BREAK.sub(pause, ssml)
    text = _TAG.sub(" ", text).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = text.replace("&apos;", "'").replace("&quot;", '"')
    return _SPACES.sub(" ", text).strip(), silence


def first_minute(locale: str) -> list[str]:
    """What Alexa says to a new user in ``locale``: the welcome, then each part after "ready" or
    "next", until a minute of speech and pauses has passed."""
    # Each reply is heard to its end before the user answers, as a listening user's would be.
    clock = ListeningClock(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
    device = Device(lambda_handler_for(MemoryStore()), locale=locale, clock=clock)
    said = for_locale(locale)
    turns: list[str] = []
    spent = 0.0
    reply = device.launch()
    answers = iter(["ReadyIntent"])
    while True:
        text, silence = readable(reply.ssml or "")
        turns.append(text)
        spent += silence + said.voice.seconds(re.sub(r"\[[\d.]+ s\]", " ", text))
        if spent >= FIRST_MINUTE_SECONDS or reply.ends_session:
            return turns
        reply = device.intent(next(answers, "AMAZON.NextIntent"))


def render() -> str:
    lines = [
        "# The first minute in every language",
        "",
        'What a new user hears after "Alexa, open ..." and "ready" (then "next"), in every locale',
        "Alexa offers custom skills in, generated from the skill by `foot-routine languages` (a test",
        "fails when this page drifts from the catalogues). Pauses are shown where they fall, `[1.5 s]`;",
        "each paragraph is one response. Reps, holds and rests are the article's in every language",
        "(tests/test_languages.py). Numbers are digits outside English: Alexa's voice for each locale",
        "reads them in its language.",
        "",
    ]
    for locale in LOCALES:
        said = for_locale(locale)
        lines += [f"## {locale}: “{said('INVOCATION')}”", ""]
        for turn in first_minute(locale):
            lines += [f"> {turn}", ">"]
        lines[-1] = ""
    return "\n".join(lines).rstrip() + "\n"


def write(path: Path = DOC) -> Path:
    path.write_text(render(), encoding="utf-8")
    return path
