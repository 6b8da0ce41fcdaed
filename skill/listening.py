"""Was a part heard to its end, or cut short? Told by Alexa's request timestamps, nothing else.

Alexa does not tell a skill how far into its speech a user was when they spoke ("Alexa, pause").
It does stamp every request with the time it was made, and each part has a planned length from
the same timeline that makes its SSML. So when a part starts, the record keeps when (the request
timestamp of the response that speaks it) and from how many seconds on it counts as heard; the next
request's timestamp then decides:

- **heard**: the next request came after the part's last movement ended (the "and stop" / "and
  rest", or the last set-up step). The praise, rest and "what's next" after it are not needed. The
  place to go on from is the part after it, so pause, stop, "I'm done", a timed-out session or a
  device that simply went quiet all resume with the next part, never the finished one.
- **cut short**: the user spoke before that. The part is not done, and resumes from its start.

Alexa's voice may be a little quicker than the timeline's estimate (2.5 words a second), and it
starts speaking a moment after the request: ``MARGIN`` forgives the last tenth of a part, so a user
who listened to the end is never sent back to repeat it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

MARGIN = 0.9
"""The share of a part's work after which it counts as heard."""
MAX_TIMESTAMP_LENGTH = 40


@dataclass(frozen=True)
class Playing:
    """A part being spoken: when it started, and how many seconds later it counts as heard."""

    started: str
    """Alexa's request timestamp (ISO 8601, UTC) of the request the part was spoken in answer to."""
    heard_after: int

    def to_stored(self) -> dict[str, Any]:
        return {"started": self.started, "heard_after": self.heard_after}

    @classmethod
    def from_stored(cls, stored: Any) -> Playing | None:
        """None for anything malformed: a part we cannot time is treated as cut short (replayed)."""
        if not isinstance(stored, Mapping):
            return None
        started, after = stored.get("started"), stored.get("heard_after")
        if not isinstance(started, str) or len(started) > MAX_TIMESTAMP_LENGTH or parse(started) is None:
            return None
        try:
            whole = int(after)  # type: ignore[arg-type]  # anything stored; refused below if not whole
        except (TypeError, ValueError, OverflowError):
            return None
        if isinstance(after, bool) or whole != after or whole < 0:
            return None
        return cls(started, whole)


def heard_after(spoken_seconds: float) -> int:
    """Seconds after a part starts from which it counts as heard, for ``spoken_seconds`` of work."""
    return max(0, math.floor(spoken_seconds * MARGIN))


def parse(timestamp: str) -> datetime | None:
    """An Alexa timestamp ("2026-11-25T08:30:00Z", sometimes with fractions) as an aware datetime."""
    try:
        moment = datetime.fromisoformat(timestamp)
    except ValueError:
        return None
    return aware(moment)


def aware(moment: datetime) -> datetime:
    """A naive time is taken as UTC, as Alexa's timestamps are."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def was_heard(playing: Playing, now: str | datetime | None) -> bool:
    """Whether the part was heard to its end by the time of a request stamped ``now``.

    Without a usable timestamp we cannot tell, and assume heard: a device that sends none is not a
    real Alexa, and making someone repeat a side they finished is the worse mistake.
    """
    started = parse(playing.started)
    current = parse(now) if isinstance(now, str) else (aware(now) if now is not None else None)
    if started is None or current is None:
        return True
    return (current - started).total_seconds() >= playing.heard_after
