"""The trimmed botocore data folder: the client built from it talks to DynamoDB exactly as the full one.

``foot-routine package`` ships botocore with its data folder cut to the DynamoDB client's needs
(devtools/botocore_data.py) so that building the client is cheap on a cold start. That is only
safe if nothing on the wire changes, so every operation the store uses runs twice against the same
local server, once with a client from the trimmed folder and once from botocore's full data, and
the HTTP requests (method, URL, body and every header but the signature, its date and the
per-call id) must be byte for byte the same, as must what the store returned.
"""

from __future__ import annotations

import json
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

import botocore
import botocore.session
import pytest
from botocore.loaders import Loader

import skill.storage.dynamodb as dynamodb_module
from devtools.botocore_data import MANIFEST, OPERATIONS, trim_service_model, write_trimmed_data
from skill.storage import DynamoDbStore, RevisionConflict
from skill.storage.base import REVISION

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

TABLE = "wire-bytes"
USER = "amzn1.ask.account.WIRE-BYTES"
FIXED_NOW = 1_900_000_000.0
VARYING_HEADERS = frozenset({"authorization", "x-amz-date", "amz-sdk-invocation-id", "x-amz-security-token"})
"""Differ on every call whichever data the client came from: the signature, its time, a random id."""

Sent = tuple[str, str, dict[str, str], bytes]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    destination = tmp_path_factory.mktemp("zip") / "data"
    write_trimmed_data(destination)
    return destination


class CutAsBuiltIn(Loader):
    """Botocore's Loader on the cut alone, counted as botocore's built-in data, as in the zip.

    In the zip the cut *is* ``botocore/data``, which botocore's ``is_builtin_path`` recognises; here
    it lies elsewhere, so the loader says so. (Not said, botocore would hand the legacy endpoint to
    the endpoint rules as if the caller had set one, and us-gov-west-1 with FIPS would resolve
    differently: the zip's layout does not have that problem, and this test must not invent it.)
    """

    def __init__(self, folder: Path) -> None:
        super().__init__(extra_search_paths=[str(folder)], include_default_search_paths=False)
        self.folder = folder.resolve()

    def is_builtin_path(self, path: str) -> bool:
        return Path(path).resolve().is_relative_to(self.folder)


def cut_session(folder: Path) -> botocore.session.Session:
    """A botocore session that reads only the cut, as the zip's botocore does."""
    session = botocore.session.get_session()
    session.register_component("data_loader", CutAsBuiltIn(folder))
    return session


def capture(store: DynamoDbStore) -> list[Sent]:
    """Every HTTP request the store's client sends from now on (``before-send``: the final bytes)."""
    sent: list[Sent] = []

    def record(request: Any, **_: Any) -> None:
        headers = {
            name.lower(): value.decode() if isinstance(value, bytes) else str(value)
            for name, value in request.headers.items()
            if name.lower() not in VARYING_HEADERS
        }
        body = request.body if isinstance(request.body, bytes) else (request.body or "").encode()
        sent.append((request.method, request.url, headers, body))

    store.client.meta.events.register("before-send.dynamodb", record)
    return sent


def conversation(store: DynamoDbStore, raw_client: DynamoDBClient) -> list[Any]:
    """Every store operation and path, on a fresh table; what each returned (or raised)."""
    results: list[Any] = []
    store.create_table()
    results.append(store.load(USER))
    results.append(store.save(USER, {"pace": "slow", "history": [1, 2, 3], "done": False}))
    loaded = store.load(USER)
    results.append(loaded)
    assert loaded is not None
    results.append(store.save(USER, {**loaded, "pace": "normal"}))
    with pytest.raises(RevisionConflict):  # stale: the conditional write is refused
        store.save(USER, loaded)
    results.append("conflict")
    # An item whose revision is unknown (a string): the repair path reads it and writes over it.
    raw_client.put_item(
        TableName=TABLE, Item={"id": {"S": USER}, "attributes": {"M": {}}, "revision": {"S": "abc"}}
    )
    results.append(store.load(USER))
    results.append(store.save(USER, {"pace": "fast", REVISION: 0}))
    store.delete(USER)
    results.append(store.load(USER))
    return results


def run(store: DynamoDbStore, endpoint: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Sent], list[Any]]:
    raw_client: DynamoDBClient = botocore.session.get_session().create_client(  # type: ignore[assignment]
        "dynamodb", region_name="us-east-1", endpoint_url=endpoint
    )
    monkeypatch.setattr(dynamodb_module, "time", types.SimpleNamespace(time=lambda: FIXED_NOW))
    sent = capture(store)
    try:
        results = conversation(store, raw_client)
    finally:
        raw_client.delete_table(TableName=TABLE)
    return sent, results


def test_the_trimmed_client_sends_the_same_bytes_as_the_full_one(
    folder: Path, dynamodb_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    trimmed = DynamoDbStore(TABLE, endpoint_url=dynamodb_endpoint, session=cut_session(folder))
    full = DynamoDbStore(TABLE, endpoint_url=dynamodb_endpoint)
    assert sorted(trimmed.client.meta.service_model.operation_names) == sorted(OPERATIONS)
    assert len(full.client.meta.service_model.operation_names) > 50, "the full model"

    trimmed_sent, trimmed_results = run(trimmed, dynamodb_endpoint, monkeypatch)
    full_sent, full_results = run(full, dynamodb_endpoint, monkeypatch)

    targets = {headers["x-amz-target"].split(".")[-1] for _, _, headers, _ in full_sent}
    assert targets == set(OPERATIONS) - {"DescribeEndpoints"}, "every operation the store uses ran"
    assert len(trimmed_sent) == len(full_sent)
    for mine, theirs in zip(trimmed_sent, full_sent, strict=True):
        assert mine == theirs
    assert trimmed_results == full_results


def test_the_folder_holds_only_what_the_client_needs_without_documentation(folder: Path) -> None:
    names = sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file())
    api = next((folder / "dynamodb").iterdir()).name
    assert names == sorted(
        [
            MANIFEST,
            "_retry.json",
            "endpoints.json",
            "partitions.json",
            "sdk-default-configuration.json",
            f"dynamodb/{api}/endpoint-rule-set-1.json",
            f"dynamodb/{api}/service-2.json",
            f"dynamodb/{api}/waiters-2.json",
        ]
    )
    model = (folder / "dynamodb" / api / "service-2.json").read_text(encoding="utf-8")
    assert '"documentation"' not in model
    assert sorted(json.loads(model)["operations"]) == sorted(OPERATIONS)
    endpoints = json.loads((folder / "endpoints.json").read_text(encoding="utf-8"))
    assert all(set(p["services"]) == {"dynamodb"} for p in endpoints["partitions"])
    assert json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["botocore"] == botocore.__version__
    assert sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) < 200_000


def test_the_same_botocore_writes_the_same_bytes(folder: Path, tmp_path: Path) -> None:
    again = tmp_path / "data"
    write_trimmed_data(again)
    for path in folder.rglob("*"):
        if path.is_file():
            assert (again / path.relative_to(folder)).read_bytes() == path.read_bytes(), path


def test_a_model_without_an_operation_the_store_calls_is_refused(tmp_path: Path, folder: Path) -> None:
    api = next((folder / "dynamodb").iterdir()).name
    model = json.loads((folder / "dynamodb" / api / "service-2.json").read_text(encoding="utf-8"))
    del model["operations"]["PutItem"]
    with pytest.raises(ValueError, match="PutItem"):
        trim_service_model(model)


class _EmptyBody:
    """Stands in for urllib3's response in a short-circuited send: an empty JSON object."""

    def stream(self, *_: Any, **__: Any) -> Any:
        yield b"{}"


REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2", "cn-north-1", "us-gov-west-1", "eu-isoe-west-1")


@pytest.mark.parametrize("fips", [False, True], ids=["standard", "fips"])
@pytest.mark.parametrize("region", REGIONS)
def test_without_an_endpoint_the_trimmed_client_resolves_the_same_one(
    folder: Path, region: str, fips: bool
) -> None:
    """On AWS no endpoint is given: the URL and signing scope come from the endpoint data and rules.

    The request is answered by a ``before-send`` hook (no network), after the endpoint is resolved
    and the request signed.
    """
    from botocore.awsrequest import AWSResponse, HTTPHeaders
    from botocore.config import Config

    seen: dict[str, tuple[str, str]] = {}
    for name, session in (("trimmed", cut_session(folder)), ("full", botocore.session.get_session())):
        client: DynamoDBClient = session.create_client(  # type: ignore[assignment]
            "dynamodb",
            region_name=region,
            aws_access_key_id="AKIDEXAMPLE",
            aws_secret_access_key="secret",
            config=Config(use_fips_endpoint=fips, retries={"total_max_attempts": 1}),
        )

        def answer(request: Any, name: str = name, **_: Any) -> AWSResponse:
            scope = request.headers["Authorization"].decode().split("Credential=")[1].split(",")[0]
            seen[name] = (request.url, scope.split("/", 2)[2])
            return AWSResponse(request.url, 200, HTTPHeaders(), _EmptyBody())

        # A before-send hook that returns a response stands in for the network (botocore's contract).
        client.meta.events.register("before-send.dynamodb", answer)  # type: ignore[arg-type]
        try:
            client.get_item(TableName=TABLE, Key={"id": {"S": USER}})
        except botocore.exceptions.BotoCoreError as error:  # no such endpoint: must fail alike
            seen[name] = ("error", type(error).__name__)
    assert seen["trimmed"] == seen["full"]
