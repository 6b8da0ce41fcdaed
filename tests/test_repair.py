"""Stores repair what they cannot read instead of wedging (issue #12, findings 3 and 4).

A stored revision that is not a whole number >= 0 (a string, a negative or fractional number, a
bool) used to block every later save for good: the store read it as 0 (or truncated it) but the
conditional write compared against the raw value, so the user heard "trouble saving" in every
session. An unreadable record (garbage, null, missing) read as a brand-new user: the first-time
welcome played instead of the notice that their place was lost.

Each case is planted in the real backend (the SQLite file, Amazon's DynamoDB Local, the memory
store's own dict) the way a hand edit, another tool or a bug would leave it; then a real device
talks to the skill.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from devtools.envelopes import Device
from skill.app import lambda_handler_for
from skill.storage import REVISION, DynamoDbStore, MemoryStore, ProgressStore, RevisionConflict, SqliteStore
from skill.words import for_locale

EN = for_locale("en-US")
"""The coach's English words: what the tests expect to hear."""

USER = "amzn1.ask.account.repair"
GOOD = {"pace": 100, "welcomed": True}

# The bad revisions of the finding, in each backend's own terms.
DYNAMODB_BAD_REVISIONS: list[dict[str, Any]] = [
    {"S": "abc"},
    {"N": "-5"},
    {"N": "2.5"},
    {"BOOL": True},
    {"NULL": True},
    {"M": {"n": {"N": "1"}}},
    # Issue #20, 6: numbers DynamoDB holds but cannot add one to within its 38 digits.
    {"N": "1E+125"},
    {"N": "9" * 38},
]
# Issue #20, 6: SQLite's largest integer (one more is an OverflowError in Python's sqlite3).
SQLITE_BAD_REVISIONS: list[Any] = ["abc", -3, 2.5, 9223372036854775807]
MEMORY_BAD_REVISIONS: list[Any] = ["abc", -3, True, 10**40]


def plant_revision(store: ProgressStore, raw: Any, record: dict[str, Any] | None = None) -> None:
    """Leave the user's record in ``store`` with the revision ``raw``, as the backend holds it."""
    data = GOOD if record is None else record
    if isinstance(store, MemoryStore):
        store._records[USER] = (dict(data), raw)
    elif isinstance(store, SqliteStore):
        store.save(USER, {**data, REVISION: 0})
        assert store.path is not None
        with sqlite3.connect(store.path) as conn:
            conn.execute("UPDATE progress SET revision = ? WHERE user_id = ?", (raw, USER))
        conn.close()
    else:
        assert isinstance(store, DynamoDbStore)
        from skill.storage.attributes import to_attribute

        store.client.put_item(
            TableName=store.table_name,
            Item={"id": {"S": USER}, "attributes": to_attribute(data), "revision": raw},
        )


def bad_revisions(store: ProgressStore) -> list[Any]:
    if isinstance(store, MemoryStore):
        return MEMORY_BAD_REVISIONS
    if isinstance(store, SqliteStore):
        return SQLITE_BAD_REVISIONS
    return DYNAMODB_BAD_REVISIONS


def test_a_bad_revision_is_replaced_by_the_next_save(store: ProgressStore) -> None:
    for raw in bad_revisions(store):
        plant_revision(store, raw)
        record = store.load(USER)
        assert record is not None and record[REVISION] == 0, f"{raw!r} reads as unknown (0)"
        assert store.save(USER, {**GOOD, "pace": 90, REVISION: 0}) == 1, f"{raw!r} was replaced"
        assert store.load(USER) == {**GOOD, "pace": 90, REVISION: 1}
        store.delete(USER)


def test_the_repair_is_still_conditional_on_what_is_there_now(store: ProgressStore) -> None:
    """Two sessions that both read the bad revision: the first repair goes in, the second is refused."""
    plant_revision(store, bad_revisions(store)[0])
    assert store.save(USER, {**GOOD, "pace": 90, REVISION: 0}) == 1
    with pytest.raises(RevisionConflict):
        store.save(USER, {**GOOD, "pace": 80, REVISION: 0})
    assert store.load(USER) == {**GOOD, "pace": 90, REVISION: 1}


def test_a_user_with_a_bad_revision_is_coached_and_saved_without_a_warning(store: ProgressStore) -> None:
    for raw in bad_revisions(store):
        plant_revision(store, raw)
        device = Device(lambda_handler_for(store), user_id=USER)
        hello = device.launch()
        assert EN("STORAGE_WARNING") not in hello.text, f"revision {raw!r}"
        reply = device.intent("AMAZON.NextIntent")
        assert EN("STORAGE_WARNING") not in reply.text, f"revision {raw!r}"
        device.intent("AMAZON.PauseIntent")
        saved = store.load(USER)
        assert saved is not None and saved[REVISION] >= 1 and saved.get("position"), f"revision {raw!r}"
        store.delete(USER)


# --- Unreadable records ------------------------------------------------------------------------


def plant_unreadable(store: ProgressStore, garbage: Any) -> None:
    """Leave the user's record unreadable in the backend's own way (text, null, a list, absent)."""
    if isinstance(store, SqliteStore):
        store.save(USER, {**GOOD, REVISION: 0})
        assert store.path is not None
        as_text = isinstance(garbage, InvalidText)
        with sqlite3.connect(store.path) as conn:
            conn.execute(
                f"UPDATE progress SET record = {'CAST(? AS TEXT)' if as_text else '?'} WHERE user_id = ?",
                (bytes(garbage) if as_text else garbage, USER),
            )
        conn.close()
    else:
        assert isinstance(store, DynamoDbStore)
        item: dict[str, Any] = {"id": {"S": USER}, "revision": {"N": "3"}}
        if garbage is not None:
            item["attributes"] = garbage
        store.client.put_item(TableName=store.table_name, Item=item)


class InvalidText(bytes):
    """Bytes stored as SQLite TEXT: invalid UTF-8 in a text column, as another tool can leave it."""


@pytest.mark.parametrize(
    "garbage",
    [
        "{not json",
        "[1,2]",
        "null",
        '"text"',
        "",
        # Issue #20, 6: RecursionError in json.loads on every turn; never-replaced invalid UTF-8; {}.
        "[" * 100_000 + "]" * 100_000,
        '{"a":' * 100_000 + "1" + "}" * 100_000,
        InvalidText(b'{"pace": 100, "welcomed": true, "x": "\xff\xfe"}'),
        b'{"pace": 100, "welcomed": true, "x": "\xff\xfe"}',
        "{}",
    ],
    ids=["not-json", "list", "null", "text", "empty", "deep-list", "deep-map", "bad-utf8-text", "blob", "{}"],
)
def test_an_unreadable_sqlite_record_gets_the_spoken_notice_and_is_rewritten(
    sqlite_store: SqliteStore, garbage: str
) -> None:
    check_notice_and_repair(sqlite_store, garbage)


@pytest.mark.parametrize(
    "garbage", [{"S": "garbage text"}, {"NULL": True}, {"L": [{"N": "1"}]}, None, {"M": {}}], ids=str
)
def test_an_unreadable_dynamodb_record_gets_the_spoken_notice_and_is_rewritten(
    dynamodb_store: DynamoDbStore, garbage: Any
) -> None:
    check_notice_and_repair(dynamodb_store, garbage)


def check_notice_and_repair(store: ProgressStore, garbage: Any) -> None:
    plant_unreadable(store, garbage)
    device = Device(lambda_handler_for(store), user_id=USER)
    hello = device.launch()
    assert EN("PROGRESS_RESET") in hello.text, "the user is told their place could not be read"
    assert "sharp pain" not in hello.text, "not the first-time welcome"
    assert EN("STORAGE_WARNING") not in hello.text
    device.intent("AMAZON.PauseIntent")
    saved = store.load(USER)
    assert saved is not None and saved.get("position"), "the record was rewritten"
    later = Device(lambda_handler_for(store), user_id=USER).launch()
    assert EN("PROGRESS_RESET") not in later.text, "said once: the record is readable again"


def test_an_empty_record_in_memory_is_not_greeted_as_a_first_timer() -> None:
    """Issue #20, 6: a record that exists but holds nothing was welcomed as a brand-new user."""
    store = MemoryStore()
    store._records[USER] = ({}, 4)
    device = Device(lambda_handler_for(store), user_id=USER)
    hello = device.launch()
    assert EN("PROGRESS_RESET") in hello.text and "sharp pain" not in hello.text
    device.intent("AMAZON.PauseIntent")
    saved = store.load(USER)
    assert saved is not None and saved.get("position") and saved[REVISION] > 4, "replaced conditionally"
