"""The local coach: talk to the skill by typing, with no Alexa device.

What you type is resolved through the project's own interaction model (``devtools.nlu``), sent as a
real request envelope by a simulated Echo (``devtools.envelopes.Device``) through the same Lambda
entry point the cloud uses, and what Alexa would say is printed with each pause shown as a live
countdown. Progress goes to the configured store (a local SQLite file by default), so you can quit
and later say "resume my foot routine".

Request timestamps follow the coach's own clock (``CoachClock``): real time times ``--speed``, plus
the time Alexa would take to say the words printed. So a part you let play to its end counts as
heard, exactly as on a device, and Ctrl-C while Alexa is "speaking" talks over her: that part is
cut short and comes again from its start.
"""

from __future__ import annotations

import html
import re
import select
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Protocol, TextIO

from devtools.alexa_fake import AlexaRoutines
from devtools.envelopes import DEFAULT_LOCALE, Device, Reply
from devtools.nlu import load_model
from skill.app import lambda_handler_for
from skill.limits import WORDS_PER_SECOND
from skill.storage import ProgressStore

_BREAK = re.compile(r'<break\s+time="(\d+(?:\.\d+)?)(ms|s)"\s*/>')
_TAG = re.compile(r"<[^>]+>")
_AUDIO = re.compile(r"<audio\b[^>]*>")
_RATE = re.compile(r'<prosody\b[^>]*\brate="(\d+)%"')
SOUND_MARK = "(ding)"
"""How a sound cue shows on the terminal: the device plays a short clip from the Alexa sound library."""
QUIT_WORDS = frozenset({"quit", "exit", "bye", ":q"})
LISTEN_SECONDS = 8.0
"""How long an Echo listens after an answer that keeps the session open, and again after the
reprompt; then the session ends (SessionEndedRequest, EXCEEDED_MAX_REPROMPTS). Amazon says it is
not configurable, so the local coach keeps the same window (scaled by --speed) unless told not to:
what a tester learns here then holds on a device."""
CLOSED_BY_SILENCE = (
    "       (Alexa stopped listening: the skill has closed. Your place is kept; "
    'say "resume my foot routine")\n'
)
BANNER = (
    "my foot routine: local coach. Type what you would say to Alexa, for example\n"
    '  "start my foot routine", "next", "slower", "pause", "ask my foot routine for toe walking".\n'
    'Type "quit" to leave (your place is kept). Ctrl-C while Alexa speaks talks over her.\n'
)


class LineSource(Protocol):
    """Where the local coach reads what the user says."""

    def readline(self, timeout: float | None) -> str | None:
        """The next line ("" at end of input), or None when nothing came within ``timeout`` seconds."""


class StreamLines:
    """Lines from a text stream; a timeout is kept only where the stream is a real file (select)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def readline(self, timeout: float | None) -> str | None:
        if timeout is not None:
            try:
                ready, _, _ = select.select([self.stream], [], [], timeout)
            except (ValueError, OSError, TypeError):  # no file descriptor (a StringIO): just read
                ready = [self.stream]
            if not ready:
                return None
        return self.stream.readline()


class CoachClock:
    """Alexa's request timestamps for the local coach: its own, sped-up clock.

    Real time since the start times ``speed`` (so pauses waited out at --speed 10 count in full),
    plus the speaking time of every word printed (a terminal prints in an instant what Alexa takes
    seconds to say).
    """

    def __init__(self, speed: float, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.speed = speed
        self.monotonic = monotonic
        self.started = datetime.now(UTC)
        self.origin = monotonic()
        self.spoken = 0.0

    def __call__(self) -> datetime:
        elapsed = (self.monotonic() - self.origin) * self.speed + self.spoken
        return self.started + timedelta(seconds=elapsed)

    def speak(self, words: str, rate: int = 100) -> None:
        """Count the time Alexa takes to say ``words`` at ``rate`` percent of her normal speed."""
        self.spoken += len(words.split()) / WORDS_PER_SECOND * 100 / max(rate, 1)

    def skip(self, seconds: float) -> None:
        """Count ``seconds`` of the device's time that passed without real time passing (tests)."""
        self.spoken += seconds


def pieces(ssml: str) -> Iterator[tuple[str, float]]:
    """Split SSML into (spoken text, following pause in seconds) pieces."""
    position = 0
    for match in _BREAK.finditer(ssml):
        spoken = _plain(ssml[position : match.start()])
        amount = float(match.group(1))
        yield spoken, amount / 1000 if match.group(2) == "ms" else amount
        position = match.end()
    yield _plain(ssml[position:]), 0.0


def _plain(fragment: str) -> str:
    return " ".join(html.unescape(_TAG.sub(" ", _AUDIO.sub(f" {SOUND_MARK} ", fragment))).split())


class Speaker:
    """Prints speech and waits out pauses, as a countdown on a terminal or a line in a log."""

    def __init__(
        self,
        out: TextIO,
        speed: float,
        sleep: Callable[[float], None] = time.sleep,
        clock: CoachClock | None = None,
    ) -> None:
        self.out = out
        self.speed = speed
        self.sleep = sleep
        self.live = out.isatty()
        self.clock = clock
        self.rate = 100

    def _said(self, spoken: str) -> None:
        if self.clock is not None:
            self.clock.speak(spoken, self.rate)

    def speak(self, ssml: str) -> None:
        rate = _RATE.search(ssml)
        self.rate = int(rate.group(1)) if rate is not None else 100
        if not self.live:
            self._speak_inline(ssml)
            return
        pending = 0.0
        for spoken, pause in pieces(ssml):
            if spoken:
                self._countdown(pending)
                pending = 0.0
                self.out.write(f"Alexa: {spoken}\n")
                self.out.flush()
                self._said(spoken)
            pending += pause
        self._countdown(pending)

    def _speak_inline(self, ssml: str) -> None:
        """For a pipe or a log: one line per response, pauses shown as [2.0 s] where they fall."""
        self.out.write("Alexa:")
        for spoken, pause in pieces(ssml):
            if spoken:
                self.out.write(f" {spoken}")
                self._said(spoken)
            if pause > 0:
                self.out.write(f" [{pause:.1f} s]")
                self.out.flush()
                self.sleep(pause / self.speed)
        self.out.write("\n")
        self.out.flush()

    def _countdown(self, seconds: float) -> None:
        remaining = seconds
        while remaining > 0:
            self.out.write(f"\r       ... {remaining:4.0f} s ")
            self.out.flush()
            step = min(1.0, remaining)
            self.sleep(step / self.speed)
            remaining -= step
        if seconds > 0:
            self.out.write("\r" + " " * 24 + "\r")
            self.out.flush()


PERSON_ID_PREFIX = "amzn1.ask.person."


def run_chat(
    store: ProgressStore,
    *,
    user_id: str,
    speed: float,
    stdin: TextIO,
    stdout: TextIO,
    person: str | None = None,
    listen: bool = True,
    lines: LineSource | None = None,
    clock: CoachClock | None = None,
    locale: str = DEFAULT_LOCALE,
) -> int:
    """Read lines until EOF or "quit"; returns the process exit code.

    With ``listen``, an answer that keeps the session open is followed by Alexa's listening window:
    silence for LISTEN_SECONDS (scaled by ``speed``) plays the reprompt, silence again ends the
    session as a device would. ``locale`` is the Echo's: what is typed is understood through that
    locale's interaction model and language data (devtools/nlu_languages), and every request
    carries it as ``request.locale``.
    """
    model = load_model(locale=locale)
    clock = clock or CoachClock(speed)
    source = lines or StreamLines(stdin)
    # No Alexa account behind a terminal: no API endpoint, so days are UTC and reminders say they can't.
    # --person NAME plays a speaker Alexa recognised by voice: their own place, pace and dose.
    person_id = f"{PERSON_ID_PREFIX}{person}" if person else None
    device = Device(
        lambda_handler_for(store),
        user_id=user_id,
        locale=locale,
        model=model,
        api_endpoint=None,
        clock=clock,
        person_id=person_id,
        routines=AlexaRoutines(),  # Alexa's side of an offered routine: she asks, you answer her
    )
    speaker = Speaker(stdout, speed, clock=clock)
    stdout.write(BANNER)
    if locale != DEFAULT_LOCALE:
        stdout.write(f'Locale {locale}: talk as people there do; the skill is "{model.invocation_name}".\n')
    reprompt: str | None = None  # set while Alexa is listening after an answer
    reprompted = False
    while True:
        stdout.write("you> ")
        stdout.flush()
        waiting = listen and device.session_open and reprompt is not None
        line = source.readline(LISTEN_SECONDS / speed if waiting else None)
        if line is None:  # nothing said inside the listening window
            stdout.write("\n")
            if not reprompted and reprompt:
                reprompted = True
                stdout.write(f"Alexa: {reprompt}\n")
                clock.speak(reprompt)
                continue
            device.end_session("EXCEEDED_MAX_REPROMPTS")
            stdout.write(CLOSED_BY_SILENCE)
            reprompt, reprompted = None, False
            continue
        if not line or line.strip().lower() in QUIT_WORDS:
            device.end_session()
            stdout.write("\n(bye: your place is kept)\n")
            return 0
        text = line.strip()
        if not text:
            continue
        reply = device.say(text)
        if reply is None:
            # No session is open and this was not addressed to the skill by name. On a device it
            # would go to Alexa herself; here the only skill is ours, so send it as a one-shot.
            heard = model.resolve(text)
            if heard.intent is None:
                continue
            reply = device.intent(heard.intent, **heard.slots)
        handed_over = device.connection is not None
        show(reply, speaker, stdout, handed_over=handed_over)
        reprompt, reprompted = (None if reply.ends_session else (reply.reprompt_text or "")), False
        if handed_over and device.routines is not None and device.connection is not None:
            # The skill handed over to Alexa's own offer of a routine: she asks, the next line answers her.
            stdout.write(f"Alexa: {device.routines.prompt(device.connection)}\n")
            stdout.write("       (Alexa's own offer of a routine: say yes or no)\n")


def show(reply: Reply, speaker: Speaker, out: TextIO, *, handed_over: bool = False) -> None:
    if reply.ssml:
        try:
            speaker.speak(reply.ssml)
        except KeyboardInterrupt:
            # Like "Alexa, ..." while she speaks: she stops, and listens.
            out.write("\n       (you talked over Alexa: she stops and listens)\n")
            return
    if reply.ends_session and not handed_over:
        out.write('       (the skill has closed; say "start my foot routine" or "resume my foot routine")\n')
