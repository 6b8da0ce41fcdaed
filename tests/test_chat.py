"""The local coach (``foot-routine chat``) as a user runs it: a real process, typed lines, printed speech.

Each test starts ``python -m devtools.cli chat`` with scripted stdin and reads what it printed, so the
console entry point, the typed-text resolution, the simulated device, the Lambda entry point and the
SQLite store are all exercised together. Stdout is a pipe here, so each reply is one line
("Alexa: ...") with every pause shown as a "[1.5 s]" marker; ``--speed 1000`` keeps the pauses short.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from skill.storage import SqliteStore
from skill.storage.memory import MemoryStore
from skill.words import for_locale

EN = for_locale("en-US")
"""The coach's English words: what the tests expect to hear."""

#: Where the coach keeps progress when no ``--user`` is given.
CHAT_USER = "local-user"
PROMPT = "you> "
SPEAKER = "Alexa: "
PAUSE_MARKER = re.compile(r"\[\d+\.\d s\]")


@dataclass(frozen=True)
class Chat:
    """One finished chat process: its exit code, every reply it printed, and its raw streams."""

    returncode: int
    replies: list[str]
    stdout: str
    stderr: str


def _replies(stdout: str) -> list[str]:
    """Each "Alexa: ..." line, without the prompt in front of it or the speaker label."""
    replies = []
    for printed in stdout.splitlines():
        line = printed
        while line.startswith(PROMPT):
            line = line[len(PROMPT) :]
        if line.startswith(SPEAKER):
            replies.append(line[len(SPEAKER) :])
    return replies


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "p.sqlite3"


def run_chat(store_path: Path, *lines: str, speed: str = "1000") -> Chat:
    """Type ``lines`` (then end of input) into a new ``foot-routine chat`` process on ``store_path``."""
    env = {name: value for name, value in os.environ.items() if name not in {"SKILL_ID", "SKILL_TABLE"}}
    env["SKILL_STORE"] = f"sqlite:{store_path}"
    done = subprocess.run(
        [sys.executable, "-m", "devtools.cli", "chat", "--speed", speed],
        input="".join(f"{line}\n" for line in lines),
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )
    return Chat(done.returncode, _replies(done.stdout), done.stdout, done.stderr)


def test_start_coaches_the_first_exercise_with_the_safety_note_and_visible_pauses(store_path: Path) -> None:
    chat = run_chat(store_path, "start my foot routine")
    assert chat.returncode == 0, chat.stderr
    assert len(chat.replies) == 1
    first = chat.replies[0]
    assert first.startswith("Welcome to your foot routine")
    assert "sharp pain" in first
    assert "Heel raises" in first
    assert first.index("sharp pain") < first.index("Heel raises"), "the safety note comes before exercising"
    assert "[1.5 s]" in first
    assert PAUSE_MARKER.search(first)
    # What is printed is what a listener hears: no SSML leaks through.
    assert "<" not in chat.stdout
    assert "&amp;" not in chat.stdout


def test_pause_then_resume_in_a_second_process_picks_up_the_same_segment(store_path: Path) -> None:
    first = run_chat(store_path, "start my foot routine", "ready", "pause")
    assert first.returncode == 0, first.stderr
    _, right_leg, paused = first.replies
    assert "right leg" in right_leg.split(".")[0], "from getting ready to the first set"
    # The right leg was heard to its end on the coach's own clock: the place kept is the left leg.
    assert "I'll remember you were on heel raises, set one, left leg" in paused
    assert "the skill has closed" in first.stdout
    assert "your place is kept" in first.stdout

    # The place is in the SQLite file, under the coach's user, before the second process starts.
    saved = SqliteStore(store_path)
    try:
        record = saved.load(CHAT_USER)
    finally:
        saved.close()
    assert record is not None
    assert record["position"]["exercise"] == "heel_raises"
    assert (record["position"]["set"], record["position"]["side"]) == (1, "left")

    second = run_chat(store_path, "resume my foot routine", "yes")
    assert second.returncode == 0, second.stderr
    welcome_back, again = second.replies
    assert "Let's carry on with heel raises: set one, left leg" in welcome_back
    assert "Welcome to your foot routine" not in welcome_back, "a returning user is not greeted as new"
    assert again.startswith("Set one of two, left leg."), "yes goes on with the left leg, not the right again"


def test_unrecognised_words_get_the_fallback(store_path: Path) -> None:
    chat = run_chat(store_path, "start my foot routine", "what's the weather")
    assert chat.returncode == 0, chat.stderr
    assert chat.replies[-1] == f"{EN('FALLBACK')} {EN('WHEN_READY_REPROMPT')}"


def test_one_shot_request_for_one_exercise(store_path: Path) -> None:
    chat = run_chat(store_path, "ask my foot routine for toe walking")
    assert chat.returncode == 0, chat.stderr
    (reply,) = chat.replies
    # A new user hears the welcome and the safety note first, then the exercise asked for, not the first.
    assert "sharp pain" in reply
    assert "Toe walking. It strengthens your toes" in reply
    assert "Heel raises." not in reply


def test_quit_leaves_without_error(store_path: Path) -> None:
    chat = run_chat(store_path, "start my foot routine", "quit", "next")
    assert chat.returncode == 0, chat.stderr
    assert len(chat.replies) == 1, "nothing typed after quit is sent"
    assert "your place is kept" in chat.stdout


@pytest.mark.parametrize("speed", ["0", "-2"])
def test_speed_that_is_not_positive_is_refused(store_path: Path, speed: str) -> None:
    chat = run_chat(store_path, "start my foot routine", speed=speed)
    assert chat.returncode != 0
    assert "--speed" in chat.stderr
    assert "Traceback" not in chat.stderr
    assert chat.replies == [], "nothing is said when the command line is refused"
    assert not store_path.exists(), "nothing is stored"


def test_speed_nan_is_refused_before_anything_is_said(store_path: Path) -> None:
    chat = run_chat(store_path, "start my foot routine", speed="nan")
    assert chat.returncode == 2
    assert "--speed" in chat.stderr
    assert "Traceback" not in chat.stderr
    assert chat.replies == []


def test_sound_cues_show_until_they_are_turned_off_and_reminders_say_they_need_a_device(
    store_path: Path,
) -> None:
    chat = run_chat(
        store_path,
        "start my foot routine",
        "ready",
        "turn the sounds off",
        "next",
        "remind me every morning at eight",
    )
    assert chat.returncode == 0, chat.stderr
    _, first, off, after, reminder = chat.replies
    assert "Ready? Go. (ding)" in first, "the go sound, as the device would play it"
    assert off.startswith(EN("SOUNDS_OFF"))
    assert "(ding)" not in after
    assert reminder.startswith(EN("REMINDER_NEEDS_DEVICE")), "no Alexa account behind a terminal"
    assert "could not be created" not in chat.stdout + chat.stderr, "log lines stay off the conversation"


# --- The listening window (issue #19) -----------------------------------------------------------


class ScriptedUser:
    """What a tester types, with None for staying silent through one listening window."""

    def __init__(self, clock: Any, speed: float, *said: str | None) -> None:
        self.said = list(said)
        self.clock = clock
        self.speed = speed
        self.timeouts: list[float | None] = []

    def readline(self, timeout: float | None) -> str | None:
        self.timeouts.append(timeout)
        item = self.said.pop(0) if self.said else ""
        if item is None:
            assert timeout is not None, "silence only counts while Alexa is listening"
            self.clock.skip(timeout * self.speed)  # the device's time passes as it would
            return None
        return f"{item}\n" if item else ""


def test_silence_plays_the_reprompt_then_closes_the_session_as_an_echo_does() -> None:
    from devtools.chat import CLOSED_BY_SILENCE, LISTEN_SECONDS, CoachClock
    from devtools.chat import run_chat as chat_in_process

    store = MemoryStore()
    speed = 1000.0
    clock = CoachClock(speed)
    user = ScriptedUser(clock, speed, "start my foot routine", "ready", None, None, "resume my foot routine")
    out = io.StringIO()
    code = chat_in_process(
        store, user_id="rose", speed=speed, stdin=io.StringIO(), stdout=out, lines=user, clock=clock
    )
    assert code == 0
    printed = out.getvalue()
    assert f"Alexa: {EN('REPROMPT')}" in printed, "the first silence hears the reprompt"
    assert CLOSED_BY_SILENCE in printed, "the second silence closes the session"
    assert user.timeouts[2:4] == [LISTEN_SECONDS / speed] * 2
    back = _replies(printed)[-1]
    assert back.startswith("Welcome back. Let's carry on with heel raises: set one, left leg."), (
        "the right leg was heard to its end before the session closed: it is not done again"
    )


def test_no_timeout_keeps_listening() -> None:
    from devtools.chat import CoachClock
    from devtools.chat import run_chat as chat_in_process

    speed = 1000.0
    clock = CoachClock(speed)
    user = ScriptedUser(clock, speed, "start my foot routine", "ready", "pause")
    out = io.StringIO()
    chat_in_process(
        MemoryStore(),
        user_id="rose",
        speed=speed,
        stdin=io.StringIO(),
        stdout=out,
        listen=False,
        lines=user,
        clock=clock,
    )
    assert set(user.timeouts) == {None}
    assert "Paused." in out.getvalue()
