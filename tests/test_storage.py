"""The progress stores behave alike, over their real backends (SQLite file, Amazon's DynamoDB Local)."""

from __future__ import annotations

import copy
import json
import logging
import socket
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.attributes_manager import AttributesManager
from ask_sdk_core.serialize import DefaultSerializer

from skill.persistence import StorePersistenceAdapter
from skill.storage import (
    DEFAULT_TABLE,
    REVISION,
    UNREADABLE,
    DynamoDbStore,
    MemoryStore,
    ProgressStore,
    RevisionConflict,
    SqliteStore,
    StorageError,
    default_sqlite_path,
    store_from_env,
)
from skill.storage.dynamodb import DEFAULT_REGION, RETENTION_DAYS

RECORD: dict[str, Any] = {
    "position": {"v": 1, "exercise": "ankle_circles", "set": 2, "side": "left", "scope": "routine"},
    "pace": 125,
    "welcomed": True,
    "finished_on": "2026-11-25",
    "history": ["2026-11-24"],
}
USER = "amzn1.ask.account.AEXAMPLEUSERONE"
OTHER = "amzn1.ask.account.AEXAMPLEUSERTWO"
DAY_S = 86_400


def at(record: dict[str, Any], revision: int) -> dict[str, Any]:
    """``record`` as ``load`` returns it once stored at ``revision``."""
    return {**record, REVISION: revision}


def assert_same_shape(actual: Any, expected: Any, where: str = "record") -> None:
    """Equal *and* of the same types: ``Decimal(125) == 125``, so ``==`` alone would miss Decimals."""
    assert type(actual) is type(expected), f"{where}: {type(actual).__name__} != {type(expected).__name__}"
    if isinstance(expected, dict):
        assert actual.keys() == expected.keys(), where
        for key in expected:
            assert_same_shape(actual[key], expected[key], f"{where}.{key}")
    elif isinstance(expected, list):
        assert len(actual) == len(expected), where
        for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
            assert_same_shape(got, want, f"{where}[{index}]")
    else:
        assert actual == expected, where


def closed_port() -> int:
    """A local port nothing listens on (bound by the OS, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


# ---- the contract, for every store -------------------------------------------------------------


def test_round_trip_keeps_values_and_int_types(store: ProgressStore) -> None:
    assert store.save(USER, RECORD) == 1
    loaded = store.load(USER)
    assert loaded == at(RECORD, 1)
    assert_same_shape(loaded, at(RECORD, 1))


def test_unknown_user_is_none(store: ProgressStore) -> None:
    assert store.load("amzn1.ask.account.NEVERSEEN") is None


def test_users_do_not_see_each_other(store: ProgressStore) -> None:
    other_record = {**RECORD, "pace": 80, "history": []}
    store.save(USER, RECORD)
    store.save(OTHER, other_record)
    assert store.load(USER) == at(RECORD, 1)
    assert store.load(OTHER) == at(other_record, 1)
    store.delete(OTHER)
    assert store.load(USER) == at(RECORD, 1)


def test_delete_forgets_and_tolerates_unknown(store: ProgressStore) -> None:
    store.save(USER, RECORD)
    store.delete(USER)
    assert store.load(USER) is None
    store.delete(USER)  # nothing there: no error
    store.delete("amzn1.ask.account.NEVERSEEN")


def test_overwrite_replaces_whole_record(store: ProgressStore) -> None:
    store.save(USER, RECORD)
    assert store.save(USER, {"pace": 90, REVISION: 1}) == 2
    assert store.load(USER) == {"pace": 90, REVISION: 2}


def test_stale_save_is_refused_and_writes_nothing(store: ProgressStore) -> None:
    """Two devices read revision 1; the first save wins, the second hears RevisionConflict."""
    store.save(USER, RECORD)
    first, second = store.load(USER), store.load(USER)
    assert first is not None and second is not None
    store.save(USER, {**first, "pace": 80})
    with pytest.raises(RevisionConflict):
        store.save(USER, {**second, "pace": 150})
    assert store.load(USER) == at({**RECORD, "pace": 80}, 2)


def test_new_record_cannot_overwrite_one_that_appeared(store: ProgressStore) -> None:
    """A session that saw no record (revision 0) must not blindly replace one written meanwhile."""
    store.save(USER, RECORD)
    with pytest.raises(RevisionConflict):
        store.save(USER, {"pace": 80})
    with pytest.raises(RevisionConflict):
        store.save(USER, {"pace": 80, REVISION: 7})  # from the future: refused too
    assert store.load(USER) == at(RECORD, 1)


def test_after_delete_a_new_record_starts_again(store: ProgressStore) -> None:
    store.save(USER, RECORD)
    store.delete(USER)
    with pytest.raises(RevisionConflict):
        store.save(USER, at(RECORD, 1))  # a session from before the delete cannot resurrect it
    assert store.load(USER) is None
    assert store.save(USER, RECORD) == 1


@pytest.mark.parametrize("bad", [-1, "1", True, None])
def test_odd_revision_is_refused_before_writing(store: ProgressStore, bad: Any) -> None:
    with pytest.raises(TypeError, match="revision"):
        store.save(USER, {"pace": 90, REVISION: bad})
    assert store.load(USER) is None


def test_concurrent_saves_at_one_revision_let_exactly_one_in(store: ProgressStore) -> None:
    store.save(USER, RECORD)

    def attempt(pace: int) -> bool:
        try:
            store.save(USER, {**RECORD, "pace": pace, REVISION: 1})
        except RevisionConflict:
            return False
        return True

    with ThreadPoolExecutor(max_workers=8) as pool:
        won = list(pool.map(attempt, range(80, 96)))
    assert won.count(True) == 1
    loaded = store.load(USER)
    assert loaded is not None and loaded[REVISION] == 2 and loaded["pace"] == 80 + won.index(True)


@pytest.mark.parametrize(
    "bad",
    [
        {"pace": 1.25},
        {"position": {"v": 1, "hold": 2.5}},
        {"history": ["2026-11-24", 0.5]},
    ],
    ids=["top", "nested", "in-list"],
)
def test_float_rejected_and_nothing_stored(store: ProgressStore, bad: dict[str, Any]) -> None:
    with pytest.raises(TypeError, match="float"):
        store.save(USER, bad)
    assert store.load(USER) is None

    store.save(OTHER, RECORD)
    with pytest.raises(TypeError):
        store.save(OTHER, bad)
    assert store.load(OTHER) == at(RECORD, 1)  # the earlier record survives a refused save


@pytest.mark.parametrize("bad", [{"tags": {"a", "b"}}, {"d": Decimal(3)}, {"t": (1, 2)}, {1: "x"}])
def test_other_non_json_values_rejected(store: ProgressStore, bad: dict[Any, Any]) -> None:
    with pytest.raises(TypeError):
        store.save(USER, bad)
    assert store.load(USER) is None


def test_callers_cannot_mutate_stored_state(store: ProgressStore) -> None:
    record = copy.deepcopy(RECORD)
    store.save(USER, record)
    record["position"]["set"] = 99  # keep editing after save
    loaded = store.load(USER)
    assert loaded is not None
    loaded["history"].append("2026-11-26")  # edit what load returned
    assert store.load(USER) == at(RECORD, 1)


def test_empty_and_unicode_values_round_trip(store: ProgressStore) -> None:
    record: dict[str, Any] = {
        "note": "",
        "name": "Zoë – ünïcode ✓",
        "empty": {},
        "none": None,
        "big": 2**62,
        "neg": -3,
    }
    store.save(USER, record)
    loaded = store.load(USER)
    assert_same_shape(loaded, at(record, 1))


def test_concurrent_saves_from_threads(store: ProgressStore) -> None:
    def work(n: int) -> None:
        user = f"amzn1.ask.account.THREAD{n % 4}"
        while True:  # read, change, save; on conflict read again
            loaded = store.load(user) or {}
            try:
                store.save(user, {**loaded, "pace": n})
            except RevisionConflict:
                continue
            break
        assert store.load(user) is not None

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(work, range(32)))
    for n in range(4):
        loaded = store.load(f"amzn1.ask.account.THREAD{n}")
        assert loaded is not None
        assert loaded["pace"] % 4 == n
        assert loaded[REVISION] == 8, "every one of the 8 saves per user went in, none overwrote another"


# ---- SQLite specifics ----------------------------------------------------------------------------


def test_sqlite_creates_nothing_until_first_use(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "progress.sqlite3"
    store = SqliteStore(path)
    assert not path.parent.exists()
    assert store.load(USER) is None
    assert path.exists()
    store.close()


@pytest.mark.parametrize("garbage", ["{not json", "[1, 2]", '"text"', "null", ""])
def test_sqlite_corrupt_row_loads_as_an_empty_record_marked_unreadable(
    sqlite_store: SqliteStore, garbage: str, caplog: pytest.LogCaptureFixture
) -> None:
    sqlite_store.save(USER, RECORD)
    assert sqlite_store.path is not None
    with sqlite3.connect(sqlite_store.path) as conn:
        conn.execute("UPDATE progress SET record = ? WHERE user_id = ?", (garbage, USER))
    conn.close()
    with caplog.at_level(logging.WARNING, logger="skill.storage.sqlite"):
        assert sqlite_store.load(USER) == {REVISION: 1, UNREADABLE: True}
    assert "not a JSON object" in caplog.text
    assert USER not in caplog.text  # user ids are personal data: only a hash is logged


def test_sqlite_uses_wal_and_stamps_updated(sqlite_store: SqliteStore) -> None:
    before = int(time.time())
    sqlite_store.save(USER, RECORD)
    assert sqlite_store.path is not None
    with sqlite3.connect(sqlite_store.path) as conn:
        (mode,) = conn.execute("PRAGMA journal_mode").fetchone()
        text, updated = conn.execute(
            "SELECT record, updated FROM progress WHERE user_id = ?", (USER,)
        ).fetchone()
    conn.close()
    assert mode == "wal"
    assert json.loads(text) == RECORD, "the revision is a column, not part of the user's data"
    assert before <= updated <= time.time() + 1


def test_sqlite_file_from_before_revisions_is_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE progress (user_id TEXT PRIMARY KEY, record TEXT, updated INTEGER)")
        conn.execute("INSERT INTO progress VALUES (?, ?, 0)", (USER, json.dumps(RECORD)))
    conn.close()
    store = SqliteStore(path)
    assert store.load(USER) == at(RECORD, 0)
    assert store.save(USER, at({**RECORD, "pace": 80}, 0)) == 1
    assert store.load(USER) == at({**RECORD, "pace": 80}, 1)
    store.close()


def test_sqlite_error_is_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    store = SqliteStore(blocker / "progress.sqlite3")  # parent is a file: cannot be created
    with pytest.raises(StorageError):
        store.load(USER)


# ---- DynamoDB specifics -------------------------------------------------------------------------


def test_dynamodb_item_layout_and_ttl(dynamodb_store: DynamoDbStore) -> None:
    now = time.time()
    dynamodb_store.save(USER, RECORD)
    item = dynamodb_store.client.get_item(TableName=dynamodb_store.table_name, Key={"id": {"S": USER}})[
        "Item"
    ]
    assert item["id"] == {"S": USER}
    assert "M" in item["attributes"]
    assert item["attributes"]["M"]["pace"] == {"N": "125"}
    ttl = int(item["ttl"]["N"])
    assert abs(ttl - (now + RETENTION_DAYS * DAY_S)) < 60
    assert abs(int(item["updated"]["N"]) - now) < 60
    assert item["revision"] == {"N": "1"}
    assert "revision" not in item["attributes"]["M"], "the revision is an item attribute, not user data"


def test_dynamodb_item_written_by_the_sdk_adapter_reads_and_updates(dynamodb_store: DynamoDbStore) -> None:
    """ask-sdk-dynamodb-persistence-adapter writes id + attributes only: revision 0, writable at 0."""
    dynamodb_store.client.put_item(
        TableName=dynamodb_store.table_name,
        Item={"id": {"S": USER}, "attributes": {"M": {"pace": {"N": "80"}}}},
    )
    assert dynamodb_store.load(USER) == {"pace": 80, REVISION: 0}
    assert dynamodb_store.save(USER, {"pace": 90, REVISION: 0}) == 1
    assert dynamodb_store.load(USER) == {"pace": 90, REVISION: 1}


def test_dynamodb_expired_item_can_be_replaced_from_nothing(dynamodb_store: DynamoDbStore) -> None:
    dynamodb_store.client.put_item(
        TableName=dynamodb_store.table_name,
        Item={"id": {"S": USER}, "attributes": {"M": {}}, "ttl": {"N": "1000"}, "revision": {"N": "9"}},
    )
    assert dynamodb_store.load(USER) is None
    assert dynamodb_store.save(USER, RECORD) == 1


def test_dynamodb_expired_item_counts_as_absent(dynamodb_store: DynamoDbStore) -> None:
    dynamodb_store.client.put_item(
        TableName=dynamodb_store.table_name,
        Item={"id": {"S": USER}, "attributes": {"M": {"pace": {"N": "100"}}}, "ttl": {"N": "1000"}},
    )
    assert dynamodb_store.load(USER) is None


def test_dynamodb_item_without_attributes_loads_as_unreadable(dynamodb_store: DynamoDbStore) -> None:
    dynamodb_store.client.put_item(TableName=dynamodb_store.table_name, Item={"id": {"S": USER}})
    assert dynamodb_store.load(USER) == {REVISION: 0, UNREADABLE: True}


def test_dynamodb_create_table_is_idempotent(dynamodb_store: DynamoDbStore) -> None:
    dynamodb_store.create_table()
    ttl = dynamodb_store.client.describe_time_to_live(TableName=dynamodb_store.table_name)
    assert ttl["TimeToLiveDescription"].get("AttributeName") == "ttl"


def test_dynamodb_missing_table_is_storage_error_with_code(dynamodb_endpoint: str) -> None:
    store = DynamoDbStore("no-such-table", endpoint_url=dynamodb_endpoint)
    with pytest.raises(StorageError, match="ResourceNotFoundException"):
        store.load(USER)


def test_dynamodb_unreachable_is_storage_error() -> None:
    store = DynamoDbStore("progress", endpoint_url=f"http://127.0.0.1:{closed_port()}")
    with pytest.raises(StorageError, match="EndpointConnectionError"):
        store.load(USER)


def test_dynamodb_local_endpoint_without_credentials(
    dynamodb_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")

    # Without an endpoint there is nothing to fall back on: botocore's own error, wrapped.
    with pytest.raises(StorageError, match="NoCredentialsError"):
        DynamoDbStore("progress-nocreds").load(USER)

    # With a local endpoint the store signs with dummy credentials, which the server accepts.
    store = DynamoDbStore("progress-nocreds", endpoint_url=dynamodb_endpoint)
    store.create_table()
    store.save(USER, RECORD)
    assert store.load(USER) == at(RECORD, 1)


def test_dynamodb_client_is_lazy_and_injectable(fake_aws_env: None) -> None:
    store = DynamoDbStore("t")
    assert store._client is None  # constructing must not build a client (cold start)
    assert store.client is store.client

    injected = store.client
    assert DynamoDbStore("t", client=injected).client is injected


def test_dynamodb_region_resolution(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    assert DynamoDbStore("t", region="ap-south-1").region == "ap-south-1"
    assert DynamoDbStore("t").region == "eu-west-1"
    monkeypatch.delenv("AWS_REGION")
    assert DynamoDbStore("t").region == "eu-central-1"
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    assert DynamoDbStore("t").region == DEFAULT_REGION


# ---- configuration -------------------------------------------------------------------------------


def test_store_from_env_memory() -> None:
    assert isinstance(store_from_env({"SKILL_STORE": "memory"}), MemoryStore)


def test_store_from_env_sqlite_path_is_lazy(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "p.sqlite3"
    store = store_from_env({"SKILL_STORE": f"sqlite:{path}"})
    assert isinstance(store, SqliteStore)
    assert store.path == path
    assert not path.parent.exists()


def test_store_from_env_dynamodb_settings() -> None:
    store = store_from_env(
        {
            "SKILL_STORE": "dynamodb",
            "SKILL_TABLE": "my-table",
            "DYNAMODB_ENDPOINT": "http://localhost:8000",
            "AWS_REGION": "eu-west-1",
        }
    )
    assert isinstance(store, DynamoDbStore)
    assert (store.table_name, store.endpoint_url, store.region) == (
        "my-table",
        "http://localhost:8000",
        "eu-west-1",
    )
    assert store._client is None


def test_store_from_env_defaults_on_lambda() -> None:
    store = store_from_env({"AWS_LAMBDA_FUNCTION_NAME": "foot-routine"})
    assert isinstance(store, DynamoDbStore)
    assert store.table_name == DEFAULT_TABLE
    assert store.endpoint_url is None


def test_store_from_env_defaults_off_lambda() -> None:
    store = store_from_env({})
    assert isinstance(store, SqliteStore)
    assert store.path == default_sqlite_path()
    assert store.path.name == "progress.sqlite3"
    assert "foot-routine" in str(store.path)


@pytest.mark.parametrize("value", ["redis", "sqlite", "sqlite:", "sqlite:   ", "memory:x", "dynamo"])
def test_store_from_env_rejects_bad_values(value: str) -> None:
    with pytest.raises(ValueError, match=r"'dynamodb', 'sqlite:PATH' or 'memory'"):
        store_from_env({"SKILL_STORE": value})


def test_importing_storage_does_not_import_boto3() -> None:
    code = "import skill.storage, sys; print('boto3' in sys.modules, 'botocore' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


# ---- ASK SDK persistence adapter --------------------------------------------------------------------

LAUNCH_ENVELOPE: dict[str, Any] = {
    "version": "1.0",
    "session": {
        "new": True,
        "sessionId": "amzn1.echo-api.session.0f6b4a37-6f1c-4a2b-9c3e-2f1d1e0a9b7c",
        "application": {"applicationId": "amzn1.ask.skill.5c1a9e2b-7d3f-4e8a-b6c0-1a2b3c4d5e6f"},
        "attributes": {},
        "user": {"userId": USER},
    },
    "context": {
        "System": {
            "application": {"applicationId": "amzn1.ask.skill.5c1a9e2b-7d3f-4e8a-b6c0-1a2b3c4d5e6f"},
            "user": {"userId": USER},
            "device": {
                "deviceId": "amzn1.ask.device.AEXAMPLEDEVICE",
                "supportedInterfaces": {},
            },
            "apiEndpoint": "https://api.amazonalexa.com",
            "apiAccessToken": "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.example",
        },
        "Viewport": {"experiences": [], "shape": "RECTANGLE", "pixelWidth": 1024, "pixelHeight": 600},
    },
    "request": {
        "type": "LaunchRequest",
        "requestId": "amzn1.echo-api.request.3e5c8f6a-1b2d-4c7e-9a0f-8d6b5c4a3e21",
        "timestamp": "2026-11-25T08:00:00Z",
        "locale": "en-US",
        "shouldLinkResultBeRenderedInline": False,
    },
}


def envelope(data: dict[str, Any]) -> Any:
    return DefaultSerializer().deserialize(json.dumps(data), "ask_sdk_model.RequestEnvelope")


def test_persistence_adapter_round_trip_through_attributes_manager() -> None:
    store = MemoryStore()
    adapter = StorePersistenceAdapter(store)
    request = envelope(LAUNCH_ENVELOPE)

    assert adapter.get_attributes(request) == {}  # a new user gets an empty dict, not None

    manager = AttributesManager(request_envelope=request, persistence_adapter=adapter)
    manager.persistent_attributes = copy.deepcopy(RECORD)
    manager.save_persistent_attributes()
    assert store.load(USER) == at(RECORD, 1)
    assert manager.persistent_attributes[REVISION] == 1, "the manager's copy follows the store"
    manager.persistent_attributes["pace"] = 80
    manager.save_persistent_attributes()  # a second save in one request needs no reload

    fresh = AttributesManager(request_envelope=envelope(LAUNCH_ENVELOPE), persistence_adapter=adapter)
    assert fresh.persistent_attributes == at({**RECORD, "pace": 80}, 2)
    fresh.persistent_attributes = {"pace": 150}  # read at no revision: another device came first
    with pytest.raises(RevisionConflict):
        fresh.save_persistent_attributes()

    fresh.delete_persistent_attributes()
    assert store.load(USER) is None
    assert adapter.get_attributes(request) == {}


def test_persistence_adapter_needs_a_user_id() -> None:
    data = copy.deepcopy(LAUNCH_ENVELOPE)
    del data["context"]["System"]["user"]
    adapter = StorePersistenceAdapter(MemoryStore())
    with pytest.raises(ValueError, match="userId"):
        adapter.get_attributes(envelope(data))
    with pytest.raises(ValueError, match="userId"):
        adapter.save_attributes(envelope(data), RECORD)
