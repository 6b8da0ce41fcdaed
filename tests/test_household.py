"""One Echo, a household: each recognised voice keeps its own place, pace and dose; an unrecognised
speaker uses the account's record; disabling the skill forgets them all. Real envelopes, every store."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from devtools.alexa_fake import FakeAlexaApi
from devtools.envelopes import Caller, Device, Reply, Session, envelope, timestamp
from skill.app import lambda_handler_for
from skill.profile import NAME_SCOPE, NAME_TOKEN
from skill.storage import ProgressStore
from skill.storage.base import person_key
from skill.storage.memory import MemoryStore
from skill.storage.sqlite import SqliteStore
from skill.words import for_locale
from tests.conftest import seed
from tests.test_events import skill_disabled

EN = for_locale("en-US")
"""The coach's English words: what the tests expect to hear."""

NOW = datetime(2026, 11, 25, 8, 30, tzinfo=UTC)
ACCOUNT = "amzn1.ask.account.household"
ANN, BOB = "amzn1.ask.person.ann", "amzn1.ask.person.bob"
MakeDevice = Callable[..., Device]


@pytest.fixture
def make_device(listening_device: MakeDevice) -> MakeDevice:
    def make(store: ProgressStore, person: str | None = None, user: str = ACCOUNT) -> Device:
        return listening_device(store, user, NOW, person_id=person)

    return make


def say(device: Device, words: str) -> Reply:
    reply = device.say(words)
    assert reply is not None, words
    return reply


def place(store: ProgressStore, key: str) -> tuple[str, int, str]:
    record = store.load(key)
    assert record is not None and record.get("position") is not None, key
    position = record["position"]
    return position["exercise"], position["set"], position["side"]


def test_two_persons_and_an_unrecognised_speaker_keep_three_places(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    ann = make_device(store, ANN)
    say(ann, "start my foot routine")
    say(ann, "ready")
    say(ann, "next")
    say(ann, "slower")
    say(ann, "pause")  # Ann heard both sides of set one: set two is next
    bob = make_device(store, BOB)
    assert say(bob, "start my foot routine").text.startswith("Welcome to your foot routine"), "new to Bob"
    say(bob, "ready")
    say(bob, "make it harder")
    say(bob, "pause")
    guest = make_device(store)
    assert say(guest, "open my foot routine").text.startswith("Welcome to your foot routine")
    say(guest, "pause")

    assert place(store, person_key(ACCOUNT, ANN)) == ("heel_raises", 2, "right")
    assert place(store, person_key(ACCOUNT, BOB)) == ("heel_raises", 1, "left")
    assert place(store, ACCOUNT) == ("heel_raises", 1, "right"), "heard getting ready: set one is next"
    ann_record, bob_record = store.load(person_key(ACCOUNT, ANN)), store.load(person_key(ACCOUNT, BOB))
    assert ann_record is not None and bob_record is not None
    assert ann_record["pace"] == 125 and bob_record["pace"] == 100, "pace is per person"
    assert "dose" not in ann_record and bob_record["dose"] == {"heel_raises": {"reps": 15, "sets": 2}}

    back = make_device(store, ANN)
    assert "Let's carry on with heel raises: set two, right leg." in say(back, "open my foot routine").text
    other = make_device(store, BOB)
    assert "Let's carry on with heel raises: set one, left leg." in say(other, "open my foot routine").text


def test_disabling_the_skill_forgets_the_account_and_every_person_on_it(
    make_device: MakeDevice, store: ProgressStore
) -> None:
    for person in (ANN, BOB, None):
        device = make_device(store, person)
        say(device, "start my foot routine")
        say(device, "pause")
    neighbour = make_device(store, ANN, user="amzn1.ask.account.neighbour")
    say(neighbour, "start my foot routine")
    say(neighbour, "pause")
    keys = (ACCOUNT, person_key(ACCOUNT, ANN), person_key(ACCOUNT, BOB))
    assert all(store.load(key) is not None for key in keys)

    answer = lambda_handler_for(store)(skill_disabled(ACCOUNT), None)
    assert "outputSpeech" not in answer["response"]
    assert [store.load(key) for key in keys] == [None, None, None], "nothing is left of the account"
    assert store.load(person_key("amzn1.ask.account.neighbour", ANN)) is not None, "others untouched"


def test_a_user_id_with_like_wildcards_forgets_only_its_own_records(tmp_path: Path) -> None:
    sqlite = SqliteStore(tmp_path / "p.sqlite3")
    try:
        sqlite.save("a%b", {"pace": 100})
        sqlite.save(person_key("a%b", "p"), {"pace": 100})
        sqlite.save(person_key("aXb", "p"), {"pace": 100})
        sqlite.delete("a%b")
        assert sqlite.load(person_key("a%b", "p")) is None
        assert sqlite.load(person_key("aXb", "p")) is not None, "% is not a wildcard here"
    finally:
        sqlite.close()


def test_the_local_coach_plays_two_people(tmp_path: Path) -> None:
    store_path = tmp_path / "coach.sqlite3"

    def chat(person: str, *lines: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "devtools.cli", "chat", "--speed", "1000", "--person", person],
            input="".join(f"{line}\n" for line in lines),
            capture_output=True,
            text=True,
            env={"SKILL_STORE": f"sqlite:{store_path}", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    chat("ann", "start my foot routine", "ready", "pause")
    bob = chat("bob", "open my foot routine")
    assert "Welcome to your foot routine" in bob, "Bob has not started: Ann's place is not his"
    ann = chat("ann", "open my foot routine")
    assert "Let's carry on with heel raises: set one, left leg." in ann


# --- Greeting a recognised person by name (Customer Profile API, person level) ------------------


def name_answer(store: ProgressStore, status: str) -> Reply:
    """Alexa's Connections.Response to our request for the name permission."""
    request = {
        "type": "Connections.Response",
        "requestId": "amzn1.echo-api.request.name-permission",
        "timestamp": timestamp(NOW),
        "locale": "en-US",
        "name": "AskFor",
        "status": {"code": "200", "message": "OK"},
        "payload": {"permissionScope": NAME_SCOPE, "status": status},
        "token": NAME_TOKEN,
    }
    event = envelope(request, caller=Caller(user_id=ACCOUNT, person_id=ANN), session=Session.start())
    return Reply.from_response(lambda_handler_for(store)(event, None), event)


def test_a_recognised_person_is_greeted_by_name(
    make_device: MakeDevice, store: ProgressStore, alexa_api: FakeAlexaApi
) -> None:
    first = say(make_device(store, ANN), "start my foot routine")
    assert first.text.startswith("Welcome to your foot routine, Ann: three gentle exercises")
    hello = say(make_device(store, ANN), "open my foot routine")
    assert hello.text.startswith("Welcome back, Ann.")
    stranger = say(make_device(store), "open my foot routine")
    assert stranger.text.startswith("Welcome to your foot routine:"), "no name without a recognised voice"
    assert len(alexa_api.requests_to("/profile/givenName")) == 2, "only recognised voices are looked up"


def test_without_the_permission_the_coach_asks_once_by_voice_and_leaves_a_card_on_denial(
    make_device: MakeDevice, store: ProgressStore, alexa_api: FakeAlexaApi
) -> None:
    alexa_api.state.name_permission = False
    asked = say(make_device(store, ANN), "start my foot routine")
    directives = asked.raw["response"]["directives"]
    assert directives[0]["type"] == "Connections.SendRequest" and directives[0]["name"] == "AskFor"
    assert directives[0]["payload"]["permissionScope"] == NAME_SCOPE and directives[0]["token"] == NAME_TOKEN
    assert asked.text == "", "Alexa asks the question herself"
    denied = name_answer(store, "DENIED")
    assert denied.raw["response"]["card"]["type"] == "AskForPermissionsConsent"
    assert denied.text.startswith("Welcome to your foot routine: three gentle exercises"), "a plain greeting"
    again = say(make_device(store, ANN), "open my foot routine")
    assert "directives" not in again.raw["response"] or not again.raw["response"]["directives"], "once"
    assert again.text.startswith("Welcome back.")


def test_a_granted_permission_greets_by_name_at_once(
    make_device: MakeDevice, store: ProgressStore, alexa_api: FakeAlexaApi
) -> None:
    alexa_api.state.name_permission = False
    say(make_device(store, ANN), "start my foot routine")
    alexa_api.state.name_permission = True
    assert name_answer(store, "ACCEPTED").text.startswith("Welcome to your foot routine, Ann:")


@pytest.mark.parametrize("fault", ["500", "hang", "no name"])
def test_any_failure_of_the_profile_api_gets_a_plain_greeting(
    make_device: MakeDevice, alexa_api: FakeAlexaApi, fault: str
) -> None:
    if fault == "500":
        alexa_api.fail("/v2/persons", 500)
    elif fault == "hang":
        alexa_api.hang("/v2/persons", 3.0)
    else:
        alexa_api.state.given_name = None
    reply = say(make_device(MemoryStore(), ANN), "start my foot routine")
    assert reply.text.startswith("Welcome to your foot routine: three gentle exercises")
    assert EN("ERROR") not in reply.text


@pytest.mark.parametrize("next_speaker", [BOB, None], ids=["bob", "nobody recognised"])
def test_a_new_speaker_mid_session_never_gets_the_sessions_place_written_into_their_record(
    make_device: MakeDevice, store: ProgressStore, next_speaker: str | None
) -> None:
    """Issue #20, 3: Ann launches, the next turn carries Bob's personId (or none): Ann's place was
    written into Bob's record (or the account's). A session's record is the one it started with."""
    bob_before = {"pace": 150, "welcomed": True}
    seed(store, person_key(ACCOUNT, BOB), bob_before)
    seed(store, ACCOUNT, {"pace": 80, "welcomed": True})
    ann = make_device(store, ANN)
    say(ann, "start my foot routine")
    say(ann, "ready")
    ann.caller = replace(ann.caller, person_id=next_speaker)  # Alexa now recognises someone else
    say(ann, "next")
    say(ann, "slower")
    say(ann, "pause")

    bob_after, account_after = store.load(person_key(ACCOUNT, BOB)), store.load(ACCOUNT)
    assert bob_after is not None and {k: v for k, v in bob_after.items() if k != "revision"} == bob_before
    assert account_after is not None and account_after["pace"] == 80 and "position" not in account_after
    assert place(store, person_key(ACCOUNT, ANN)) == ("heel_raises", 2, "right"), (
        "Ann's session, Ann's record"
    )
