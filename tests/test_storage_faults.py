"""DynamoDB going away mid-session and coming back: the user keeps being coached, nothing is lost."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from moto.server import ThreadedMotoServer

from skill import phrases
from skill.app import lambda_handler_for
from skill.envelopes import Device
from skill.storage.dynamodb import DynamoDbStore

USER = "amzn1.ask.account.faulty"


class RestartableServer:
    """moto's DynamoDB server on one fixed port, which a test can stop and start again.

    Stopping closes the port (connections are refused, as in an outage); the data lives in moto's
    in-process backend, so a restarted server still has it, like a DynamoDB that came back.
    """

    def __init__(self) -> None:
        first = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        first.start()
        self.host, self.port = first.get_host_and_port()
        self.server = first

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def stop(self) -> None:
        self.server.stop()

    def start(self) -> None:
        self.server = ThreadedMotoServer(ip_address=self.host, port=self.port, verbose=False)
        self.server.start()


@pytest.fixture
def server(fake_aws_env: None) -> Iterator[RestartableServer]:
    running = RestartableServer()
    try:
        yield running
    finally:
        running.stop()


def test_an_outage_mid_session_keeps_coaching_warns_once_and_saves_when_back(
    server: RestartableServer,
) -> None:
    store = DynamoDbStore(f"faults-{uuid.uuid4().hex[:8]}", endpoint_url=server.url)
    store.create_table()
    device = Device(lambda_handler_for(store), user_id=USER)
    device.launch()
    assert store.load(USER)["position"]["side"] == "right"  # type: ignore[index]

    server.stop()
    during = device.intent("AMAZON.NextIntent")
    assert during.text.startswith(phrases.STORAGE_WARNING)
    assert "Set one of two, left leg." in during.text, "the right segment, from the session"
    assert not during.ends_session
    again = device.intent("AMAZON.NextIntent")
    assert again.text.startswith("Set two of two, right leg."), "told once only"

    server.start()
    device.intent("AMAZON.PauseIntent")
    saved = store.load(USER)
    assert saved is not None
    assert (saved["position"]["set"], saved["position"]["side"]) == (2, "right"), "the next save succeeds"
    resumed = Device(lambda_handler_for(store), user_id=USER).launch()
    assert "You were on heel raises, set two, right leg." in resumed.text


def test_an_outage_at_launch_never_overwrites_saved_progress_with_nothing(server: RestartableServer) -> None:
    store = DynamoDbStore(f"faults-{uuid.uuid4().hex[:8]}", endpoint_url=server.url)
    store.create_table()
    position = {"v": 1, "scope": "routine", "exercise": "ankle_circles", "set": 3, "side": "left"}
    store.save(USER, {"position": position, "pace": 125, "welcomed": True})

    server.stop()
    device = Device(lambda_handler_for(store), user_id=USER)
    reply = device.launch()
    assert reply.text.startswith(phrases.STORAGE_WARNING)
    assert "Heel raises." in reply.text, "coached from the top, from the session"
    server.start()
    assert device.intent("AMAZON.NextIntent").text.startswith("Set one of two, left leg.")
    device.intent("AMAZON.PauseIntent")
    stored = {"position": position, "pace": 125, "welcomed": True, "revision": 1}
    assert store.load(USER) == stored, "nothing lost, not even rewritten: the furthest position is kept"
    later = Device(lambda_handler_for(store), user_id=USER).launch()
    assert "You were on ankle circles, set three, left foot." in later.text


def test_an_outage_at_launch_for_a_new_user_saves_once_storage_is_back(server: RestartableServer) -> None:
    store = DynamoDbStore(f"faults-{uuid.uuid4().hex[:8]}", endpoint_url=server.url)
    store.create_table()
    server.stop()
    device = Device(lambda_handler_for(store), user_id=USER)
    device.launch()
    server.start()
    device.intent("AMAZON.NextIntent")
    saved = store.load(USER)
    assert saved is not None and saved["position"]["side"] == "left"
