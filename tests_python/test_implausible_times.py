"""Implausible times and the quarantine share guard (issue 13, items 1 and 2).

One build of today's traffic with a default-clock hit (1970-01-01), a year-0001 hit and a
year-10000 hit: the old ones get their own reason, the daily mart and the time spine cover exactly
the days with data, the gate reads the year-10000 day. The guard test then runs alone on the same
build with a lower threshold. Numeric `hit_at` is refused, or read in the unit a var names.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest

from conftest import run_dbt
from dark_social.quality import run_gate
from dark_social.warehouse import connect

pytestmark = pytest.mark.slow

GUARD = "assert_dark_social_quarantine_share_within_bound"
IMPLAUSIBLE = {
    "default-clock": ("1970-01-01 00:00:00", "before_earliest_timestamp"),
    "year-one": ("0001-01-01 00:00:00", "before_earliest_timestamp"),
    "year-10000": ("10000-01-01 00:00:00", "future_timestamp"),
}


def write_hits(path: Path, now: dt.datetime) -> set[dt.date]:
    """60 hits of 20 clients in the last two hours, and the implausible ones; return the used days."""
    rows = []
    for number in range(60):
        at = now - dt.timedelta(minutes=2 * number)
        rows.append((f"today-{number}", at.isoformat(sep=" "), f"client-{number % 20}"))
    for hit_id, (at, _) in IMPLAUSIBLE.items():
        rows.append((hit_id, at, "client-odd"))
    connection = duckdb.connect()
    connection.execute("create table hits (hit_id varchar, hit_at timestamp, client_id varchar)")
    connection.executemany("insert into hits values (?, cast(? as timestamp), ?)", rows)
    connection.execute(
        f"copy (select *, 'https://example.com/blog/post-' || hit_id as page_url from hits) "
        f"to '{path.as_posix()}' (format parquet)"
    )
    return {(now - dt.timedelta(minutes=2 * number)).date() for number in range(60)}


@pytest.fixture(scope="module")
def odd_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[dt.date], str]:
    folder = tmp_path_factory.mktemp("implausible")
    days = write_hits(folder / "hits.parquet", dt.datetime.now(dt.UTC).replace(tzinfo=None))
    location = f"read_parquet('{(folder / 'hits.parquet').as_posix()}')"
    database = folder / "odd.duckdb"
    result = run_dbt(["build"], database, {"dark_social__raw_hits_location": location})
    assert result.returncode == 0, result.output[-5000:]
    return database, days, location


def test_implausible_times_have_their_own_reason(odd_build: tuple[Path, set[dt.date], str]) -> None:
    database, _, _ = odd_build
    with connect(database) as connection:
        reasons = dict(
            connection.execute(
                "select hit_id, quarantine_reason from int_dark_social_hits__validated "
                "where hit_id not like 'today-%'"
            ).fetchall()
        )
    assert reasons == {hit_id: reason for hit_id, (_, reason) in IMPLAUSIBLE.items()}


def test_day_spines_cover_exactly_the_days_with_data(odd_build: tuple[Path, set[dt.date], str]) -> None:
    database, days, _ = odd_build
    with connect(database) as connection:
        daily = {
            row[0] for row in connection.execute("select session_date from fct_dark_social_daily").fetchall()
        }
        spine = {
            row[0] for row in connection.execute("select date_day from dark_social_time_spine").fetchall()
        }
        sessions = connection.execute("select sum(sessions) from fct_dark_social_daily").fetchone()[0]
        expected_sessions = connection.execute("select count(*) from fct_dark_social_sessions").fetchone()[0]
    assert daily == days
    assert spine == days
    assert sessions == expected_sessions > 0


def test_the_gate_reads_extreme_dates(odd_build: tuple[Path, set[dt.date], str], tmp_path: Path) -> None:
    """Quarantined hits of year 1 and 1970 (and an unreadable year 10000) in the marts: the gate
    evaluates every suite, samples included, without a crash."""
    database, _, _ = odd_build
    with connect(database) as connection:
        days = connection.execute(
            "select cast(hit_date as varchar) from fct_dark_social_quarantined_hits_daily"
        ).fetchall()
    assert sorted(str(day) for (day,) in days) == ["0001-01-01", "10000-01-01", "1970-01-01"]
    result = run_gate(database, docs_dir=tmp_path / "docs")
    assert result.evaluated > 0
    assert not [line for line in result.failures if "error:" in line], result.failures


def test_the_report_reads_a_build_with_extreme_dates(
    odd_build: tuple[Path, set[dt.date], str], tmp_path: Path
) -> None:
    from dark_social.report import build_report, open_duckdb

    database, _, _ = odd_build
    warehouse = open_duckdb(database)
    try:
        build_report(warehouse, out=tmp_path / "report.html")
    finally:
        warehouse.close()
    html = (tmp_path / "report.html").read_text()
    assert "<html" in html and "Traceback" not in html


def test_the_gate_reads_a_year_10000_date(tmp_path: Path) -> None:
    """A day Python cannot hold (year 10000) read through the gate's warehouse: a value, no crash."""
    from dark_social.profiles import Warehouse
    from dark_social.quality import _plain

    database = tmp_path / "days.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "create table days as select date '10000-01-01' as day union all select date '2025-01-01'"
        )
        # the marker the gate looks for (an empty settings mart)
        connection.execute("create table dim_dark_social_settings (setting_name varchar)")
    with Warehouse.duckdb(database, schema="main").connect() as warehouse:
        rows = warehouse.query("select day from days order by day")
    assert [str(_plain(day)) for (day,) in rows] == ["2025-01-01", "10000-01-01"]


def test_the_quarantine_share_guard_names_the_top_reasons(odd_build: tuple[Path, set[dt.date], str]) -> None:
    database, _, location = odd_build
    select = ["test", "--select", GUARD]
    # 3 of 63 rows set aside (4.8%): within the default 5%
    within = run_dbt(select, database, {"dark_social__raw_hits_location": location})
    assert within.returncode == 0 and "PASS=1" in within.output, within.output[-3000:]
    tight = {"dark_social__raw_hits_location": location, "dark_social__max_quarantine_share": 0.01}
    warned = run_dbt(select, database, tight)
    assert warned.returncode == 0 and "WARN=1" in warned.output, warned.output[-3000:]
    failed = run_dbt(select, database, {**tight, "dark_social__quarantine_share_severity": "error"})
    assert failed.returncode == 1, failed.output[-3000:]
    for output in (warned.output, failed.output):
        assert "3 of 63 raw rows of this run (4.8%) were set aside" in output
        assert "before_earliest_timestamp: 2 rows, e.g. hit_id=default-clock" in output
        assert "future_timestamp: 1 rows, e.g. hit_id=year-10000" in output


def test_a_run_that_sets_every_row_aside_fails(tmp_path: Path) -> None:
    path = tmp_path / "unusable.parquet"
    duckdb.connect().execute(
        "copy (select 'h' || range as hit_id, '06/01/2025 10:00' as hit_at, 'c1' as client_id, "
        f"'https://example.com/a' as page_url from range(4)) to '{path.as_posix()}' (format parquet)"
    )
    dbt_vars = {"dark_social__raw_hits_location": f"read_parquet('{path.as_posix()}')"}
    database = tmp_path / "db.duckdb"
    built = run_dbt(
        [
            "build",
            "--select",
            "+int_dark_social_hits__validated",
            "--exclude-resource-type",
            "test",
            "--exclude-resource-type",
            "unit_test",
        ],
        database,
        dbt_vars,
    )
    assert built.returncode == 0, built.output[-3000:]
    tested = run_dbt(
        ["test", "--select", GUARD, "assert_dark_social_raw_hits_are_not_all_set_aside"], database, dbt_vars
    )
    assert tested.returncode == 1, tested.output[-3000:]
    assert "ERROR=1" in tested.output and "WARN=1" in tested.output
    assert "unparseable_timestamp: 4 rows, e.g. hit_id=h0" in tested.output


@pytest.mark.parametrize("unit, factor", [(None, 0), ("s", 1), ("ms", 1000), ("us", 1_000_000)])
def test_numeric_hit_at_is_read_in_its_unit_or_refused(tmp_path: Path, unit: str | None, factor: int) -> None:
    at = dt.datetime(2025, 1, 6, 10, 30)
    epoch = int(at.replace(tzinfo=dt.UTC).timestamp()) * max(factor, 1)
    path = tmp_path / "epoch.parquet"
    duckdb.connect().execute(
        f"copy (select 'h1' as hit_id, cast({epoch} as bigint) as hit_at, 'c1' as client_id, "
        f"'https://example.com/a' as page_url) to '{path.as_posix()}' (format parquet)"
    )
    dbt_vars = {"dark_social__raw_hits_location": f"read_parquet('{path.as_posix()}')"}
    if unit:
        dbt_vars["dark_social__raw_hit_at_epoch_unit"] = unit
    result = run_dbt(
        [
            "build",
            "--select",
            "+int_dark_social_hits__validated",
            "--exclude-resource-type",
            "test",
            "--exclude-resource-type",
            "unit_test",
        ],
        tmp_path / "db.duckdb",
        dbt_vars,
    )
    if unit is None:
        assert result.returncode != 0
        assert "raw column 'hit_at' (contract column hit_at) is numeric (BIGINT)" in result.output
        assert "dark_social__raw_hit_at_epoch_unit" in result.output
        return
    assert result.returncode == 0, result.output[-3000:]
    with connect(tmp_path / "db.duckdb") as connection:
        row = connection.execute(
            "select hit_at, quarantine_reason from int_dark_social_hits__validated"
        ).fetchone()
    assert row == (at, None)
