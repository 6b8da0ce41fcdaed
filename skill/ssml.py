"""Cues to SSML, and the checks every response must pass before Alexa would accept it.

Rendering is where Alexa's limits are enforced by construction (a long silence becomes a chain of
breaks of at most ten seconds, spoken text is escaped); ``check_ssml`` and ``check_response`` verify
them independently, so a test can run them over every segment at every pace.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

from skill import limits
from skill.timeline import Cue, Pause, Say, Sound, speech_rate

_BREAK_RE = re.compile(r"^(\d+(?:\.\d+)?)(ms|s)$")


def escape_text(text: str) -> str:
    """Spoken text made safe for SSML (``&``, ``<``, ``>`` and quotes).

    What ``xml.sax.saxutils.escape(text, {'"': "&quot;"})`` does, without importing it: that module
    pulls in urllib.request, http.client and email, about 20 ms of every Lambda cold start.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def break_tags(seconds: float) -> str:
    """A silence as ``<break>`` tags of at most ten seconds each (whole milliseconds)."""
    remaining = round(seconds * 1000)
    tags: list[str] = []
    while remaining > 0:
        chunk = min(remaining, limits.MAX_BREAK_MS)
        tags.append(f'<break time="{chunk}ms"/>')
        remaining -= chunk
    return "".join(tags)


def render(cues: Iterable[Cue], pace: int) -> str:
    """The SSML body for cues (without ``<speak>``: the SDK's ResponseFactory.speak adds it).

    Sounds stay outside the ``<prosody>`` that slows the voice: a clip is a recording, not speech,
    and Alexa's SSML reference lists no ``<audio>`` inside ``<prosody>``.
    """
    parts: list[str] = []
    run: list[str] = []
    for cue in cues:
        if isinstance(cue, Say):
            if cue.text:
                run.append(escape_text(cue.text))
        elif isinstance(cue, Pause):
            run.append(break_tags(cue.seconds))
        elif isinstance(cue, Sound):
            parts.append(with_rate(" ".join(piece for piece in run if piece), pace))
            parts.append(f'<audio src="{escape_text(cue.url)}"/>')
            run = []
    parts.append(with_rate(" ".join(piece for piece in run if piece), pace))
    return join(*parts)


def with_rate(body: str, pace: int) -> str:
    """Slow the voice for slower paces; the normal pace keeps Alexa's natural rate."""
    rate = speech_rate(pace)
    return body if rate == 100 or not body else f'<prosody rate="{rate}%">{body}</prosody>'


def join(*parts: str) -> str:
    """Join SSML fragments with a space, skipping empty ones."""
    return " ".join(part for part in parts if part)


def speak(body: str) -> str:
    return f"<speak>{body}</speak>"


def _break_ms(value: str) -> float | None:
    match = _BREAK_RE.match(value.strip())
    if not match:
        return None
    amount = float(match.group(1))
    return amount * 1000 if match.group(2) == "s" else amount


def check_ssml(ssml: str) -> list[str]:
    """Problems Alexa would reject (or users would suffer) in one outputSpeech SSML string."""
    problems: list[str] = []
    if len(ssml) >= limits.MAX_SSML_CHARS:
        problems.append(f"SSML is {len(ssml)} characters; Alexa allows fewer than {limits.MAX_SSML_CHARS}")
    import xml.etree.ElementTree as ET  # noqa: PLC0415  # validators only: not on a cold start

    try:
        root = ET.fromstring(ssml)
    except ET.ParseError as error:
        return [*problems, f"SSML is not well-formed: {error}"]
    if root.tag != "speak":
        problems.append(f"SSML root is <{root.tag}>, not <speak>")
    clips = 0
    for element in root.iter():
        tag = element.tag
        if tag not in limits.SUPPORTED_TAGS:
            problems.append(f"unsupported tag <{tag}>")
        if tag == "break":
            ms = _break_ms(element.get("time", ""))
            if ms is None:
                problems.append(f"break without a valid time: {element.get('time')!r}")
            elif ms > limits.MAX_BREAK_MS:
                problems.append(f"break of {ms:.0f} ms exceeds {limits.MAX_BREAK_MS} ms")
        if tag == "audio":
            clips += 1
            if not str(element.get("src", "")).startswith(("https://", "soundbank://")):
                problems.append(f"audio source {element.get('src')!r} is neither https nor the sound library")
        if tag == "prosody":
            rate = element.get("rate", "100%")
            if rate.endswith("%") and int(rate[:-1]) < limits.MIN_PROSODY_RATE:
                problems.append(f"prosody rate {rate} is below {limits.MIN_PROSODY_RATE}%")
    if any(prosody.find(".//audio") is not None for prosody in root.iter("prosody")):
        problems.append("an audio clip inside <prosody>")
    if clips > limits.MAX_AUDIO_CLIPS:
        problems.append(f"{clips} audio clips; at most {limits.MAX_AUDIO_CLIPS}")
    return problems


def check_response(envelope: Mapping[str, Any]) -> list[str]:
    """Problems in a whole Alexa response envelope (as JSON): speech limits and session rules."""
    problems: list[str] = []
    size = len(json.dumps(envelope).encode())
    if size > limits.MAX_RESPONSE_BYTES:
        problems.append(f"response is {size} bytes; keep under {limits.MAX_RESPONSE_BYTES}")
    response = envelope.get("response") or {}
    for field in ("outputSpeech", "reprompt"):
        speech = response.get(field) or {}
        if field == "reprompt":
            speech = speech.get("outputSpeech") or {}
        if speech.get("type") == "SSML":
            problems += [f"{field}: {problem}" for problem in check_ssml(speech.get("ssml", ""))]
    if response.get("shouldEndSession") is False and not response.get("reprompt"):
        problems.append("session left open without a reprompt")
    return problems
