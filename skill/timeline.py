"""Cues on a timeline: what Alexa says, and how long she waits, at a given pace.

The routine compiles into a flat sequence of cues (say this / pause N seconds / play a sound). Pace
scales the *beats* after instructions and the *cadence* of reps, never an announced hold or rest:
when the coach says "walk for twenty seconds", the walk lasts twenty seconds from "go" to "stop",
with any mid-hold cue's own speaking time taken out of the silence around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from skill.limits import MAX_AUDIO_CLIPS
from skill.routine import Part
from skill.words import Voice, Words, capitalise

PauseKind = Literal["beat", "cadence", "hold", "rest"]
SayRole = Literal["instruction", "count", "go", "cue", "stop", "closing"]

#: Pace is a percentage of the calm default: it scales beats and cadence (bigger is slower).
PACE_NORMAL = 100
PACES = (80, 100, 125, 150)
PACE_MIN, PACE_MAX = PACES[0], PACES[-1]
#: Speech rate (``<prosody rate>``) per pace: slower pace also slows the voice; we never speed it up.
SPEECH_RATE = {80: 100, 100: 100, 125: 90, 150: 80}

#: The silence after an instruction before the movement starts ("leave a beat"), at normal pace.
BEAT_SECONDS = 1.5
#: Holds at least this long get "halfway" and "five more seconds" cues.
HOLD_CUES_FROM_SECONDS = 15


@dataclass(frozen=True)
class Say:
    text: str
    role: SayRole = "instruction"


@dataclass(frozen=True)
class Pause:
    seconds: float
    kind: PauseKind


@dataclass(frozen=True)
class Sound:
    url: str
    seconds: float


Cue = Say | Pause | Sound


GO_SOUND = Sound("soundbank://soundlibrary/ui/gameshow/amzn_ui_sfx_gameshow_neutral_response_01", 1.0)
"""Played right after "Ready? Go.": from the ASK Sound Library, short and soft."""
END_SOUND = Sound("soundbank://soundlibrary/ui/gameshow/amzn_ui_sfx_gameshow_positive_response_01", 1.0)
"""Played as a hold ends, just before "And stop.": someone with eyes closed hears the end coming."""


def with_sounds(cues: list[Cue], budget: int = MAX_AUDIO_CLIPS) -> list[Cue]:
    """``cues`` with a sound after each "go" and before each "stop", at most ``budget`` in all.

    Every "go" gets its sound first, so each walk of a round starts the same way (issue #19: the
    third walk of toe walking started in silence), then the ends of holds in order while the
    budget lasts; a hold whose end sound did not fit still ends with the spoken "And stop.". Each
    sound's length is taken from the hold's silence next to it, so a hold lasts its announced time.
    """
    stops = [i for i, cue in enumerate(cues) if isinstance(cue, Say) and cue.role == "stop"]
    gos = [i for i, cue in enumerate(cues) if isinstance(cue, Say) and cue.role == "go"]
    chosen_gos = set(gos[:budget])
    chosen_stops = set(stops[: max(0, budget - len(chosen_gos))])
    result: list[Cue] = []
    owed = 0.0  # a go sound's seconds, taken from the hold silence right after it (if it is one)
    for index, original in enumerate(cues):
        cue = original
        if owed and isinstance(cue, Pause) and cue.kind == "hold" and cue.seconds > owed:
            cue = Pause(cue.seconds - owed, cue.kind)
        owed = 0.0
        if index in chosen_stops:
            before = result[-1] if result else None
            if isinstance(before, Pause) and before.kind == "hold" and before.seconds > END_SOUND.seconds:
                result[-1] = Pause(before.seconds - END_SOUND.seconds, before.kind)
            result.append(END_SOUND)
        result.append(cue)
        if index in chosen_gos:
            result.append(GO_SOUND)
            owed = GO_SOUND.seconds
    return result


def clamp_pace(pace: int) -> int:
    """The nearest supported pace: stored values from older versions never break rendering."""
    return min(PACES, key=lambda candidate: (abs(candidate - pace), candidate))


def slower(pace: int) -> int | None:
    """The next slower pace, or None at the slowest."""
    later = [candidate for candidate in PACES if candidate > clamp_pace(pace)]
    return later[0] if later else None


def faster(pace: int) -> int | None:
    """The next quicker pace, or None at the quickest."""
    earlier = [candidate for candidate in PACES if candidate < clamp_pace(pace)]
    return earlier[-1] if earlier else None


def speech_rate(pace: int) -> int:
    return SPEECH_RATE[clamp_pace(pace)]


def speaking_seconds(text: str, pace: int, voice: Voice) -> float:
    """An estimate of how long Alexa takes to say ``text`` in ``voice``'s language at this pace's rate."""
    return voice.seconds(text) * 100 / speech_rate(pace)


def cue_seconds(cue: Cue, pace: int, voice: Voice) -> float:
    if isinstance(cue, Say):
        return speaking_seconds(cue.text, pace, voice)
    return cue.seconds


def total_seconds(cues: tuple[Cue, ...] | list[Cue], pace: int, voice: Voice) -> float:
    return sum(cue_seconds(cue, pace, voice) for cue in cues)


def beat(pace: int, factor: float = 1.0) -> Pause:
    """The pause after an instruction, scaled by pace."""
    return Pause(BEAT_SECONDS * factor * clamp_pace(pace) / 100, "beat")


def instruction(text: str, pace: int) -> list[Cue]:
    """One instruction, then a beat to take it in."""
    return [Say(text), beat(pace)]


def reps(part: Part, count: int, pace: int, words: Words) -> list[Cue]:
    """Counted reps at the part's cadence: "Up ... and down ... one", each beat scaled by pace."""
    scale = clamp_pace(pace) / 100
    cues: list[Cue] = [Say(words("READY_GO"), "go")]
    for rep in range(1, count + 1):
        spoken = capitalise(words("COUNT", n=rep))
        if not part.count_after:
            cues.append(Say(spoken, "count"))
        for step in part.cadence:
            if step.say:
                cues.append(Say(step.say + "...", "count"))
            cues.append(Pause(step.seconds * scale, "cadence"))
        if part.count_after:
            cues.append(Say(spoken, "count"))
    return cues


def hold(seconds: int, pace: int, words: Words) -> list[Cue]:
    """A timed hold from "go" to "stop": exactly ``seconds`` long, cues included, at any pace."""
    cues: list[Cue] = [Say(words("READY_GO"), "go")]
    marks: list[tuple[float, str]] = []
    if seconds >= HOLD_CUES_FROM_SECONDS:
        marks = [(seconds / 2, words("HALFWAY")), (seconds - 5, words("FIVE_MORE"))]
    elapsed = 0.0
    for at, text in marks:
        cues.append(Pause(at - elapsed, "hold"))
        cues.append(Say(text, "cue"))
        elapsed = at + speaking_seconds(text, pace, words.voice)
    cues.append(Pause(seconds - elapsed, "hold"))
    cues.append(Say(words("STOP"), "stop"))
    return cues


def rest(seconds: int, words: Words) -> list[Cue]:
    """An announced rest: the coach says how long, then keeps quiet for exactly that long."""
    return [Say(words("REST_FOR", duration=duration(seconds, words))), Pause(float(seconds), "rest")]


def duration(seconds: float, words: Words) -> str:
    """A rounded, spoken length: "40 seconds", "about 12 minutes"."""
    whole = round(seconds)
    if whole < 60:
        return words.count("SECONDS", whole)
    return words.count("ABOUT_MINUTES", round(whole / 60))


def time_left(seconds: float, words: Words) -> str:
    """What is left, without "about" (the sentence says it): "40 seconds", "12 minutes"."""
    whole = round(seconds)
    if whole < 60:
        return words.count("SECONDS", whole)
    return words.count("MINUTES", round(whole / 60))
