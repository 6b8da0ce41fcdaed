"""Slot values are cut and cleaned before they reach SSML or storage (issue #12, finding 5).

Before: a 7,830-character exercise slot gave SSML over Alexa's 8,000 characters, a 100,000-character
one a 100 KB response, and a lone surrogate SSML that could not be encoded as UTF-8.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from devtools.envelopes import Device
from devtools.nlu import SlotMatch
from skill import limits
from skill.app import lambda_handler_for
from skill.slots import MAX_SLOT_CHARS, clean_slot_value
from skill.storage import MemoryStore


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("toe walking", "toe walking"),
        ("  toe \t walking\n", "toe walking"),
        ("toe\ud800 walking", "toe walking"),
        ("\u202etoe walking", "toe walking"),
        ("\x00", None),
        ("", None),
        ("\ud800", None),
        (5, None),
        (None, None),
        ("🦶 walking", "🦶 walking"),
    ],
)
def test_clean_slot_value(raw: Any, clean: str | None) -> None:
    assert clean_slot_value(raw) == clean


@pytest.mark.parametrize("size", [81, 7_830, 100_000])
def test_long_values_are_cut_at_a_word(size: int) -> None:
    cleaned = clean_slot_value(("word " * size)[:size])
    assert cleaned is not None and len(cleaned) <= MAX_SLOT_CHARS
    assert cleaned.endswith("word")


@pytest.mark.parametrize("value", ["x" * 7_830, "ankle " * 20_000, "\ud800", "toe\ud800" * 3_000])
def test_a_hostile_exercise_slot_gets_a_sane_answer(value: str) -> None:
    store = MemoryStore()
    device = Device(lambda_handler_for(store))
    reply = device.intent("ExerciseIntent", exercise=SlotMatch(value))
    speech = reply.raw["response"]["outputSpeech"]["ssml"]
    speech.encode("utf-8")  # raises for a lone surrogate
    assert len(speech) < limits.MAX_SSML_CHARS
    assert len(json.dumps(reply.raw).encode()) < limits.MAX_RESPONSE_BYTES
    for record in store._records.values():
        json.dumps(record, ensure_ascii=False).encode("utf-8")
