"""SnapStart: the skill is built during INIT only when the template says so, and each restored copy
renews its random state, its log salt and its connections (the hook functions, called directly:
``snapshot_restore_py`` exists only on Lambda)."""

from __future__ import annotations

import random
import sys
import types
from collections.abc import Callable, Iterator

import pytest

import skill.app
from devtools.envelopes import Caller, Reply, launch_request
from skill import snapstart
from skill.logs import user_hash
from skill.storage import DynamoDbStore

USER = "amzn1.ask.account.SNAPSTART"


@pytest.fixture
def fresh_container(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No skill built yet, and none left behind for the next test."""
    skill.app._default = skill.app._default_store = None
    monkeypatch.delenv("LOG_SALT", raising=False)
    monkeypatch.delenv("SKILL_ID", raising=False)
    try:
        yield
    finally:
        skill.app._default = skill.app._default_store = None


@pytest.fixture
def lambda_env(
    monkeypatch: pytest.MonkeyPatch,
    dynamodb_endpoint: str,
    dynamodb_store: DynamoDbStore,
    fresh_container: None,
) -> DynamoDbStore:
    monkeypatch.setenv("SKILL_STORE", "dynamodb")
    monkeypatch.setenv("SKILL_TABLE", dynamodb_store.table_name)
    monkeypatch.setenv("DYNAMODB_ENDPOINT", dynamodb_endpoint)
    return dynamodb_store


@pytest.mark.parametrize(
    ("value", "on"), [("1", True), (" 1 ", True), ("0", False), ("", False), ("yes", False)]
)
def test_only_the_templates_value_turns_it_on(value: str, on: bool) -> None:
    assert snapstart.enabled({snapstart.ENV: value}) is on
    assert snapstart.enabled({}) is False


def test_off_nothing_is_built_at_import(fresh_container: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(snapstart.ENV, raising=False)
    assert snapstart.set_up() is False
    assert skill.app._default is None and skill.app.built_store() is None


def test_on_the_skill_and_its_client_are_built_during_init_without_a_request(
    fresh_container: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing listens on the endpoint: building the client must not need the network."""
    monkeypatch.setenv(snapstart.ENV, "1")
    monkeypatch.setenv("SKILL_STORE", "dynamodb")
    monkeypatch.setenv("DYNAMODB_ENDPOINT", "http://127.0.0.1:9")
    assert snapstart.set_up() is True  # no snapshot_restore_py here: hooks skipped, said in a log
    store = skill.app.built_store()
    assert isinstance(store, DynamoDbStore)
    assert store._client is not None, "the client is in the snapshot"


def test_the_primed_skill_answers_with_the_primed_store(lambda_env: DynamoDbStore) -> None:
    store = snapstart.prime()
    raw = skill.app.lambda_handler(launch_request(caller=Caller(user_id=USER)), None)
    assert "Welcome" in Reply.from_response(raw).text
    assert skill.app.built_store() is store
    assert lambda_env.load(USER) is not None


def test_hooks_register_with_the_runtimes_module(monkeypatch: pytest.MonkeyPatch) -> None:
    registered: list[Callable[[], None]] = []
    runtime = types.ModuleType("snapshot_restore_py")
    runtime.register_after_restore = registered.append  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", runtime)
    assert snapstart.register_hooks() is True
    assert registered == [snapstart.after_restore]


def test_without_the_runtimes_module_no_hook_is_registered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", None)  # import fails
    assert snapstart.register_hooks() is False


def test_after_restore_renews_random_state_and_the_log_salt(fresh_container: None) -> None:
    random.seed(16)
    in_snapshot = random.random()
    hashed = user_hash(USER)
    random.seed(16)  # as every copy restored from one snapshot would be
    snapstart.after_restore()
    assert random.random() != in_snapshot
    assert user_hash(USER) != hashed, "a new salt: copies' hashes cannot be linked"


def test_after_restore_drops_connections_and_the_client_still_works(lambda_env: DynamoDbStore) -> None:
    store = snapstart.prime()
    assert isinstance(store, DynamoDbStore)
    assert store.load(USER) is None  # a pooled connection now exists
    closed: list[bool] = []
    real_close = store.client.close

    def close() -> None:
        closed.append(True)
        real_close()

    store.client.close = close  # type: ignore[method-assign]
    snapstart.after_restore()
    assert closed == [True]
    assert store.load(USER) is None, "a new connection after the restore"


def test_after_restore_builds_nothing_that_was_not_built(fresh_container: None) -> None:
    unused = DynamoDbStore("never-used", endpoint_url="http://127.0.0.1:9")
    snapstart.after_restore(unused)
    assert unused._client is None, "no client built just to close it"
    snapstart.after_restore(object())  # a store without connections (memory, SQLite)
    snapstart.after_restore()  # no skill built at all
    assert skill.app.built_store() is None
