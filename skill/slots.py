"""Slot values as the skill may use them: short, and encodable as UTF-8.

A slot's raw ``value`` is whatever the caller put in the envelope: Alexa sends a few words, but a
forged or fuzzed request sent 7,830 characters (SSML past Alexa's 8,000-character limit), 100,000
(a 100 KB response), or a lone surrogate ("\\ud800", which JSON allows and UTF-8 cannot encode, so
the SSML could not be sent at all). Every slot value goes through :func:`clean_slot_value` where it
is read (``skill.handlers.base.slot``), before it can reach SSML, a card or storage.
"""

from __future__ import annotations

import unicodedata
from typing import Any

__all__ = ["MAX_SLOT_CHARS", "clean_slot_value"]

MAX_SLOT_CHARS = 80
"""Longest slot value kept. The longest thing a user says into the exercise slot ("walking on the
tips of my toes") is under 40 characters; echoing more only helps an attacker."""


def clean_slot_value(value: Any) -> str | None:
    """``value`` cleaned for speech: None unless a string with something left in it.

    Drops what UTF-8 cannot encode (lone surrogates) and control and format characters (a
    right-to-left override has no business in speech), folds runs of whitespace into one space,
    and cuts the result to :data:`MAX_SLOT_CHARS`, at a word boundary when there is one.
    """
    if not isinstance(value, str):
        return None
    if len(value) > 4 * MAX_SLOT_CHARS:
        value = value[: 4 * MAX_SLOT_CHARS]  # no need to clean 100,000 characters to keep 80
    encodable = value.encode("utf-8", "ignore").decode("utf-8")
    kept = "".join(
        " " if char.isspace() else char
        for char in encodable
        if char.isspace() or unicodedata.category(char)[0] != "C"
    )
    words = " ".join(kept.split())
    if len(words) > MAX_SLOT_CHARS:
        cut = words[:MAX_SLOT_CHARS]
        words = cut.rsplit(" ", 1)[0] if " " in cut else cut
    return words or None
