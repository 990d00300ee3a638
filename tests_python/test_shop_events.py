"""Real data: shop_events loads through documented configuration alone, drifts included."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from conftest import SHARED_DATASETS, run_dbt
from dark_social import PROJECT_DIR
from dark_social.warehouse import connect

SHOP_EVENTS = SHARED_DATASETS / "shop_events"
VARS_FILE = PROJECT_DIR / "examples" / "shop_events.vars.yml"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not SHOP_EVENTS.is_dir(),
        reason=f"real dataset absent: {SHOP_EVENTS} (it lives beside the repository, in ../shared)",
    ),
]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    database = tmp_path_factory.mktemp("shop") / "shop.duckdb"
    result = run_dbt(["build"], database, VARS_FILE.read_text())
    assert result.returncode == 0, result.output[-5000:]
    return database


def query(database: Path, sql: str) -> list[tuple]:
    with connect(database) as connection:
        return connection.execute(sql).fetchall()


def test_every_row_is_accounted_for(database: Path) -> None:
    raw_rows = duckdb.execute(
        f"select count(*) from read_csv('{SHOP_EVENTS.as_posix()}/*.csv', union_by_name = true)"
    ).fetchone()[0]
    assert raw_rows == 49_963
    [(staged, used, rejected)] = query(
        database,
        "select count(*), count(*) filter (where quarantine_reason is null), "
        "count(*) filter (where quarantine_reason is not null) from int_dark_social_hits__validated",
    )
    assert staged == raw_rows
    assert used + rejected == raw_rows
    [(session_hits,)] = query(database, "select sum(hit_count) from int_dark_social_sessions__aggregated")
    assert session_hits == used


def test_renamed_client_id_column_is_read(database: Path) -> None:
    """From 2025-02-27 the column is `clientId`: those days still have client ids."""
    rows = query(
        database,
        "select cast(hit_at as date) as day, count(client_id) from stg_dark_social__hits "
        "where hit_at >= '2025-02-27' group by day order by day",
    )
    assert len(rows) >= 10
    assert all(with_client_id > 0 for _, with_client_id in rows)


def test_referrer_is_null_where_the_column_is_absent(database: Path) -> None:
    """From 2025-03-04 there is no referrer column: referrers are null there, present before."""
    [(before, after)] = query(
        database,
        "select count(referrer_url) filter (where hit_at < '2025-03-04'), "
        "count(referrer_url) filter (where hit_at >= '2025-03-04') from stg_dark_social__hits",
    )
    assert before > 0
    assert after == 0


def test_rows_without_client_id_are_set_aside_with_a_reason(database: Path) -> None:
    reasons = dict(
        query(
            database, "select quarantine_reason, count(*) from int_dark_social_hits__quarantined group by 1"
        )
    )
    assert set(reasons) <= {"missing_client_id", "duplicate"}
    assert reasons.get("missing_client_id", 0) > 0


def test_checkout_revenue_is_read_from_event_data(database: Path) -> None:
    """Every used checkout_completed event is a conversion; its JSON `revenue` adds up in the marts."""
    raw_events, raw_revenue = duckdb.execute(
        "select count(*), sum(cast(json_extract_string(event_data, '$.revenue') as double)) "
        f"from read_csv('{SHOP_EVENTS.as_posix()}/*.csv', union_by_name = true) "
        "where event_name = 'checkout_completed'"
    ).fetchone()
    [(events, revenue)] = query(
        database,
        "select count(*), sum(event_value) from int_dark_social_hits__deduplicated "
        "where event_name = 'checkout_completed'",
    )
    assert 0 < events <= raw_events
    assert 0 < revenue <= raw_revenue
    [(conversions, mart_revenue, dark_conversions)] = query(
        database,
        "select sum(conversions), sum(revenue), sum(dark_social_conversions) from fct_dark_social_daily",
    )
    [(channel_conversions, channel_revenue)] = query(
        database, "select sum(conversions), sum(revenue) from fct_dark_social_channels_daily"
    )
    assert conversions == channel_conversions == events
    assert float(mart_revenue) == float(channel_revenue) == pytest.approx(revenue)
    assert 0 <= dark_conversions <= conversions
