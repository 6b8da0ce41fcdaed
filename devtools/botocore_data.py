"""The botocore the Lambda zip ships: its data folder cut to what the DynamoDB client needs.

Creating botocore's DynamoDB client is most of a cold first turn: botocore lists its whole data
folder (a directory per AWS service, ~400 of them) to check that ``dynamodb`` exists, then parses
``endpoints.json`` (1.2 MB, every service in every partition) and the DynamoDB model (556 KB, most
of it documentation). And the Lambda runtime's own botocore is not the version the skill was tested
with: AWS updates it on its own schedule. So ``foot-routine package`` ships botocore in the zip,
pinned to the version installed here, and replaces its ``data`` folder by a cut of it
(:func:`write_trimmed_data`):

* ``dynamodb/<api>/service-2.json``: only :data:`OPERATIONS` and the shapes they reach, with every
  ``documentation`` string dropped (botocore reads documentation only to build docstrings);
* ``dynamodb/<api>/endpoint-rule-set-1.json`` and ``waiters-2.json`` as they are (small), the
  ruleset uncompressed;
* ``endpoints.json`` with every partition kept whole except its services, cut to ``dynamodb``;
* ``partitions.json``, ``sdk-default-configuration.json`` and ``_retry.json`` as they are;
* ``manifest.json``: the botocore version it was cut from, and the operations kept (botocore
  ignores the file: it looks for services as folders).

The zip's botocore then finds the cut through its own default search path, as it would its full
data: the skill needs no loader of its own, and the cut always matches the botocore that reads it,
since both are in the same zip and the zip comes first on Lambda's ``sys.path``. In a checkout
botocore's full data is used. ``tests/test_botocore_data.py`` proves a client built from the cut
puts the same bytes on the wire as the full one for every operation the store uses, and resolves
the same endpoints without an endpoint URL; ``tests/test_package.py`` runs the zip's botocore.

Package time only: this module never ships (``skill/`` is what runs on Lambda).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["MANIFEST", "OPERATIONS", "SERVICE", "trim_endpoints", "trim_service_model", "write_trimmed_data"]

SERVICE = "dynamodb"
MANIFEST = "manifest.json"

OPERATIONS = (
    "GetItem",  # load, and the reload of a save that found an unknown revision
    "PutItem",  # save (conditional)
    "DeleteItem",  # delete
    "Scan",  # delete: the persons of an account the user disabled the skill on
    "CreateTable",  # create_table (local servers and tests)
    "DescribeTable",  # create_table's waiter, table_exists
    "UpdateTimeToLive",  # create_table
    "DescribeEndpoints",  # not called: botocore registers endpoint discovery from it, kept so
    # the trimmed client registers exactly the handlers the full one does
)
"""Every DynamoDB operation ``skill/storage/dynamodb.py`` calls (the wire test runs each)."""

COPIED_AS_IS = ("partitions", "sdk-default-configuration", "_retry")
"""Top-level data files botocore loads for a client (``_retry`` only in legacy retry mode)."""
SERVICE_FILES_AS_IS = ("endpoint-rule-set-1", "waiters-2")


def _strip_documentation(node: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in node.items() if key not in {"documentation", "documentationUrl"}}


def _shape_refs(shape: dict[str, Any]) -> list[str]:
    """The shapes a shape refers to (structure members, list member, map key and value)."""
    refs = [member["shape"] for member in shape.get("members", {}).values()]
    refs += [shape[key]["shape"] for key in ("member", "key", "value") if key in shape]
    return refs


def trim_service_model(model: dict[str, Any], operations: tuple[str, ...] = OPERATIONS) -> dict[str, Any]:
    """``model`` with only ``operations``, the shapes they reach, and no documentation."""
    missing = [name for name in operations if name not in model["operations"]]
    if missing:
        raise ValueError(f"the {SERVICE} model has no operation {', '.join(missing)}")
    kept_operations = {name: _strip_documentation(model["operations"][name]) for name in operations}
    pending = [
        ref["shape"]
        for operation in kept_operations.values()
        for ref in (operation.get("input"), operation.get("output"), *operation.get("errors", []))
        if ref
    ]
    shapes: dict[str, Any] = {}
    while pending:
        name = pending.pop()
        if name in shapes:
            continue
        shape = _strip_documentation(model["shapes"][name])
        if "members" in shape:
            shape["members"] = {key: _strip_documentation(value) for key, value in shape["members"].items()}
        shapes[name] = shape
        pending += _shape_refs(shape)
    trimmed = _strip_documentation(model)
    trimmed["operations"] = kept_operations
    trimmed["shapes"] = dict(sorted(shapes.items()))
    return trimmed


def trim_endpoints(endpoints: dict[str, Any], service: str = SERVICE) -> dict[str, Any]:
    """``endpoints.json`` with each partition's services cut to ``service``."""
    partitions = []
    for partition in endpoints["partitions"]:
        services = partition.get("services", {})
        kept = {service: services[service]} if service in services else {}
        partitions.append({**partition, "services": kept})
    return {**endpoints, "partitions": partitions}


def write_trimmed_data(
    destination: Path, source: Path | None = None, botocore_version: str | None = None
) -> list[Path]:
    """Write the trimmed folder at ``destination`` from botocore's data folder; the files written.

    ``source`` defaults to the installed botocore's ``data`` folder, and ``botocore_version`` (for
    the manifest) to the installed botocore's version; the package passes the shipped botocore's.
    Files are written with sorted keys and no whitespace, so the same botocore gives the same bytes
    (the zip is reproducible).
    """
    import gzip  # noqa: PLC0415  # only here

    import botocore  # noqa: PLC0415  # only here: importing this module must not need botocore
    from botocore.loaders import Loader  # noqa: PLC0415

    source = source or Path(botocore.__file__).parent / "data"
    loader = Loader(extra_search_paths=[str(source)], include_default_search_paths=False)
    api_version = loader.determine_latest_version(SERVICE, "service-2")
    written: list[Path] = []

    def dump(relative: str, data: Any) -> None:
        path = destination / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data, sort_keys=True, separators=(",", ":")), encoding="utf-8")
        written.append(path)

    def raw(relative: str) -> Any:
        for suffix, opener in ((".json", open), (".json.gz", gzip.open)):
            path = source / f"{relative}{suffix}"
            if path.is_file():
                with opener(path, "rt", encoding="utf-8") as file:
                    return json.load(file)
        raise FileNotFoundError(f"botocore data file {relative} not found under {source}")

    service_dir = f"{SERVICE}/{api_version}"
    dump(f"{service_dir}/service-2.json", trim_service_model(raw(f"{service_dir}/service-2")))
    for name in SERVICE_FILES_AS_IS:
        dump(f"{service_dir}/{name}.json", raw(f"{service_dir}/{name}"))
    dump("endpoints.json", trim_endpoints(raw("endpoints")))
    for name in COPIED_AS_IS:
        dump(f"{name}.json", raw(name))
    manifest = {"botocore": botocore_version or botocore.__version__, "service": SERVICE}
    dump(MANIFEST, {**manifest, "operations": list(OPERATIONS)})
    return written
