"""Row-for-row comparison of two builds of one table (the cross-engine test, README "Engines").

Rows are compared as multisets, whatever order an engine returns them in. Every column must
match exactly except floating-point ones (within a relative or absolute tolerance); timestamps
are compared in UTC at microsecond precision, whether or not the engine attaches a time zone.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

import pyarrow as pa

#: Columns that differ between two builds by design (when the row was built).
RUN_COLUMNS = frozenset({"dbt_loaded_at"})


def _normalize(value: object) -> object:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value
    if isinstance(value, Decimal):
        return float(value)
    return value


def _sort_key(values: Sequence[object]) -> tuple:
    return tuple((value is None, type(value).__name__, value if value is not None else 0) for value in values)


def _floats_close(left: object, right: object, tolerance: float) -> bool:
    if left is None or right is None:
        return left is None and right is None
    assert isinstance(left, float) and isinstance(right, float)
    if math.isnan(left) or math.isnan(right):
        return math.isnan(left) and math.isnan(right)
    return math.isclose(left, right, rel_tol=tolerance, abs_tol=tolerance)


def compare_tables(
    name: str,
    left: pa.Table,
    right: pa.Table,
    left_label: str = "left",
    right_label: str = "right",
    ignore: Iterable[str] = RUN_COLUMNS,
    tolerance: float = 1e-9,
    examples: int = 5,
) -> list[str]:
    """Every difference between two builds of table `name`, as readable lines; empty when equal."""
    ignored = {column.lower() for column in ignore}
    left_columns = [column.lower() for column in left.column_names]
    right_columns = [column.lower() for column in right.column_names]
    problems: list[str] = []
    if sorted(left_columns) != sorted(right_columns):
        problems.append(
            f"{name}: columns differ: only in {left_label} {sorted(set(left_columns) - set(right_columns))}, "
            f"only in {right_label} {sorted(set(right_columns) - set(left_columns))}"
        )
    columns = sorted(set(left_columns) & set(right_columns) - ignored)
    if left.num_rows != right.num_rows:
        problems.append(f"{name}: {left.num_rows} rows in {left_label}, {right.num_rows} in {right_label}")

    def rows(table: pa.Table) -> list[tuple[object, ...]]:
        lowered = table.rename_columns([column.lower() for column in table.column_names])
        data = {column: [_normalize(value) for value in lowered[column].to_pylist()] for column in columns}
        return [tuple(data[column][index] for column in columns) for index in range(table.num_rows)]

    left_rows, right_rows = rows(left), rows(right)
    float_columns = [
        index
        for index, column in enumerate(columns)
        if any(isinstance(row[index], float) for row in left_rows + right_rows)
    ]
    exact_columns = [index for index in range(len(columns)) if index not in float_columns]

    def split(table_rows: list[tuple]) -> dict[tuple, list[tuple]]:
        grouped: dict[tuple, list[tuple]] = defaultdict(list)
        for row in table_rows:
            grouped[tuple(row[index] for index in exact_columns)].append(
                tuple(row[index] for index in float_columns)
            )
        return grouped

    left_groups, right_groups = split(left_rows), split(right_rows)
    left_counts = Counter({key: len(values) for key, values in left_groups.items()})
    right_counts = Counter({key: len(values) for key, values in right_groups.items()})
    exact_names = [columns[index] for index in exact_columns]
    for label, extra in ((left_label, left_counts - right_counts), (right_label, right_counts - left_counts)):
        if extra:
            shown = sorted(extra.elements(), key=_sort_key)[:examples]
            problems.append(
                f"{name}: {sum(extra.values())} rows only in {label}, e.g. "
                + "; ".join(str(dict(zip(exact_names, row, strict=True))) for row in shown)
            )
    float_names = [columns[index] for index in float_columns]
    mismatches = []
    for key in sorted(left_counts.keys() & right_counts.keys(), key=_sort_key):
        for left_floats, right_floats in zip(
            sorted(left_groups[key], key=_sort_key), sorted(right_groups[key], key=_sort_key), strict=False
        ):
            for column, left_value, right_value in zip(float_names, left_floats, right_floats, strict=True):
                if not _floats_close(left_value, right_value, tolerance):
                    mismatches.append(
                        f"{dict(zip(exact_names, key, strict=True))} {column}: "
                        f"{left_label} {left_value!r}, {right_label} {right_value!r}"
                    )
    if mismatches:
        problems.append(
            f"{name}: {len(mismatches)} values differ beyond {tolerance}, e.g. "
            + "; ".join(mismatches[:examples])
        )
    return problems
