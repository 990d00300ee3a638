"""The cross-engine comparator must see every kind of difference, and nothing else."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyarrow as pa
import pytest

from dark_social.compare import compare_tables

DAY = dt.date(2025, 1, 6)
AT = dt.datetime(2025, 1, 6, 10, 0, 0, 123456)
PLUS_ONE = dt.timezone(dt.timedelta(hours=1))

BASE = {
    "campaign_day_key": ["a", "b", "c"],
    "session_date": [DAY, DAY, DAY],
    "campaign": ["(none)", "spring", None],
    "sessions": [10, 3, 1],
    "is_direct": [True, False, True],
    "dark_share_of_direct": [0.1, 1 / 3, None],
    "session_started_at": [AT, AT, None],
    "dbt_loaded_at": [AT, AT, AT],
}


def table(**changes: list) -> pa.Table:
    return pa.table({**BASE, **changes})


def test_equal_tables_in_another_row_order_and_column_order_are_equal() -> None:
    reordered = table().take([2, 0, 1]).select(list(reversed(BASE)))
    assert compare_tables("t", table(), reordered) == []


def test_floats_within_tolerance_and_decimals_are_equal() -> None:
    right = table(dark_share_of_direct=[Decimal("0.1"), Decimal("0.3333333333333"), None])
    assert compare_tables("t", table(), right) == []


def test_timestamps_with_a_utc_zone_equal_naive_utc_ones() -> None:
    aware = [
        AT.replace(tzinfo=dt.UTC),
        (AT + dt.timedelta(hours=2)).replace(tzinfo=dt.timezone(dt.timedelta(hours=2))),
        None,
    ]
    assert compare_tables("t", table(), table(session_started_at=aware)) == []


def test_the_run_stamp_is_ignored() -> None:
    assert compare_tables("t", table(), table(dbt_loaded_at=[AT, AT, AT + dt.timedelta(days=1)])) == []


@pytest.mark.parametrize(
    ("case", "right"),
    [
        ("float beyond tolerance", table(dark_share_of_direct=[0.1, 1 / 3 + 1e-6, None])),
        ("float against null", table(dark_share_of_direct=[0.1, 1 / 3, 0.0])),
        ("count off by one", table(sessions=[10, 3, 2])),
        ("text differs", table(campaign=["(none)", "Spring", None])),
        ("null against empty text", table(campaign=["(none)", "spring", ""])),
        ("boolean flipped", table(is_direct=[True, True, True])),
        (
            "timestamp one microsecond off",
            table(session_started_at=[AT, AT + dt.timedelta(microseconds=1), None]),
        ),
        (
            "timestamp in another zone",
            table(session_started_at=[AT.replace(tzinfo=dt.timezone(dt.timedelta(hours=1))), AT, None]),
        ),
        ("date differs", table(session_date=[DAY, DAY, DAY + dt.timedelta(days=1)])),
        ("row missing", table().slice(0, 2)),
        ("row duplicated", pa.concat_tables([table(), table().slice(0, 1)])),
        ("column missing", table().drop_columns(["is_direct"])),
    ],
)
def test_every_difference_is_reported(case: str, right: pa.Table) -> None:
    problems = compare_tables("t", table(), right, "duckdb", "spark")
    assert problems, f"{case}: not seen"
    assert all(problem.startswith("t: ") for problem in problems)
