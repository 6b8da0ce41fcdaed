"""What one request tells the coach besides the user's record: when, where, who, and what is open.

The adapter (``skill.session.Turn``) reads these from Alexa's envelope and session; a test writes
them by hand. The user's date needs the device's time zone, which costs a call to Alexa's Settings
API, so it is asked for only when a rule needs the date (``local_day``), once per request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property

from skill.question import Question
from skill.record import Notice
from skill.words import Words, for_locale


def _utc_day(now: datetime | None) -> str:
    return now.astimezone(UTC).date().isoformat() if now is not None else ""


@dataclass(frozen=True)
class Facts:
    """The request's facts; every field but ``locale`` has the value of a plain new request."""

    locale: str
    """The request's locale ("de-DE"): the words spoken, the first day of the week, the offers."""
    now: datetime | None = None
    """Alexa's timestamp of the request (when the user spoke); None for a hand-made request."""
    local_day: Callable[[datetime], str] | None = field(default=None, compare=False)
    """The user's date at a moment (ISO), in the device's time zone; None: the date in UTC."""
    one_shot: bool = False
    """The first request of a session that is not a launch ("ask my foot routine to ...")."""
    question: Question = Question.NONE
    """What the coach asked last turn, still open."""
    offer: str = ""
    """The dose an open step-up or step-down offer is for ("heel_raises:15:2")."""
    person_name: str = ""
    """The recognised speaker's given name, when they let us use it (skill.profile)."""
    notice: Notice = ""
    """What the loader noticed about the stored record (said once, at launch)."""
    has_screen: bool = False
    """The device shows this skill's screens (Echo Show); a reply then carries the screen's data."""
    played: bool = False
    """A part was spoken earlier in this session (so a part not heard to its end was cut short)."""
    misheard: int = 0
    """Misunderstandings in a row before this request."""

    @cached_property
    def words(self) -> Words:
        """Every sentence of this request, in its language (skill/words.py)."""
        return for_locale(self.locale)

    @cached_property
    def today(self) -> str:
        """The user's date for this request ("" without a timestamp)."""
        if self.now is None:
            return ""
        return self.local_day(self.now) if self.local_day is not None else _utc_day(self.now)
