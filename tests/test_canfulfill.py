"""Name-free requests: YES only for what we can do exactly, and never a word said or stored."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.askcli import skill_manifest
from devtools.envelopes import intent_request
from devtools.nlu import SlotMatch
from skill.app import lambda_handler_for
from skill.storage import MemoryStore, Record

USER = "amzn1.ask.account.namefree"
CALF_RAISES = SlotMatch("calf raises", "heel_raises", "heel raises")


class WatchedStore(MemoryStore):
    """A memory store that counts reads: a CanFulfillIntentRequest must not even read."""

    def __init__(self) -> None:
        super().__init__()
        self.loads = 0

    def load(self, user_id: str) -> Record | None:
        self.loads += 1
        return super().load(user_id)


def ask(intent: str, slots: dict[str, SlotMatch | None] | None = None) -> tuple[dict[str, Any], WatchedStore]:
    store = WatchedStore()
    event = intent_request(intent, slots, slot_types={"exercise": "EXERCISE"})
    event["request"]["type"] = "CanFulfillIntentRequest"
    reply = lambda_handler_for(store)(event, None)
    return reply, store


@pytest.mark.parametrize(
    ("intent", "slots", "verdict", "slot_verdict"),
    [
        ("StartRoutineIntent", None, "YES", None),
        (
            "ExerciseIntent",
            {"exercise": CALF_RAISES},
            "YES",
            "YES",
        ),
        ("ExerciseIntent", {"exercise": SlotMatch("push ups")}, "NO", "NO"),
        ("ExerciseIntent", {"exercise": None}, "MAYBE", None),
        ("PaceIntent", None, "NO", None),
        ("StreakIntent", None, "NO", None),
        ("AMAZON.NextIntent", None, "NO", None),
        ("AMAZON.HelpIntent", None, "NO", None),
    ],
)
def test_can_fulfill_answers_follow_the_name_free_rules(
    intent: str, slots: dict[str, SlotMatch | None] | None, verdict: str, slot_verdict: str | None
) -> None:
    reply, store = ask(intent, slots)
    response = reply["response"]
    assert "outputSpeech" not in response and "reprompt" not in response, "no speech for a CanFulfill"
    assert response["canFulfillIntent"]["canFulfill"] == verdict
    if slot_verdict is None:
        assert not response["canFulfillIntent"].get("slots")
    else:
        answer = response["canFulfillIntent"]["slots"]["exercise"]
        assert answer == {"canUnderstand": slot_verdict, "canFulfill": slot_verdict}
    assert store.loads == 0 and len(store) == 0, "nothing read, nothing written"
    assert not reply.get("sessionAttributes")


def test_the_manifest_declares_the_interface() -> None:
    manifest = skill_manifest(["en-US"])["manifest"]
    assert {"type": "CAN_FULFILL_INTENT_REQUEST"} in manifest["apis"]["custom"]["interfaces"]


def test_hostile_session_attributes_are_not_echoed_back() -> None:
    """Issue #20, 7: 33 lone surrogates and 24 KB of attributes came back in the answer."""
    store = WatchedStore()
    event = intent_request("StartRoutineIntent")
    event["request"]["type"] = "CanFulfillIntentRequest"
    event["session"]["new"] = False
    event["session"]["attributes"] = {"\ud800" * 33: "x" * 24_000, "progress": {"pace": "\udfff" * 33}}
    reply = lambda_handler_for(store)(event, None)
    assert reply["response"]["canFulfillIntent"]["canFulfill"] == "YES"
    assert not reply.get("sessionAttributes"), "nothing of the request's session comes back"
    assert len(str(reply)) < 1_000
