"""A minimal botocore data folder for the DynamoDB client: written at package time, read on Lambda.

Creating botocore's DynamoDB client is most of a cold first turn: botocore lists its whole data
folder (a directory per AWS service, ~400 of them) to check that ``dynamodb`` exists, then parses
``endpoints.json`` (1.2 MB, every service in every partition) and the DynamoDB model (556 KB, most
of it documentation). ``foot-routine package`` therefore writes :data:`FOLDER_NAME` into the zip's
``skill`` package, cut from the botocore installed where the package is built:

* ``dynamodb/<api>/service-2.json``: only :data:`OPERATIONS` and the shapes they reach, with every
  ``documentation`` string dropped (botocore reads documentation only to build docstrings);
* ``dynamodb/<api>/endpoint-rule-set-1.json`` and ``waiters-2.json`` as they are (small), the
  ruleset uncompressed;
* ``endpoints.json`` with every partition kept whole except its services, cut to ``dynamodb``;
* ``partitions.json``, ``sdk-default-configuration.json`` and ``_retry.json`` as they are;
* ``manifest.json``: the botocore version it was cut from, and the operations kept.

:func:`trimmed_loader` gives a ``botocore.loaders.Loader`` that searches that folder alone
(botocore's public ``extra_search_paths`` and ``include_default_search_paths=False``), which the
store registers on its session as the ``data_loader`` component. It is used only when the folder
exists (in the zip; in a checkout it does not, and botocore's full data is used) and was cut from
the very botocore version that is running: a model or endpoint ruleset from another release may use
what that release's code does not know, so on a mismatch the full data is used and a log line says
so. ``tests/test_botocore_data.py`` proves the trimmed client puts the same bytes on the wire as
the full one for every operation the store uses.

Importing this module costs nothing but ``json`` (``pathlib`` is loaded already): it runs on the
first DynamoDB turn.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from botocore.loaders import Loader

__all__ = ["FOLDER_NAME", "OPERATIONS", "SERVICE", "default_folder", "trimmed_loader", "write_trimmed_data"]

log = logging.getLogger(__name__)

SERVICE = "dynamodb"
FOLDER_NAME = "_botocore_data"
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


def default_folder() -> Path:
    """Where the zip holds the folder: inside the ``skill`` package, next to this subpackage."""
    return Path(__file__).resolve().parent.parent / FOLDER_NAME


def trimmed_loader(folder: str | Path | None = None) -> Loader | None:
    """A Loader for the trimmed folder, or None when it is absent or cut from another botocore.

    ``folder`` defaults to :func:`default_folder`. None means: let botocore use its own data.
    """
    root = Path(folder or default_folder()).resolve()
    try:
        manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None  # a checkout: botocore's full data
    except (OSError, ValueError) as error:
        log.warning("botocore data in %s unreadable (%s); using botocore's own", root, error)
        return None
    import botocore  # noqa: PLC0415  # lazy: cold start
    from botocore.loaders import Loader  # noqa: PLC0415  # lazy: cold start

    if manifest.get("botocore") != botocore.__version__:
        log.info(
            "botocore data in %s was cut from botocore %s, this is %s: using botocore's own",
            root,
            manifest.get("botocore"),
            botocore.__version__,
        )
        return None

    class TrimmedLoader(Loader):
        """Botocore's Loader on the trimmed folder alone, which counts as botocore's built-in data.

        ``is_builtin_path`` decides whether ``endpoints.json`` came with botocore: if not, botocore
        hands the legacy endpoint to the endpoint ruleset as if the caller had set one, so the
        resolved endpoint could differ from the full client's. The folder *is* botocore's built-in
        data (cut, same version), so it says so.
        """

        def is_builtin_path(self, path: str) -> bool:
            return Path(path).resolve().is_relative_to(root) or bool(super().is_builtin_path(path))

    return TrimmedLoader(extra_search_paths=[str(root)], include_default_search_paths=False)


# ---- package time -------------------------------------------------------------------------------


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


def write_trimmed_data(destination: Path, source: Path | None = None) -> list[Path]:
    """Write the trimmed folder at ``destination`` from botocore's data folder; the files written.

    ``source`` defaults to the installed botocore's ``data`` folder (what the zip will run with, as
    the package pins the environment's versions). Files are written with sorted keys and no
    whitespace, so the same botocore gives the same bytes (the zip is reproducible).
    """
    import gzip  # noqa: PLC0415  # package time only

    import botocore  # noqa: PLC0415
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
    dump(MANIFEST, {"botocore": botocore.__version__, "service": SERVICE, "operations": list(OPERATIONS)})
    return written
