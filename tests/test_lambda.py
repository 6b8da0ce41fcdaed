"""The deployed entry point, ``lambda/lambda_function.py``, configured only through the environment.

The module is loaded by its path, as Lambda does, and driven with real request envelopes. Progress
goes to Amazon's DynamoDB Local on 127.0.0.1 in a fresh table per test, and
is read back with a separate DynamoDbStore, so "what is stored" means what another host would see.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import pytest

import skill.app
from devtools.envelopes import DEFAULT_SKILL_ID, Caller, Device, Reply, launch_request
from skill.app import LambdaHandler
from skill.storage import DynamoDbStore
from skill.words import for_locale

EN = for_locale("en-US")
"""The coach's English words: what the tests expect to hear."""

LAMBDA_FILE = Path(__file__).resolve().parent.parent / "lambda" / "lambda_function.py"
ALICE = "amzn1.ask.account.ALICE"
BOB = "amzn1.ask.account.BOB"
OTHER_SKILL_ID = "amzn1.ask.skill.99999999-8888-7777-6666-000000000000"


def _load_lambda_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lambda_function", LAMBDA_FILE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def lambda_handler() -> LambdaHandler:
    """``lambda_function.lambda_handler``, imported from the file Lambda is configured with."""
    return cast(LambdaHandler, _load_lambda_module().lambda_handler)


@pytest.fixture
def cold_start() -> Iterator[None]:
    """Every test starts in a fresh container: the handler is built again from the environment."""
    skill.app._default = None
    try:
        yield
    finally:
        skill.app._default = None


@pytest.fixture
def table(
    monkeypatch: pytest.MonkeyPatch, dynamodb_endpoint: str, dynamodb_store: DynamoDbStore, cold_start: None
) -> DynamoDbStore:
    """Configure the Lambda environment for a fresh table; return a store reading that table."""
    monkeypatch.setenv("SKILL_STORE", "dynamodb")
    monkeypatch.setenv("SKILL_TABLE", dynamodb_store.table_name)
    monkeypatch.setenv("DYNAMODB_ENDPOINT", dynamodb_endpoint)
    monkeypatch.delenv("SKILL_ID", raising=False)
    return DynamoDbStore(dynamodb_store.table_name, endpoint_url=dynamodb_endpoint)


def restart_container() -> None:
    """What a new Lambda container means for the skill: nothing kept in memory from before."""
    skill.app._default = None


def test_launch_welcomes_a_new_user_and_stores_their_place(
    lambda_handler: LambdaHandler, table: DynamoDbStore
) -> None:
    raw = lambda_handler(launch_request(caller=Caller(user_id=ALICE)), None)
    reply = Reply.from_response(raw)
    assert reply.text.startswith("Welcome to your foot routine")
    assert "sharp pain" in reply.text
    assert not reply.ends_session

    record = table.load(ALICE)
    assert record is not None
    position = record["position"]
    assert (position["exercise"], position["set"], position["side"]) == ("heel_raises", 0, ""), (
        "getting ready"
    )


def test_pause_on_one_device_resumes_on_another(lambda_handler: LambdaHandler, table: DynamoDbStore) -> None:
    kitchen = Device(lambda_handler, user_id=ALICE)
    kitchen.launch()
    right_leg = kitchen.say("next")
    assert right_leg is not None
    assert "right leg" in right_leg.text.split(".")[0]
    paused = kitchen.say("pause")  # at once: the right leg was cut short
    assert paused is not None
    assert "I'll remember you were on heel raises, set one, right leg" in paused.text
    assert paused.ends_session

    restart_container()
    bedroom = Device(lambda_handler, user_id=ALICE, device_id="amzn1.ask.device.BEDROOM")
    welcome_back = bedroom.launch()
    assert "Let's carry on with heel raises: set one, right leg" in welcome_back.text
    assert "Welcome to your foot routine" not in welcome_back.text

    someone_else = Device(lambda_handler, user_id=BOB).launch()
    assert someone_else.text.startswith("Welcome to your foot routine")
    assert "Let's carry on" not in someone_else.text
    alice = table.load(ALICE)
    assert alice is not None
    assert (alice["position"]["set"], alice["position"]["side"]) == (1, "right"), "Alice's place is kept"


def _bogus_type() -> dict[str, Any]:
    event = launch_request(caller=Caller(user_id=ALICE))
    event["request"]["type"] = "NoSuchRequest"
    return event


def _without_request() -> dict[str, Any]:
    event = launch_request(caller=Caller(user_id=ALICE))
    del event["request"]
    return event


@pytest.mark.parametrize(
    "event",
    [{"foo": 1}, {}, _bogus_type(), _without_request()],
    ids=["foo", "empty", "bogus-request-type", "no-request"],
)
def test_malformed_event_gets_an_apology_not_an_exception(
    lambda_handler: LambdaHandler, table: DynamoDbStore, event: dict[str, Any]
) -> None:
    raw = lambda_handler(event, None)
    assert raw["version"] == "1.0"
    reply = Reply.from_response(raw)
    assert reply.text == EN("ERROR")
    assert "Traceback" not in json.dumps(raw)
    assert table.load(ALICE) is None, "a request that could not be read leaves no record"


def test_a_request_for_another_skill_is_refused_and_nothing_is_stored(
    lambda_handler: LambdaHandler, table: DynamoDbStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKILL_ID", OTHER_SKILL_ID)
    with pytest.raises(PermissionError):
        lambda_handler(launch_request(caller=Caller(user_id=ALICE, skill_id=DEFAULT_SKILL_ID)), None)
    assert table.load(ALICE) is None


def test_a_request_for_the_configured_skill_is_answered(
    lambda_handler: LambdaHandler, table: DynamoDbStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SKILL_ID", OTHER_SKILL_ID)
    raw = lambda_handler(launch_request(caller=Caller(user_id=ALICE, skill_id=OTHER_SKILL_ID)), None)
    assert Reply.from_response(raw).text.startswith("Welcome to your foot routine")
    assert table.load(ALICE) is not None


_COLD_IMPORT = textwrap.dedent(
    """
    import importlib.util, json, sys
    spec = importlib.util.spec_from_file_location("lambda_function", sys.argv[1])
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    print(json.dumps({
        "callable": callable(module.lambda_handler),
        "loaded": sorted(name for name in ("boto3", "botocore") if name in sys.modules),
    }))
    """
)


def test_cold_start_import_does_not_touch_aws() -> None:
    """Importing the entry point loads neither boto3 nor botocore, even with no AWS configuration."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("AWS_", "SKILL_", "DYNAMODB_", "BOTO"))
    }
    done = subprocess.run(
        [sys.executable, "-c", _COLD_IMPORT, str(LAMBDA_FILE)],
        capture_output=True,
        text=True,
        env=env,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"callable": True, "loaded": []}
