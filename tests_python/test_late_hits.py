"""Late data beyond the incremental window is found before the marts (issue 13, item 3).

A small site of 45 days is built; then hits 3, 10 and 40 days older than its latest hit arrive
(the window is 48 hours). By default the run widens its window to the earliest late day and the
marts equal a full build; with `dark_social__late_hits: stop` the run fails before any mart of
hits is written, naming the days and the exact backfill command, which then recovers them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from conftest import run_dbt
from dark_social.generator import generate
from test_incremental import BUILD, marts

pytestmark = pytest.mark.slow

LATE_DAYS = (3, 10, 40)


@pytest.fixture(scope="module")
def late_setup(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("late")
    generate(folder / "raw", hits=3000, seed=5, days=45)
    table = pq.read_table(folder / "raw" / "hits")
    latest = pc.max(table["hit_at"]).as_py()
    days = pc.cast(table["hit_at"], pa.date32())
    late_mask = pc.is_in(days, pa.array([(latest - dt.timedelta(days=age)).date() for age in LATE_DAYS]))
    late_mask = pc.fill_null(late_mask, False)
    # a share of those days' hits arrives late, the rest on time
    position = pa.array([index % 3 == 0 for index in range(table.num_rows)])
    late_mask = pc.and_(late_mask, position)
    landing = folder / "landing"
    landing.mkdir()
    pq.write_table(table.filter(pc.invert(late_mask)), landing / "on_time.parquet")
    location = {"dark_social__raw_hits_location": f"read_parquet('{landing.as_posix()}/*.parquet')"}
    database = folder / "incremental.duckdb"
    first = run_dbt(BUILD, database, location)
    assert first.returncode == 0, first.output[-3000:]
    pq.write_table(table.filter(late_mask), landing / "late.parquet")
    full = folder / "full.duckdb"
    result = run_dbt(BUILD, full, location)
    assert result.returncode == 0, result.output[-3000:]
    return {
        "database": database,
        "location": location,
        "expected": marts(full),
        "late_days": sorted((latest - dt.timedelta(days=age)).date().isoformat() for age in LATE_DAYS),
        "late_hits": table.filter(late_mask).num_rows,
    }


def test_late_hits_widen_the_window_by_default(late_setup: dict, tmp_path: Path) -> None:
    database = tmp_path / "widen.duckdb"
    shutil.copyfile(late_setup["database"], database)
    result = run_dbt(BUILD, database, late_setup["location"])
    assert result.returncode == 0, result.output[-3000:]
    actual = marts(database)
    for mart, rows in late_setup["expected"].items():
        assert actual[mart] == rows, mart
    assert f"the window starts on {late_setup['late_days'][0]}" in result.output


def test_late_hits_can_stop_the_run_with_the_backfill_command(late_setup: dict, tmp_path: Path) -> None:
    database = tmp_path / "stop.duckdb"
    shutil.copyfile(late_setup["database"], database)
    before = marts(database)
    stop = {**late_setup["location"], "dark_social__late_hits": "stop"}
    stopped = run_dbt(BUILD, database, stop)
    assert stopped.returncode != 0
    for day in late_setup["late_days"]:
        assert day in stopped.output
    assert marts(database) == before
    command = re.search(r"dbt build --vars '(\{.*?\})'", stopped.output)
    assert command, stopped.output[-3000:]
    assert f'"dark_social__backfill_start": "{late_setup["late_days"][0]} 00:00:00"' in command.group(1)
    backfill = run_dbt(BUILD, database, command.group(1))
    assert backfill.returncode == 0, backfill.output[-3000:]
    actual = marts(database)
    for mart, rows in late_setup["expected"].items():
        assert actual[mart] == rows, mart
