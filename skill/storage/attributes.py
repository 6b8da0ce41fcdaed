"""Records to DynamoDB attribute values and back: the six types a record can hold.

boto3 has this (``boto3.dynamodb.types``), but importing anything under ``boto3`` runs the
package's ``__init__``, which imports s3transfer and more: about 60 ms of every Lambda cold start
(measured by ``benchmarks/run.py``), for a store that talks to DynamoDB through botocore alone. A
record holds only str, int, bool, None, list and dict (``skill.storage.base.check_record``), so
the mapping is short enough to own.

Reading is lenient, because a table may hold items someone else wrote: numbers that are not whole
come back as ``Decimal``, sets as lists, binary as bytes; the skill's own record validation
then decides what to keep.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

__all__ = ["from_attribute", "to_attribute"]


def to_attribute(value: Any) -> dict[str, Any]:
    """One record value as a DynamoDB attribute value (TypeError for anything a record cannot hold)."""
    if value is None:
        return {"NULL": True}
    if isinstance(value, bool):  # before int: bool is an int
        return {"BOOL": value}
    if isinstance(value, int):
        return {"N": str(value)}
    if isinstance(value, str):
        return {"S": value}
    if isinstance(value, list):
        return {"L": [to_attribute(item) for item in value]}
    if isinstance(value, dict):
        return {"M": {str(key): to_attribute(item) for key, item in value.items()}}
    raise TypeError(f"a record cannot hold a {type(value).__name__}")


def from_attribute(attribute: dict[str, Any]) -> Any:
    """A DynamoDB attribute value as a plain value: whole numbers as int, maps and lists recursively."""
    if not isinstance(attribute, dict) or len(attribute) != 1:
        raise ValueError(f"not an attribute value: {attribute!r}")
    ((kind, value),) = attribute.items()
    if kind == "S":
        return value
    if kind == "N":
        return _number(value)
    if kind == "BOOL":
        return bool(value)
    if kind == "NULL":
        return None
    if kind == "M":
        return {key: from_attribute(item) for key, item in value.items()}
    if kind == "L":
        return [from_attribute(item) for item in value]
    if kind == "B":
        return value
    if kind in {"SS", "BS"}:
        return list(value)
    if kind == "NS":
        return [_number(item) for item in value]
    raise ValueError(f"unknown attribute type {kind!r}")


def _number(text: str) -> int | Decimal:
    number = Decimal(text)
    return int(number) if number == number.to_integral_value() else number
