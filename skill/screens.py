"""The coach on screen (Echo Show, Echo Spot, Fire TV): what each screen shows, from the same cues.

One APL document (``skill/data/screen.json``, loaded once) draws every screen; what changes is a
small data source built here. A coaching screen is built from the very cues that make the part's
SSML (``skill.segments``, ``skill.timeline``): each hold, rest and set of counted reps becomes a
*phase* with its start, measured in seconds from the start of the speech by adding up the cues
before it, so the countdown on screen runs in step with the spoken pauses. The document runs the
phases itself (an ``onMount`` timer per phase); nothing here knows about devices or requests.

Screens add to the speech and never change it: a device without a screen gets the same words.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final
from unicodedata import east_asian_width

from skill.routine import Exercise, Part, Routine
from skill.segments import ROUTINE_SCOPE, Segment, plan, where_words
from skill.timeline import Pause, Say, cue_seconds
from skill.words import Words, capitalise

DOCUMENT_PATH: Final = Path(__file__).resolve().parent / "data" / "screen.json"
APL_INTERFACE: Final = "Alexa.Presentation.APL"
TOKEN: Final = "foot-routine-screen"
"""The token of every screen this skill renders; a touch (UserEvent) carries it back."""
DATASOURCE: Final = "screen"

# What a touch button sends (SendEvent arguments[0]); skill/handlers/touch.py maps each to the
# voice intent's answer.
PAUSE: Final = "pause"
REPEAT: Final = "repeat"
NEXT: Final = "next"
RESUME: Final = "resume"
COMMANDS: Final = (PAUSE, REPEAT, NEXT, RESUME)

#: The drawing (an AVG graphic of the document) for each exercise, and for parts that differ.
FIGURES: Final = {"heel_raises": "oneLeg", "toe_walking": "tiptoe", "ankle_circles": "kneeHug"}
PART_FIGURES: Final = {("toe_walking", "outward"): "tiptoeOut", ("toe_walking", "inward"): "tiptoeIn"}
LONG_TEXT: Final = 150
"""A screen's words longer than this (:func:`text_width`) are shown in the smaller size, with more
lines (help, welcome back): in the large size they would not fit (the browser tests measure it)."""
NO_PROGRESS: Final = -1
"""``percent`` of a screen without a progress bar."""
ScreenData = dict[str, Any]
"""The ``datasources`` of one RenderDocument directive."""


@cache
def document() -> dict[str, Any]:
    """The shared APL document (read once per process)."""
    loaded: dict[str, Any] = json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))
    return loaded


def document_version() -> tuple[int, ...]:
    return version_tuple(str(document()["version"]))


def version_tuple(version: str) -> tuple[int, ...]:
    """ "1.4" -> (1, 4), "2024.1" -> (2024, 1); unreadable parts count as 0."""
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def runtime_supports(max_version: str | None) -> bool:
    """A device whose APL runtime is at least the document's version can show it (no version: yes)."""
    if not max_version:
        return True
    return version_tuple(max_version) >= document_version()


@dataclass(frozen=True)
class Phase:
    """A timed stretch of a part on screen: a hold or rest counting down, or reps counting up."""

    at: float
    """Seconds from the start of the response's speech."""
    every: float
    """Seconds between two values shown."""
    ticks: int
    """How many values are shown (the first at ``at``)."""
    start: int
    step: int
    unit: str
    say: str
    figure: str

    def to_json(self) -> dict[str, Any]:
        return {
            "at": round(self.at * 1000),
            "every": round(self.every * 1000),
            "ticks": self.ticks,
            "from": self.start,
            "by": self.step,
            "unit": self.unit,
            "say": self.say,
            "figure": self.figure,
        }


def figure_for(exercise: Exercise, part: Part | None = None) -> str:
    if part is not None and (exercise.id, part.id) in PART_FIGURES:
        return PART_FIGURES[(exercise.id, part.id)]
    return FIGURES.get(exercise.id, "")


def _instruction(exercise: Exercise, segment: Segment) -> str:
    """The one instruction that matters for the part as a whole (each phase may bring its own)."""
    key = segment.key
    if key.is_setup:
        return exercise.setup[0] if exercise.setup else ""
    if key.set == 1 and exercise.side_steps[key.side]:
        return exercise.side_steps[key.side][-1]
    if key.set > 1 and exercise.reminder:
        return exercise.reminder[key.side]
    first = exercise.parts[0] if exercise.parts else None
    return _part_instruction(exercise, segment, first, "") if first is not None else ""


def _part_instruction(exercise: Exercise, segment: Segment, part: Part, default: str) -> str:
    """A part's own words when the exercise has several parts (toes out, counterclockwise)."""
    if len(exercise.parts) < 2 and default:
        return default
    if part.reminder:
        return part.reminder
    return exercise.announced(part) if part.announce else default


def phases(exercise: Exercise, segment: Segment, before_seconds: float, default: str) -> list[Phase]:
    """Every hold, rest and set of counted reps of a segment, timed from its cues.

    ``before_seconds`` is what is said before the segment in the same response (a welcome).
    """
    words = exercise.words
    found: list[Phase] = []
    moment = before_seconds
    part_index = -1
    go_end: float | None = None
    holding = False
    numbers: list[float] = []
    for cue in segment.cues:
        length = cue_seconds(cue, segment.pace, segment.voice)
        if isinstance(cue, Say) and cue.role == "go":
            part_index += 1
            go_end, holding, numbers = moment + length, False, []
        elif isinstance(cue, Pause) and cue.kind == "hold":
            holding = True
        elif isinstance(cue, Say) and cue.role == "count" and not cue.text.endswith("..."):
            numbers.append(moment)
        elif isinstance(cue, Say) and cue.role == "stop" and go_end is not None:
            part = exercise.parts[min(part_index, len(exercise.parts) - 1)]
            say = _part_instruction(exercise, segment, part, default)
            figure = figure_for(exercise, part)
            if holding:
                seconds = round(moment - go_end)
                found.append(
                    Phase(go_end, 1.0, seconds + 1, seconds, -1, words("SCREEN_SECONDS"), say, figure)
                )
            elif numbers:
                every = (numbers[-1] - numbers[0]) / (len(numbers) - 1) if len(numbers) > 1 else 1.0
                unit = words("SCREEN_OF", total=len(numbers))
                found.append(Phase(numbers[0], every, len(numbers), 1, 1, unit, say, figure))
            go_end = None
        elif isinstance(cue, Pause) and cue.kind == "rest":
            seconds = round(cue.seconds)
            rest = words("SCREEN_REST")
            found.append(Phase(moment, 1.0, seconds + 1, seconds, -1, words("SCREEN_SECONDS"), rest, ""))
        moment += length
    return found


def _buttons(words: Words, *commands: str) -> list[dict[str, str]]:
    labels = {
        PAUSE: words("SCREEN_PAUSE"),
        REPEAT: words("SCREEN_REPEAT"),
        NEXT: words("SCREEN_NEXT"),
        RESUME: words("SCREEN_RESUME"),
    }
    return [{"label": labels[command], "send": command} for command in commands]


def _progress(routine: Routine, scope: str, index: int, exercise_id: str) -> tuple[int, str]:
    """How far into the scope (percent of its parts done) and "2 of 3" (which exercise)."""
    keys = plan(routine, scope)
    exercises = list(dict.fromkeys(key.exercise for key in keys))
    percent = round(100 * index / len(keys))
    number = exercises.index(exercise_id) + 1
    return percent, routine.words("SCREEN_COUNT", number=number, total=len(exercises))


def datasource(
    words: Words,
    title: str,
    where: str,
    say: str,
    *,
    figure: str = "",
    found: Sequence[Phase] = (),
    percent: int = NO_PROGRESS,
    count: str = "",
    buttons: Sequence[str] = (),
    days: Sequence[tuple[str, str]] = (),
    goal: str = "",
) -> dict[str, Any]:
    """The data source of one screen (``datasources`` of the RenderDocument directive).

    ``days``: the last seven days as (ISO date, "done" | "partly" | "rest"), drawn as a row of
    marks with each day's initial, and ``goal`` the words under them ("2 of 3 days this week").
    ``words`` gives the buttons' labels and the days' initials, and the language and the direction
    the screen is laid out in (right to left for Arabic: the document's ``layoutDirection``).
    """
    return {
        DATASOURCE: {
            "type": "object",
            "properties": {
                "title": title,
                "where": where,
                "say": say,
                "long": text_width(say) > LONG_TEXT,
                "figure": figure,
                "phases": [phase.to_json() for phase in found],
                "percent": percent,
                "count": count,
                "buttons": _buttons(words, *buttons),
                "week": [_day_mark(words, day, state) for day, state in days],
                "goal": goal,
                "lang": words.locale,
                "direction": words("LAYOUT_DIRECTION"),
            },
        }
    }


def text_width(text: str) -> int:
    """How wide ``text`` is, in narrow characters: a full-width one (Japanese) counts two."""
    return sum(2 if east_asian_width(character) in "WF" else 1 for character in text)


def coaching(routine: Routine, segment: Segment, scope: str, before_seconds: float = 0.0) -> dict[str, Any]:
    """The screen of a part being coached: exercise, where, the instruction, timers and progress."""
    exercise = routine.exercise(segment.key.exercise)
    key = segment.key
    where = routine.words("SCREEN_GETTING_READY") if key.is_setup else where_words(exercise, key).rstrip(".")
    say = _instruction(exercise, segment)
    index = plan(routine, scope).index(key)
    percent, count = _progress(routine, scope, index, key.exercise)
    return datasource(
        routine.words,
        capitalise(exercise.name),
        where,
        say,
        figure=figure_for(exercise),
        found=phases(exercise, segment, before_seconds, say),
        percent=percent,
        count=count,
        buttons=(PAUSE, REPEAT, NEXT),
    )


def finale_title(routine: Routine, scope: str) -> str:
    return (
        routine.words("SCREEN_DONE") if scope == ROUTINE_SCOPE else capitalise(routine.exercise(scope).name)
    )


def finale(
    routine: Routine, scope: str, said: str, days: Sequence[tuple[str, str]] = (), goal: str = ""
) -> dict[str, Any]:
    """The end of a scope: what was said to close it (the praise and the week), progress full, and
    the last seven days with the weekly goal under it (issue #23)."""
    keys = plan(routine, scope)
    total = len(dict.fromkeys(key.exercise for key in keys))
    count = routine.words("SCREEN_COUNT", number=total, total=total)
    title = finale_title(routine, scope)
    return datasource(routine.words, title, "", said, percent=100, count=count, days=days, goal=goal)


def week(words: Words, said: str, days: Sequence[tuple[str, str]], goal: str) -> ScreenData:
    """Words with the user's last seven days under them (done, partly, rest) and the weekly goal:
    "how am I doing" and the end of a routine (issue #23)."""
    return datasource(words, words("SCREEN_TITLE"), "", said, days=days, goal=goal)


def _day_mark(words: Words, day: str, state: str) -> dict[str, str]:
    """One day of the week row: its initial and how much was done ("done", "partly", "rest")."""
    from datetime import date  # noqa: PLC0415

    letter = words(f"DAY_LETTER.{date.fromisoformat(day).weekday()}")
    return {"day": letter, "state": state}


_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")


def plain(ssml: str) -> str:
    """The words of SSML, for a screen that shows what was said."""
    return _SPACES.sub(" ", html.unescape(_TAG.sub(" ", ssml))).strip()


def message(words: Words, said: str, buttons: Sequence[str] = ()) -> dict[str, Any]:
    """A screen for an answer in words (help, pause, goodbye, "how am I doing", welcome back)."""
    return datasource(words, words("SCREEN_TITLE"), "", plain(said), buttons=buttons)
