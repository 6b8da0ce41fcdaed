"""Our DynamoDB attribute mapping agrees with boto3's own, for everything a record can hold."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from hypothesis import given
from hypothesis import strategies as st

from skill.storage.attributes import from_attribute, to_attribute

leaves = st.one_of(st.none(), st.booleans(), st.integers(-(2**63), 2**63), st.text(max_size=30))
records = st.recursive(
    leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=25,
)


def plain(value: Any) -> Any:
    """boto3's Decimals as ints, the way the store hands records back."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


@given(records)
def test_writes_exactly_what_boto3_writes(value: Any) -> None:
    assert to_attribute(value) == TypeSerializer().serialize(value)


@given(records)
def test_reads_back_what_it_wrote_and_what_boto3_reads(value: Any) -> None:
    attribute = to_attribute(value)
    assert from_attribute(attribute) == value
    assert from_attribute(attribute) == plain(TypeDeserializer().deserialize(attribute))  # type: ignore[arg-type]


def test_foreign_values_are_read_leniently() -> None:
    assert from_attribute({"N": "2.5"}) == Decimal("2.5")
    assert from_attribute({"NS": ["1", "1.5"]}) == [1, Decimal("1.5")]
    assert from_attribute({"SS": ["a", "b"]}) == ["a", "b"]
    assert from_attribute({"B": b"\x00"}) == b"\x00"


@pytest.mark.parametrize("bad", [1.5, {1, 2}, (1,), b"x", Decimal(1)])
def test_values_a_record_cannot_hold_are_refused(bad: Any) -> None:
    with pytest.raises(TypeError):
        to_attribute(bad)


@pytest.mark.parametrize("bad", [{}, {"S": "a", "N": "1"}, {"X": 1}, "S", {"N": "not a number"}])
def test_malformed_attribute_values_raise_value_or_arithmetic_errors(bad: Any) -> None:
    with pytest.raises((ValueError, ArithmeticError)):
        from_attribute(bad)
