"""Model records to JSON data and back: exact, no pickling, old data still reads."""

from __future__ import annotations

import json

from rashomon.model import (
    Alternative,
    Claim,
    ClaimKind,
    DatePrecision,
    Discrepancy,
    Evidence,
    Qualifier,
    TimelineEntry,
)
from rashomon.store.records import from_data, to_data

EVIDENCE = Evidence("a1", "At least 12 people were killed, officials said.", 0, 47, 9, 11)


def test_a_claim_with_enums_optionals_and_tuples_round_trips_through_json() -> None:
    claim = Claim(
        article="a1",
        kind=ClaimKind.COUNT,
        attribute="killed",
        value="at least 12",
        evidence=EVIDENCE,
        predicate="killed",
        unit="people",
        low=12.0,
        high=float("inf"),
        qualifier=Qualifier.AT_LEAST,
        strict=False,
        precision=None,
        entities=("Q1", "Q2"),
    )
    data = json.loads(json.dumps(to_data(claim), allow_nan=False))  # strict JSON
    assert from_data(Claim, data) == claim
    assert data["kind"] == "count" and data["qualifier"] == Qualifier.AT_LEAST.value
    assert "precision" not in data  # a field at its default is not written


def test_nested_records_in_a_tuple_round_trip() -> None:
    entries = (
        TimelineEntry(
            date="2024-03-09",
            precision=DatePrecision.DAY,
            event="fire on the ferry",
            articles=("a1", "a2"),
            dates=(
                Alternative("2024-03-09", ("a1",), (EVIDENCE,)),
                Alternative("2024-03-08", ("a2",), ()),
            ),
            disagreement=True,
        ),
    )
    data = json.loads(json.dumps(to_data(entries)))
    assert from_data(tuple[TimelineEntry, ...], data) == entries


def test_data_written_before_a_field_existed_reads_as_its_default() -> None:
    discrepancy = Discrepancy(
        id="d1",
        attribute="killed",
        kind=ClaimKind.COUNT,
        alternatives=(),
        severity="high",
        explanation="12 or 14",
    )
    data = to_data(discrepancy)
    data.pop("facts", None)
    assert from_data(Discrepancy, data).facts == ()
