"""Check the benchmark floor query against the dbt mart it stands for.

Runs bench/floor_dark_social_daily.sql on a hits glob and a seeds folder (in a fresh in-memory
DuckDB), reads fct_dark_social_daily from a DuckDB file built by dbt, and compares them row for
row (dbt_loaded_at ignored, integers exactly, floats within 1e-9). Prints OK, or the rows that
differ, and exits 1 on any difference.

    python bench/check_floor.py --hits '/tmp/gen200k/hits/*.parquet' --seeds seeds \
        --db /tmp/floor_ref.duckdb
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import duckdb

from dark_social.warehouse import connect

FLOOR_SQL = Path(__file__).with_name("floor_dark_social_daily.sql")
COLUMNS = [
    "session_date",
    "sessions",
    "direct_sessions",
    "dark_social_sessions",
    "dark_social_sessions_high",
    "dark_social_sessions_medium",
    "tracked_messaging_sessions",
    "dark_share_of_direct",
    "dark_share_of_sessions",
    "dark_to_tracked_messaging_ratio",
]
TOLERANCE = 1e-9


def _literal(text: str) -> str:
    """Text placed inside a single-quoted SQL literal of the query."""
    return text.replace("'", "''")


def floor_query(hits: str, seeds: str) -> str:
    return FLOOR_SQL.read_text().format(hits=_literal(hits), seeds=_literal(str(Path(seeds).resolve())))


def run_floor(hits: str, seeds: str, threads: int | None) -> tuple[list[str], list[tuple], float]:
    con = duckdb.connect()
    if threads:
        con.execute(f"set threads = {int(threads)}")
    sql = floor_query(hits, seeds)
    started = time.perf_counter()
    cursor = con.execute(sql)
    rows = cursor.fetchall()
    elapsed = time.perf_counter() - started
    names = [d[0] for d in cursor.description]
    con.close()
    return names, rows, elapsed


def read_mart(db: str) -> list[tuple]:
    con = connect(db)
    rows = con.execute(
        f"select {', '.join(COLUMNS)} from fct_dark_social_daily order by session_date"
    ).fetchall()
    con.close()
    return rows


def same_value(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, float) or isinstance(b, float):
        if math.isnan(a) or math.isnan(b):
            return math.isnan(a) and math.isnan(b)
        return abs(a - b) <= TOLERANCE
    return a == b


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hits", required=True, help="glob of the raw Parquet hit files")
    parser.add_argument(
        "--seeds",
        default=str(Path(__file__).resolve().parents[1] / "seeds"),
        help="folder of the rule seed CSVs (default: the package's seeds/)",
    )
    parser.add_argument("--db", required=True, help="DuckDB file holding fct_dark_social_daily built by dbt")
    parser.add_argument("--threads", type=int, default=None, help="DuckDB threads for the floor query")
    parser.add_argument("--repeat", type=int, default=1, help="run the floor query this many times (timing)")
    args = parser.parse_args(argv)

    timings = []
    for _ in range(max(1, args.repeat)):
        names, floor_rows, elapsed = run_floor(args.hits, args.seeds, args.threads)
        timings.append(elapsed)
    print("floor query: " + ", ".join(f"{t:.3f}s" for t in timings) + f" (best {min(timings):.3f}s)")

    problems: list[str] = []
    if names != COLUMNS:
        problems.append(f"columns differ: floor {names} vs expected {COLUMNS}")
    mart_rows = read_mart(args.db)
    if len(floor_rows) != len(mart_rows):
        problems.append(f"row count differs: floor {len(floor_rows)} vs mart {len(mart_rows)}")
    floor_by_day = {row[0]: row for row in floor_rows}
    mart_by_day = {row[0]: row for row in mart_rows}
    for day in sorted(set(floor_by_day) | set(mart_by_day)):
        floor_row, mart_row = floor_by_day.get(day), mart_by_day.get(day)
        if floor_row is None or mart_row is None:
            problems.append(f"{day}: floor {floor_row} / mart {mart_row}")
            continue
        diffs = [
            f"{column}: floor {f!r} mart {m!r}"
            for column, f, m in zip(COLUMNS, floor_row, mart_row, strict=True)
            if not same_value(f, m)
        ]
        if diffs:
            problems.append(f"{day}: " + "; ".join(diffs))
    if [row[0] for row in floor_rows] != sorted(floor_by_day):
        problems.append("floor rows are not ordered by session_date (or repeat a day)")

    if problems:
        print("DIFFERENT")
        for problem in problems:
            print("  " + problem)
        return 1
    print(f"OK ({len(mart_rows)} days, {sum(row[1] for row in mart_rows)} sessions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
