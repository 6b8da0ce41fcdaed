"""A progress store in a DynamoDB table: the default on Lambda, where several hosts share users.

Cold start matters on Lambda (it counts against the user's first turn), so this module imports
botocore only on the first call that talks to the table, and the constructor builds no client. The
Lambda zip ships its own botocore whose data folder holds only what this client needs
(devtools/botocore_data.py), which skips most of the client's creation cost. It
uses botocore's low-level client directly, never the ``boto3`` package: the resource layer loads a
second large model, and merely importing ``boto3`` costs about 60 ms more (``benchmarks/run.py``);
``skill.storage.attributes`` does the little type mapping boto3 would have done.

Item layout (compatible with ask-sdk-dynamodb-persistence-adapter's defaults, so a table written by
that adapter reads here too)::

    id         S  the Alexa user id (partition key)
    attributes M  the record
    ttl        N  epoch seconds after which DynamoDB may delete the item (see RETENTION_DAYS)
    updated    N  epoch seconds of the last save
    revision   N  bumped by every save; saves are conditional on it (absent: 0, as the SDK's
                  adapter writes items; anything but a whole number >= 0 is unknown, read as 0 and
                  replaced by the next save)
"""

from __future__ import annotations

import logging
import os
import threading
import time
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from skill.storage.attributes import from_attribute, to_attribute
from skill.storage.base import (
    PERSON_SEPARATOR,
    REVISION,
    UNREADABLE,
    Record,
    RevisionConflict,
    StorageError,
    check_record,
    expected_revision,
    known_revision,
    without_revision,
)

if TYPE_CHECKING:
    from botocore.session import Session as BotocoreSession
    from mypy_boto3_dynamodb import DynamoDBClient

__all__ = ["DEFAULT_REGION", "RETENTION_DAYS", "DynamoDbStore"]

log = logging.getLogger(__name__)

RETENTION_DAYS = 400
"""Keep a user's progress this long after their last save: a year and a bit, so someone who does
the routine once a year (after a yearly flare-up, say) still finds their pace and position."""

DEFAULT_REGION = "us-east-1"
"""Used when neither the caller nor AWS_REGION / AWS_DEFAULT_REGION names one: a local run with a
DynamoDB-compatible server must not fail with NoRegionError just because no region is configured."""

CONNECT_TIMEOUT_S = 1
READ_TIMEOUT_S = 1
MAX_ATTEMPTS = 2
"""Short timeouts and one retry ("standard" mode, ``total_max_attempts`` counts the first try): Alexa
gives the whole turn about 8 s and a turn may both load and save, so the worst case per call is
2 x (1 s connect + 1 s read) and a load plus a save stays under Alexa's limit."""


def _revision(item: dict[str, Any]) -> int | None:
    """The item's revision: 0 when absent (an item the SDK's adapter wrote); None when unknown.

    Unknown is anything but a whole number >= 0: a string, a bool, -5, 2.5. Reading 2.5 as 2 (as
    this once did) or "abc" as 0 and then writing conditional on that number wedged the user for
    good, since the stored value never equals it; :meth:`DynamoDbStore.save` replaces it instead.
    """
    raw = item.get("revision")
    if raw is None:
        return 0
    try:
        number = Decimal(raw["N"]) if isinstance(raw, dict) and set(raw) == {"N"} else None
    except (ArithmeticError, ValueError, TypeError):
        return None
    if number is None or not number.is_finite() or number != number.to_integral_value():
        return None
    return known_revision(int(number))


_SCALAR_TYPES = frozenset({"S", "N", "B", "BOOL"})
"""Attribute types a condition can compare with ``=``; for the others a condition can only name the
type (``attribute_type``): ``=`` on a map is refused by some DynamoDB-compatible servers."""


class DynamoDbStore:
    """Records as items in one DynamoDB table, one item per user."""

    def __init__(
        self,
        table_name: str,
        endpoint_url: str | None = None,
        region: str | None = None,
        client: DynamoDBClient | None = None,
        session: BotocoreSession | None = None,
    ) -> None:
        """Remember the settings; the client is made on first use unless one is passed in.

        ``region`` defaults to AWS_REGION (set by Lambda), then AWS_DEFAULT_REGION, then us-east-1.
        ``session`` is the botocore session to build the client with (default: a new one, which
        reads botocore's own data; tests pass one whose data loader reads the zip's cut of it).
        """
        self.table_name = table_name
        self.endpoint_url = endpoint_url or None
        self.region = (
            region or os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or DEFAULT_REGION
        )
        self._client: DynamoDBClient | None = client
        self._session = session
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        """Name the table and endpoint, which is what someone debugging a misconfiguration needs."""
        return (
            f"DynamoDbStore({self.table_name!r}, endpoint_url={self.endpoint_url!r}, region={self.region!r})"
        )

    @property
    def client(self) -> DynamoDBClient:
        """The low-level DynamoDB client, created on first access (tests may wrap it to count calls)."""
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = self._make_client()
        return self._client

    def drop_connections(self) -> None:
        """Close the client's pooled HTTP connections, if it has been built; it reconnects on next use.

        For SnapStart (skill/snapstart.py): a connection held in a snapshot would be shared by every
        copy restored from it. Builds nothing when there is no client yet.
        """
        if self._client is not None:
            self._client.close()

    def _make_client(self) -> DynamoDBClient:
        """Build the client: the first point where botocore gets imported, so cold starts skip it."""
        import botocore.session  # noqa: PLC0415  # lazy: cold start
        from botocore.config import Config  # noqa: PLC0415  # lazy: cold start

        config = Config(
            connect_timeout=CONNECT_TIMEOUT_S,
            read_timeout=READ_TIMEOUT_S,
            retries={"total_max_attempts": MAX_ATTEMPTS, "mode": "standard"},
        )
        key_id = secret = None
        if self.endpoint_url and not (os.environ.get("AWS_ACCESS_KEY_ID") or os.environ.get("AWS_PROFILE")):
            # Local DynamoDB-compatible servers do not check credentials, but botocore refuses to
            # sign without some: dummy ones save the developer from configuring AWS to run locally.
            key_id = secret = "local"
        session = self._session or botocore.session.get_session()
        client = session.create_client(
            "dynamodb",
            region_name=self.region,
            endpoint_url=self.endpoint_url,
            aws_access_key_id=key_id,
            aws_secret_access_key=secret,
            config=config,
        )
        return cast("DynamoDBClient", client)

    def _call(self, operation: str, **kwargs: Any) -> Any:
        """Call one client operation, turning every botocore failure into StorageError.

        A failed condition becomes RevisionConflict instead: the store is fine, the record moved on.
        """
        from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415  # lazy: cold start

        try:
            method = getattr(self.client, operation)
            return method(**kwargs)
        except ClientError as exc:
            error = exc.response.get("Error", {})
            code = error.get("Code", "Unknown")
            if code == "ConditionalCheckFailedException":
                raise RevisionConflict(f"DynamoDB {operation} on {self.table_name}: record changed") from exc
            raise StorageError(
                f"DynamoDB {operation} on {self.table_name}: {code}: {error.get('Message', exc)}"
            ) from exc
        except BotoCoreError as exc:
            raise StorageError(
                f"DynamoDB {operation} on {self.table_name}: {type(exc).__name__}: {exc}"
            ) from exc

    def load(self, user_id: str) -> Record | None:
        """The user's record, or ``None`` for a user never saved (or whose item has expired).

        Reads are strongly consistent: a user who paused on one Lambda host and resumes on another
        seconds later must see where they stopped. An item past its ``ttl`` counts as absent, since
        DynamoDB deletes expired items lazily (up to days late) and we promised a retention period.
        """
        response = self._call(
            "get_item", TableName=self.table_name, Key={"id": {"S": user_id}}, ConsistentRead=True
        )
        item = response.get("Item")
        if item is None:
            return None
        ttl = item.get("ttl", {}).get("N")
        if ttl is not None and int(Decimal(ttl)) < time.time():
            return None
        revision = _revision(item)
        if revision is None:
            log.warning(
                "DynamoDB item in %s has an unknown revision; the next save replaces it", self.table_name
            )
            revision = 0
        attributes = item.get("attributes")
        if not isinstance(attributes, dict) or set(attributes) != {"M"}:
            log.warning("DynamoDB item in %s has no map 'attributes'; marked unreadable", self.table_name)
            return {REVISION: revision, UNREADABLE: True}
        try:
            record = from_attribute(attributes)
        except (ValueError, ArithmeticError, TypeError, AttributeError) as error:
            log.warning(
                "DynamoDB item in %s is unreadable (%s); marked unreadable",
                self.table_name,
                type(error).__name__,
            )
            return {REVISION: revision, UNREADABLE: True}
        assert isinstance(record, dict)
        return {**record, REVISION: revision}

    def save(self, user_id: str, record: Record) -> int:
        """Replace the user's item if its revision is current, pushing its expiry RETENTION_DAYS ahead.

        TypeError (and nothing written) for floats or odd types, checked before any network call;
        RevisionConflict if the item moved past the record's revision. An item that has expired
        (past ``ttl`` but not yet deleted by DynamoDB) counts as absent, as ``load`` says it is.
        """
        check_record(record)
        expected = expected_revision(record)
        now = int(time.time())
        item = {
            "id": {"S": user_id},
            "attributes": to_attribute(without_revision(record)),
            "ttl": {"N": str(now + RETENTION_DAYS * 86_400)},
            "updated": {"N": str(now)},
            "revision": {"N": str(expected + 1)},
        }
        if expected == 0:
            condition = (
                "attribute_not_exists(#id) OR attribute_not_exists(#rev) OR #rev = :zero OR #ttl < :now"
            )
            values = {":zero": {"N": "0"}, ":now": {"N": str(now)}}
            names = {"#id": "id", "#rev": "revision", "#ttl": "ttl"}
        else:
            condition = "#rev = :expected"
            values = {":expected": {"N": str(expected)}}
            names = {"#rev": "revision"}
        try:
            self._call(
                "put_item",
                TableName=self.table_name,
                Item=item,
                ConditionExpression=condition,
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
            )
        except RevisionConflict:
            if expected != 0:
                raise
            self._replace_unknown_revision(user_id, item)
        return expected + 1

    def _replace_unknown_revision(self, user_id: str, item: dict[str, Any]) -> None:
        """Write ``item`` over one whose revision is unknown, conditional on that very value.

        Called only after a save "from revision 0" was refused. If the stored revision is a real
        one, another save came first: RevisionConflict, as before. If it is unknown (load read it
        as 0), the write goes in only if the same unknown value is still there, so two sessions
        repairing the same item at once still cannot both win. One extra read, only on this path.
        """
        found = self._call(
            "get_item", TableName=self.table_name, Key={"id": {"S": user_id}}, ConsistentRead=True
        ).get("Item")
        raw = None if found is None else found.get("revision")
        if found is None or raw is None or _revision(found) is not None or not isinstance(raw, dict):
            raise RevisionConflict(f"DynamoDB put_item on {self.table_name}: record changed")
        kind = next(iter(raw), "")
        if kind in _SCALAR_TYPES:
            condition, values = "#rev = :raw", {":raw": raw}
        else:
            condition, values = "attribute_type(#rev, :kind)", {":kind": {"S": kind}}
        self._call(
            "put_item",
            TableName=self.table_name,
            Item=item,
            ConditionExpression=condition,
            ExpressionAttributeNames={"#rev": "revision"},
            ExpressionAttributeValues=values,
        )

    def delete(self, user_id: str) -> None:
        """Delete the account's item and every person's; DynamoDB does not mind if there were none.

        Persons' items are found by a scan for the account's key prefix: forgetting an account is
        rare (the user disabled the skill), so this costs nothing on a coaching turn and keeps one
        item per record with no index to maintain. A table grown to millions of users would want a
        global secondary index on the account instead.
        """
        self._call("delete_item", TableName=self.table_name, Key={"id": {"S": user_id}})
        prefix = user_id + PERSON_SEPARATOR
        start: dict[str, Any] | None = None
        while True:
            page = self._call(
                "scan",
                TableName=self.table_name,
                ProjectionExpression="#id",
                FilterExpression="begins_with(#id, :prefix)",
                ExpressionAttributeNames={"#id": "id"},
                ExpressionAttributeValues={":prefix": {"S": prefix}},
                **({"ExclusiveStartKey": start} if start else {}),
            )
            for item in page.get("Items", []):
                self._call("delete_item", TableName=self.table_name, Key={"id": item["id"]})
            start = page.get("LastEvaluatedKey")
            if not start:
                return

    def create_table(self) -> None:
        """Create the table (on-demand billing, key ``id``) and turn on TTL; fine if it exists.

        For local servers and tests: deployed tables come from the deploy template. Waits until the
        table is active, which is immediate on local servers.
        """
        from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415  # lazy: cold start

        def code(exc: ClientError) -> str:
            return str(exc.response.get("Error", {}).get("Code", ""))

        try:
            try:
                self.client.create_table(
                    TableName=self.table_name,
                    AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                    KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                    BillingMode="PAY_PER_REQUEST",
                )
            except ClientError as exc:
                if code(exc) != "ResourceInUseException":  # already there: fine
                    raise
            self.client.get_waiter("table_exists").wait(
                TableName=self.table_name, WaiterConfig={"Delay": 1, "MaxAttempts": 60}
            )
            try:
                self.client.update_time_to_live(
                    TableName=self.table_name,
                    TimeToLiveSpecification={"Enabled": True, "AttributeName": "ttl"},
                )
            except ClientError as exc:
                # "TimeToLive is already enabled" is fine; so is a local server without TTL at all:
                # load() treats an item past its ttl as absent either way.
                if code(exc) not in {"ValidationException", "UnknownOperationException"}:
                    raise
        except (BotoCoreError, ClientError) as exc:  # WaiterError is a BotoCoreError
            raise StorageError(f"DynamoDB create_table on {self.table_name}: {exc}") from exc
