"""Scheduled runs: freshness, severities a scheduler can act on, and idempotent rebuilds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import run_dbt
from dark_social import MARTS
from dark_social.cli import raw_hits_location
from dark_social.warehouse import connect

pytestmark = pytest.mark.slow


def snapshot(database: Path) -> dict[str, list[tuple]]:
    """Every mart's rows, without the `dbt_loaded_at` stamp (when a row was built, not what it says)."""
    with connect(database) as connection:
        out = {}
        for mart in MARTS:
            columns = [
                row[0]
                for row in connection.execute(f"describe {mart}").fetchall()
                if row[0] != "dbt_loaded_at"
            ]
            out[mart] = connection.execute(f"select {', '.join(columns)} from {mart} order by all").fetchall()
        return out


def test_source_freshness_passes_on_recent_hits_and_fails_on_stale_ones(
    generated: tuple[Path, dict], tmp_path: Path
) -> None:
    from dark_social.generator import generate

    recent = tmp_path / "recent"
    generate(recent, hits=2_000, seed=3, days=2, start=dt.datetime.now(dt.UTC).date() - dt.timedelta(days=2))
    fresh = run_dbt(
        ["source", "freshness"],
        tmp_path / "fresh.duckdb",
        {"dark_social__raw_hits_location": raw_hits_location(recent)},
    )
    assert fresh.returncode == 0, fresh.output[-3000:]
    assert "PASS freshness of dark_social.raw_hits" in fresh.output

    stale_dir, _ = generated  # January 2025
    stale = run_dbt(
        ["source", "freshness"],
        tmp_path / "stale.duckdb",
        {"dark_social__raw_hits_location": raw_hits_location(stale_dir)},
    )
    assert stale.returncode != 0
    assert "ERROR STALE freshness of dark_social.raw_hits" in stale.output


def test_source_freshness_works_on_a_warehouse_table(tmp_path: Path) -> None:
    """Raw hits in a table of the database (the default source), with a renamed timestamp column."""
    database = tmp_path / "table.duckdb"
    recent = dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(hours=3)
    with connect(database, read_only=False) as connection:
        connection.execute(
            "create table main.raw_hits as select ? as event_time, 'c1' as client_id, "
            "'https://example.com/' as page_url",
            [recent],
        )
    result = run_dbt(
        ["source", "freshness"], database, {"dark_social__raw_hits_columns": {"hit_at": "event_time"}}
    )
    assert result.returncode == 0, result.output[-3000:]
    assert "PASS freshness of dark_social.raw_hits" in result.output


def test_dark_share_bounds_warn_by_default_and_stop_the_run_when_set_to_error(
    built: tuple[Path, dict], generated: tuple[Path, dict]
) -> None:
    database, _ = built
    raw_dir, _ = generated
    bounds = {
        "dark_social__raw_hits_location": raw_hits_location(raw_dir),
        "dark_social__dark_share_of_direct_max": 0.01,
    }
    select = ["test", "--select", "fct_dark_social_daily,test_name:share_within_bounds"]

    warned = run_dbt(select, database, bounds)
    assert warned.returncode == 0, warned.output[-3000:]
    assert "WARN 1 dark_social_share_within_bounds" in warned.output

    stopped = run_dbt(select, database, {**bounds, "dark_social__dark_share_severity": "error"})
    assert stopped.returncode != 0
    assert "FAIL 1 dark_social_share_within_bounds" in stopped.output


def test_a_second_build_on_the_same_input_gives_identical_marts(
    built: tuple[Path, dict], generated: tuple[Path, dict]
) -> None:
    database, _ = built
    raw_dir, _ = generated
    before = snapshot(database)
    again = run_dbt(["build"], database, {"dark_social__raw_hits_location": raw_hits_location(raw_dir)})
    assert again.returncode == 0, again.output[-3000:]
    after = snapshot(database)
    assert all(before[mart] for mart in MARTS)
    assert before == after
