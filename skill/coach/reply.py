"""What a rule answers: the words, whether the microphone stays open, and what the coach now
remembers. A plain value: ``skill.session.Turn`` renders it into Alexa's response and session.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from skill import ssml
from skill.question import Question
from skill.record import UserRecord


def text(*sentences: str) -> str:
    """Plain sentences as escaped SSML (empty ones left out)."""
    return ssml.escape_text(" ".join(sentence for sentence in sentences if sentence))


@dataclass(frozen=True)
class Card:
    """A card in the Alexa app that repeats what was said (the safety advice, for later)."""

    title: str
    content: str


@dataclass(frozen=True)
class Elicit:
    """The answer is one slot of one intent (``Dialog.ElicitSlot``): "eight in the morning" or
    "fine" is heard as that slot, and only while it is asked for."""

    intent: str
    slot: str


@dataclass(frozen=True)
class Reply:
    """One answer. ``speech`` is SSML (without ``<speak>``); ``reprompt`` plain words, said if the
    user says nothing; ``end_session`` None leaves the session as Alexa has it (an answer without
    speech, for a permission prompt, a screen event or the end of a session)."""

    record: UserRecord
    """The user's record after this turn (saved by skill.interceptors)."""
    speech: str = ""
    reprompt: str = ""
    end_session: bool | None = None
    question: Question = Question.NONE
    """The question open after this turn: the next "yes" or "no" answers it."""
    offer: str = ""
    """The dose the open offer is for ("heel_raises:15:2"), kept for its answer."""
    screen: dict[str, Any] | None = None
    """The APL data source to show; None on a device without a screen."""
    elicit: Elicit | None = None
    card: Card | None = None
    played: bool = False
    """A part was spoken in this session (so far)."""
    misheard: int | None = None
    """Misunderstandings in a row now, when this turn counted one."""
