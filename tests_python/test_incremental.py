"""Incremental runs give exactly what a full rebuild gives.

The generated hits are cut into chunks of event time, each loaded by its own scheduled run on
top of the previous ones; some hits arrive one chunk late (after the run that covered their
time), so sessions cross run boundaries and late hits must land in the right session and day.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from conftest import run_dbt
from dark_social.cli import raw_hits_location
from dark_social.warehouse import connect

pytestmark = pytest.mark.slow

MARTS = {
    "fct_dark_social_sessions": "session_key",
    "fct_dark_social_daily": "session_date",
    "fct_dark_social_pages_daily": "page_day_key",
    "fct_dark_social_campaigns_daily": "campaign_day_key",
    "fct_dark_social_channels_daily": "channel_day_key",
    "fct_dark_social_apps_daily": "app_day_key",
    "fct_dark_social_devices_daily": "device_day_key",
    "fct_dark_social_quarantined_hits_daily": "quarantine_day_key",
    "int_dark_social_sessions__classified": "session_key",
}
# seeds and models only: the tests of dbt build run elsewhere
BUILD = ["build", "--resource-type", "seed", "--resource-type", "model"]
CHUNKS = 6
LATE_SHARE = 0.03


def marts(database: Path) -> dict[str, list[tuple]]:
    with connect(database) as connection:
        out = {}
        for mart, key in MARTS.items():
            columns = [
                row[0]
                for row in connection.execute(f"describe {mart}").fetchall()
                if row[0] != "dbt_loaded_at"
            ]
            out[mart] = connection.execute(
                f"select {', '.join(columns)} from {mart} order by {key}"
            ).fetchall()
        return out


def chunked(raw_dir: Path, out: Path) -> list[Path]:
    """Cut the hits into CHUNKS files by event time; LATE_SHARE of each chunk moves to the next."""
    table = pq.read_table(raw_dir / "hits")
    times = table["hit_at"]
    low = pc.min(times).as_py()
    span = (pc.max(times).as_py() - low) / CHUNKS
    rng = np.random.default_rng(11)
    chunk_of = np.full(table.num_rows, CHUNKS - 1)
    values = times.to_pylist()
    for row, value in enumerate(values):
        if value is not None:
            chunk_of[row] = min(int((value - low) / span), CHUNKS - 1)
    late = (rng.random(table.num_rows) < LATE_SHARE) & (chunk_of < CHUNKS - 1)
    chunk_of = chunk_of + late
    out.mkdir(parents=True)
    files = []
    for chunk in range(CHUNKS):
        path = out / f"chunk-{chunk}.parquet"
        pq.write_table(table.filter(chunk_of == chunk), path)
        files.append(path)
    return files


def test_chunked_incremental_runs_equal_one_full_build(generated: tuple[Path, dict], tmp_path: Path) -> None:
    raw_dir, _ = generated
    files = chunked(raw_dir, tmp_path / "chunks")

    full_db = tmp_path / "full.duckdb"
    full = run_dbt(BUILD, full_db, {"dark_social__raw_hits_location": raw_hits_location(raw_dir)})
    assert full.returncode == 0, full.output[-3000:]

    landing = tmp_path / "landing"
    landing.mkdir()
    incremental_db = tmp_path / "incremental.duckdb"
    location = f"read_parquet('{landing.as_posix()}/*.parquet')"
    for number, path in enumerate(files):
        (landing / path.name).write_bytes(path.read_bytes())
        result = run_dbt(BUILD, incremental_db, {"dark_social__raw_hits_location": location})
        assert result.returncode == 0, result.output[-3000:]
        if number > 0:
            assert "incremental model main_dark_social.int_dark_social_hits__sessionized" in result.output

    expected, actual = marts(full_db), marts(incremental_db)
    for mart in MARTS:
        assert actual[mart] == expected[mart], mart


def test_backfill_and_full_refresh_rebuild_the_same_marts(
    built: tuple[Path, dict], generated: tuple[Path, dict]
) -> None:
    database, _ = built
    raw_dir, _ = generated
    before = marts(database)
    location = {"dark_social__raw_hits_location": raw_hits_location(raw_dir)}
    backfill = run_dbt(BUILD, database, {**location, "dark_social__backfill_start": "2025-01-06 00:00:00"})
    assert backfill.returncode == 0, backfill.output[-3000:]
    assert marts(database) == before
    refreshed = run_dbt([*BUILD, "--full-refresh"], database, location)
    assert refreshed.returncode == 0, refreshed.output[-3000:]
    assert marts(database) == before
