"""Source adapters (issue #7): each collector's shape builds the whole project by configuration only.

GA4 and Segment are built on fixtures written here in the collectors' documented shapes; Snowplow
and server access logs on the real datasets in ../shared/datasets (skipped with a message when
absent). Each build is a full `dbt build`: the adapter's own unit tests (parsing edges) run in it.
What a visit is worth (issue #16): the GA4, Segment and a Snowplow ecommerce fixture carry
purchases in each collector's own fields, and their conversions and revenue are checked in the
sessions mart and the daily marts against figures computed from the fixtures' purchase lists.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from conftest import SHARED_DATASETS, run_dbt
from dark_social import PROJECT_DIR
from dark_social.warehouse import connect
from fixtures.source_adapters import (
    BASE,
    EXPECTED_GA4,
    EXPECTED_SEGMENT,
    GA4_PURCHASES,
    SEGMENT_PURCHASES,
    SNOWPLOW_PURCHASES,
    ga4_transaction_id,
    segment_order_completed,
    snowplow_events,
    write_ga4_events,
    write_segment_order_completed,
    write_segment_pages,
    write_snowplow_events,
)

pytestmark = pytest.mark.slow

SNOWPLOW = SHARED_DATASETS / "snowplow_events"
ACCESS_LOG = SHARED_DATASETS / "apache_access_log"
ABSENT = "real dataset absent: {} (it lives beside the repository, in ../shared)"


def build(database: Path, dbt_vars: dict | str) -> str:
    result = run_dbt(["build"], database, dbt_vars)
    assert result.returncode == 0, result.output[-5000:]
    return result.output


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


def query(database: Path, sql: str) -> list[tuple]:
    with connect(database) as connection:
        return connection.execute(sql).fetchall()


def figures(database: Path) -> dict:
    """Rows read, set aside by reason, used; sessions; channel and origin mix; dark social share."""
    reasons = dict(
        query(
            database, "select quarantine_reason, count(*) from int_dark_social_hits__quarantined group by 1"
        )
    )
    [(staged, used)] = query(
        database,
        "select count(*), count(*) filter (where quarantine_reason is null) "
        "from int_dark_social_hits__validated",
    )
    [(session_hits,)] = query(
        database, "select coalesce(sum(hit_count), 0) from int_dark_social_sessions__aggregated"
    )
    return {
        "staged": staged,
        "used": used,
        "session_hits": session_hits,
        "quarantined": reasons,
        "sessions": query(database, "select count(*) from int_dark_social_sessions__classified")[0][0],
        "channels": dict(
            query(database, "select channel, count(*) from fct_dark_social_sessions group by 1")
        ),
        "origins": dict(
            query(
                database,
                "select traffic_origin, count(*) from int_dark_social_sessions__classified group by 1",
            )
        ),
        "signals": dict(
            query(
                database,
                "select dark_social_signal, count(*) from fct_dark_social_sessions "
                "where is_dark_social group by 1",
            )
        ),
    }


def assert_every_row_accounted_for(found: dict, raw_rows: int) -> None:
    assert found["staged"] == raw_rows
    assert found["used"] + sum(found["quarantined"].values()) == raw_rows
    assert found["session_hits"] == found["used"]


# ---- value: conversions and revenue (issue #16) ---------------------------------------------------
PROJECT_VARS = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]


def expected_value(purchases: list[dict]) -> dict:
    """What the marts must say of a fixture's purchases: per (day, traffic origin) of the session and
    per (day, channel group), conversions, revenue in the revenue currency (a purchase without a
    currency is in it) and conversions in another currency (counted, never added)."""
    revenue_currency = PROJECT_VARS["dark_social__revenue_currency"].upper()
    sessions: dict = defaultdict(lambda: [0, Decimal(0), 0])
    channels: dict = defaultdict(lambda: [0, Decimal(0)])
    days: dict = defaultdict(lambda: [0, Decimal(0), 0, Decimal(0)])
    for purchase in purchases:
        day = (BASE + dt.timedelta(minutes=purchase["minutes"])).date()
        amount = Decimal(purchase["amount"])
        in_revenue_currency = (purchase["currency"] or revenue_currency).upper() == revenue_currency
        added = amount if in_revenue_currency else Decimal(0)
        dark = purchase["origin"] == "dark_social"
        session = sessions[(day, purchase["origin"])]
        session[0] += 1
        session[1] += added
        session[2] += 0 if in_revenue_currency else 1
        channel = channels[(day, purchase["channel_group"])]
        channel[0] += 1
        channel[1] += added
        daily = days[day]
        daily[0] += 1
        daily[1] += added
        daily[2] += 1 if dark else 0
        daily[3] += added if dark else Decimal(0)
    return {
        "sessions": {key: tuple(value) for key, value in sessions.items()},
        "channels": {key: tuple(value) for key, value in channels.items()},
        "days": {key: tuple(value) for key, value in days.items()},
    }


def measured_value(database: Path) -> dict:
    """Conversions and revenue as the marts give them (rows with any), and the sessions mart's totals."""
    sessions = query(
        database,
        "select session_date, traffic_origin, sum(conversions), sum(revenue), "
        "sum(other_currency_conversions) from fct_dark_social_sessions group by 1, 2 "
        "having sum(conversions) > 0 or sum(revenue) <> 0 or sum(other_currency_conversions) > 0",
    )
    channels = query(
        database,
        "select session_date, channel_group, conversions, revenue from fct_dark_social_channels_daily "
        "where conversions > 0 or revenue <> 0",
    )
    days = query(
        database,
        "select session_date, conversions, revenue, dark_social_conversions, dark_social_revenue "
        "from fct_dark_social_daily where conversions > 0 or revenue <> 0",
    )
    currencies = {
        row[0] for row in query(database, "select distinct revenue_currency from fct_dark_social_sessions")
    }
    return {
        "sessions": {(day, origin): (int(c), r, int(o)) for day, origin, c, r, o in sessions},
        "channels": {(day, group): (int(c), r) for day, group, c, r in channels},
        "days": {day: (int(c), r, int(dc), dr) for day, c, r, dc, dr in days},
        "currencies": currencies,
    }


def assert_no_order_detail_in_marts(database: Path, details: set[str]) -> None:
    """Only an event's value and currency are read: its order ids, SKUs... are in no mart's text."""
    columns = query(
        database,
        "select table_schema || '.' || table_name, column_name from information_schema.columns "
        "where (table_name like 'fct_dark_social%' or table_name like 'dim_dark_social%') "
        "and data_type = 'VARCHAR'",
    )
    assert len({table for table, _ in columns}) >= 8
    for table, column in columns:
        for detail in details:
            found = query(database, f"select count(*) from {table} where \"{column}\" like '%{detail}%'")
            assert found == [(0,)], (table, column, detail)


def assert_value_as_purchased(database: Path, purchases: list[dict]) -> None:
    expected = expected_value(purchases)
    measured = measured_value(database)
    assert measured["sessions"] == expected["sessions"]
    assert measured["channels"] == expected["channels"]
    assert measured["days"] == expected["days"]
    assert measured["currencies"] == {PROJECT_VARS["dark_social__revenue_currency"].upper()}
    # a second currency is in the data and kept out of revenue
    assert any(other for *_, other in expected["sessions"].values())


# ---- GA4 ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ga4(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    directory = tmp_path_factory.mktemp("ga4")
    write_ga4_events(directory / "export")
    database = directory / "ga4.duckdb"
    location = f"read_parquet('{(directory / 'export').as_posix()}/*.parquet')"
    dbt_vars = {"dark_social__source_adapter": "ga4", "dark_social__ga4_events_location": location}
    output = build(database, dbt_vars)
    return database, output


def test_ga4_export_builds_with_every_row_accounted_for(ga4: tuple[Path, str]) -> None:
    database, output = ga4
    found = figures(database)
    assert_every_row_accounted_for(found, EXPECTED_GA4["raw_rows"])
    assert found["quarantined"] == EXPECTED_GA4["quarantined"]
    assert found["sessions"] == EXPECTED_GA4["sessions"]
    assert found["channels"] == EXPECTED_GA4["channels"]
    assert found["origins"] == EXPECTED_GA4["origins"]
    assert "PASS base_dark_social_ga4__events::ga4__event_params_edges" in output


def test_ga4_purchases_are_conversions_and_revenue(ga4: tuple[Path, str]) -> None:
    """ecommerce.purchase_revenue, else the `value` parameter, in the `currency` parameter; the
    add_to_cart that carries a value is no key event."""
    database, _ = ga4
    assert_value_as_purchased(database, GA4_PURCHASES)
    # the dark social session's visitor bought again the next day: an assisted conversion
    [(assisted,)] = query(
        database, "select sum(assisted_conversions) from fct_dark_social_sessions where is_dark_social"
    )
    later = [
        p for p in GA4_PURCHASES if p["user"] == GA4_PURCHASES[0]["user"] and p["origin"] != "dark_social"
    ]
    assert assisted == len(later) == 1
    assert_no_order_detail_in_marts(database, {ga4_transaction_id(p) for p in GA4_PURCHASES})


def test_ga4_sessions_are_ga4_own_and_timestamps_keep_microseconds(ga4: tuple[Path, str]) -> None:
    database, _ = ga4
    [(without_session_id,)] = query(
        database,
        "select count(*) from int_dark_social_sessions__aggregated where provided_session_id is null",
    )
    assert without_session_id == 0
    micros = {
        row[0]
        for row in query(database, "select microsecond(hit_at) % 1000 from base_dark_social_ga4__events")
    }
    assert micros == {123}


def compiled_ga4_base(database: Path, extra_vars: dict, *flags: str) -> str:
    """The SQL of base_dark_social_ga4__events compiled against the built GA4 fixture (no build)."""
    location = f"read_parquet('{(database.parent / 'export').as_posix()}/*.parquet')"
    dbt_vars = {
        "dark_social__source_adapter": "ga4",
        "dark_social__ga4_events_location": location,
        **extra_vars,
    }
    result = run_dbt(["compile", "--select", "base_dark_social_ga4__events", *flags], database, dbt_vars)
    assert result.returncode == 0, result.output[-5000:]
    compiled = database.parent / f"target-{PROJECT_DIR.name}" / "compiled" / "dark_social" / "models"
    return (
        compiled / "staging" / "dark_social_ga4" / "base" / "base_dark_social_ga4__events.sql"
    ).read_text()


def test_ga4_reads_only_the_export_days_of_the_window(ga4: tuple[Path, str]) -> None:
    """Issue #15: an incremental run reads its window's export days; a full build every day (or from
    dark_social__ga4_start_date). On BigQuery the same days become a `_TABLE_SUFFIX` predicate."""
    from datetime import timedelta

    database, _ = ga4
    [(latest,)] = query(
        database, "select max(hit_at) from int_dark_social_hits__validated where quarantine_reason is null"
    )
    lookback = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"][
        "dark_social__incremental_lookback_hours"
    ]
    first = ((latest - timedelta(hours=lookback)).date() - timedelta(days=1)).strftime("%Y%m%d")
    # incremental: the window's days, from a day before its start (shards are property-time days)
    assert f"where event_date between '{first}' and '99999999'" in compiled_ga4_base(database, {})
    # a backfill: its own days, a day wider on each side
    backfill = {"dark_social__backfill_start": "2024-06-10", "dark_social__backfill_end": "2024-06-12"}
    assert "where event_date between '20240609' and '20240613'" in compiled_ga4_base(database, backfill)
    # a full build reads every day, or from dark_social__ga4_start_date
    assert "event_date between" not in compiled_ga4_base(database, {}, "--full-refresh")
    start = {"dark_social__ga4_start_date": "2024-01-01"}
    assert "where event_date between '20240101' and '99999999'" in compiled_ga4_base(
        database, start, "--full-refresh"
    )
    # a date-partitioned export: the partition column
    partitioned = {**backfill, "dark_social__ga4_date_partition_column": "event_day"}
    assert "where event_day between date '2024-06-09' and date '2024-06-13'" in compiled_ga4_base(
        database, partitioned
    )


def test_ga4_bigquery_shard_predicate_is_on_table_suffix(tmp_path: Path) -> None:
    """The BigQuery variant, rendered offline (`dbt compile --inline`, no warehouse): a constant range
    of `_TABLE_SUFFIX` for the daily shards and one for the intraday shards, which BigQuery prunes on."""
    calls = {
        "window": "dark_social.bigquery__ga4_shard_filter('20250301', none)",
        "backfill": "dark_social.bigquery__ga4_shard_filter('20250301', '20250305')",
    }
    rendered = {}
    for name, call in calls.items():
        result = run_dbt(
            ["compile", "--inline", "select 1 as x from t where {{ " + call + " }}"], tmp_path / "db.duckdb"
        )
        assert result.returncode == 0, result.output[-3000:]
        rendered[name] = " ".join(result.output.split())
    assert (
        "(_table_suffix between '20250301' and '99999999' or _table_suffix between 'intraday_20250301' "
        "and 'intraday_99999999')"
    ) in rendered["window"]
    assert (
        "(_table_suffix between '20250301' and '20250305' or _table_suffix between 'intraday_20250301' "
        "and 'intraday_20250305')"
    ) in rendered["backfill"]


# ---- Segment ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def segment(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    directory = tmp_path_factory.mktemp("segment")
    write_segment_pages(directory / "pages")
    write_segment_order_completed(directory / "order_completed")
    database = directory / "segment.duckdb"
    location = f"read_parquet('{(directory / 'pages').as_posix()}/*.parquet')"
    orders = f"read_parquet('{(directory / 'order_completed').as_posix()}/*.parquet')"
    output = build(
        database,
        {
            "dark_social__source_adapter": "segment",
            "dark_social__segment_pages_location": location,
            "dark_social__segment_order_completed_identifier": "order_completed",
            "dark_social__segment_order_completed_location": orders,
        },
    )
    return database, output


def test_segment_pages_build_with_every_row_accounted_for(segment: tuple[Path, str]) -> None:
    database, output = segment
    found = figures(database)
    assert_every_row_accounted_for(found, EXPECTED_SEGMENT["raw_rows"])
    assert found["quarantined"] == EXPECTED_SEGMENT["quarantined"]
    assert found["sessions"] == EXPECTED_SEGMENT["sessions"]
    assert found["origins"] == EXPECTED_SEGMENT["origins"]
    assert found["signals"] == EXPECTED_SEGMENT["dark_social_signals"]
    assert "PASS base_dark_social_segment__pages::segment__mapping_edges" in output


def test_segment_order_completed_calls_are_conversions(segment: tuple[Path, str]) -> None:
    """The Order Completed table's `revenue`, else `total`, in `currency` (any case); the copy of a
    call sent twice is counted once."""
    database, _ = segment
    purchases = [{**p, "amount": p["revenue"] or p["total"]} for p in SEGMENT_PURCHASES]
    assert_value_as_purchased(database, purchases)
    assert_no_order_detail_in_marts(database, {row["order_id"] for row in segment_order_completed()})


# ---- Snowplow ecommerce (fixture) ---------------------------------------------------------------


@pytest.fixture(scope="module")
def snowplow_shop(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    directory = tmp_path_factory.mktemp("snowplow_shop")
    write_snowplow_events(directory / "events")
    database = directory / "snowplow_shop.duckdb"
    location = f"read_parquet('{(directory / 'events').as_posix()}/*.parquet')"
    output = build(
        database,
        {"dark_social__source_adapter": "snowplow", "dark_social__snowplow_events_location": location},
    )
    return database, output


def test_snowplow_transactions_are_conversions_and_revenue(snowplow_shop: tuple[Path, str]) -> None:
    """A legacy `transaction` event's tr_total in tr_currency (none: the revenue currency); its
    `transaction_item` lines are hits, not key events."""
    database, _ = snowplow_shop
    found = figures(database)
    assert found["origins"] == {"dark_social": 1, "search": 1, "direct": 1}
    purchases = [{**p, "amount": p["total"]} for p in SNOWPLOW_PURCHASES]
    assert_value_as_purchased(database, purchases)
    details = {row[name] for row in snowplow_events() for name in ("tr_orderid", "ti_sku") if row[name]}
    assert_no_order_detail_in_marts(database, details)


# ---- Snowplow (real) ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def snowplow(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    if not SNOWPLOW.is_dir():
        pytest.skip(ABSENT.format(SNOWPLOW))
    database = tmp_path_factory.mktemp("snowplow") / "snowplow.duckdb"
    output = build(database, (PROJECT_DIR / "examples" / "snowplow_events.vars.yml").read_text())
    return database, output


def test_snowplow_events_build_with_every_row_accounted_for(snowplow: tuple[Path, str]) -> None:
    database, output = snowplow
    found = figures(database)
    assert_every_row_accounted_for(found, 160)
    # three events are logged twice with the same event_id
    assert found["quarantined"] == {"duplicate": 3}
    # sessions are Snowplow's own: its 46 domain_sessionid values, one of them shared by three
    # visitors in this fixture (a session belongs to one client), and one event without an id
    [(sessions, distinct_ids, without_id)] = query(
        database,
        "select count(*), count(distinct provided_session_id), "
        "count(*) filter (where provided_session_id is null) from int_dark_social_sessions__aggregated",
    )
    assert (sessions, distinct_ids, without_id) == (49, 46, 1)
    assert found["origins"].get("dark_social", 0) > 0
    assert "PASS base_dark_social_snowplow__events::snowplow__mapping_edges" in output


# ---- Apache access log (real) -------------------------------------------------------------------


@pytest.fixture(scope="module")
def access_log(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    if not ACCESS_LOG.is_dir():
        pytest.skip(ABSENT.format(ACCESS_LOG))
    database = tmp_path_factory.mktemp("access_log") / "access_log.duckdb"
    output = build(database, (PROJECT_DIR / "examples" / "apache_access_log.vars.yml").read_text())
    return database, output


def test_access_log_lines_are_all_accounted_for(access_log: tuple[Path, str]) -> None:
    database, output = access_log
    found = figures(database)
    assert_every_row_accounted_for(found, 10_000)
    assert found["quarantined"] == {
        "unparseable_log_line": 1,
        "not_a_get_request": 48,
        "excluded_status": 416,
        "not_a_page_request": 5_762,
        "duplicate": 16,
    }
    assert found["used"] == 3_757
    assert "PASS base_dark_social_access_log__lines::access_log__parsing_edges" in output


def test_access_log_lines_carry_no_value(access_log: tuple[Path, str]) -> None:
    """A server log has no key event and no amount: nothing of value reaches a mart."""
    database, _ = access_log
    [(values, currencies)] = query(
        database, "select count(event_value), count(event_currency) from stg_dark_social__hits"
    )
    assert (values, currencies) == (0, 0)
    [totals] = query(
        database,
        "select sum(conversions), sum(revenue), sum(other_currency_conversions), sum(assisted_conversions) "
        "from fct_dark_social_sessions",
    )
    assert totals == (0, 0, 0, 0)
    for mart in ("fct_dark_social_daily", "fct_dark_social_channels_daily", "fct_dark_social_pages_daily"):
        [(conversions, revenue)] = query(database, f"select sum(conversions), sum(revenue) from {mart}")
        assert (conversions, revenue) == (0, 0), mart


def test_the_malformed_line_is_quarantined_with_its_reason(access_log: tuple[Path, str]) -> None:
    database, _ = access_log
    unparseable = "quarantine_reason = 'unparseable_log_line'"
    rows = query(
        database, f"select page_url, client_id from int_dark_social_hits__quarantined where {unparseable}"
    )
    assert rows == [(None, None)]
    [(line,)] = query(
        database, f"select log_line from base_dark_social_access_log__lines where source_{unparseable}"
    )
    assert "configlib.py" in line and not line.endswith('"')


def test_access_log_link_preview_fetches_are_share_events(access_log: tuple[Path, str]) -> None:
    database, _ = access_log
    fetches = dict(
        query(database, "select app, sum(fetches) from fct_dark_social_link_previews_daily group by 1")
    )
    assert fetches == {"X": 14, "Facebook": 14, "Embedly": 7}
    # three of them were answered as pages: sessions of link-preview fetchers, left out of the marts
    [(preview_sessions,)] = query(
        database,
        "select count(*) from int_dark_social_sessions__classified where traffic_origin = 'link_preview'",
    )
    assert preview_sessions == 3
    # the marts' session_key is the salted hash of the internal one (default salt in this build)
    [(in_marts, joined)] = query(
        database,
        "select count(*) filter (where c.traffic_origin = 'link_preview'), count(*) "
        "from fct_dark_social_sessions as s "
        "inner join int_dark_social_sessions__classified as c "
        "on s.session_key = md5('dark_social|session|' || c.session_key)",
    )
    assert in_marts == 0
    assert joined == query(database, "select count(*) from fct_dark_social_sessions")[0][0]


def test_no_ip_address_can_be_recovered_from_access_log_keys(access_log: tuple[Path, str]) -> None:
    """Issue 13: the visitor id was md5(ip|agent), so trying the addresses of a /16 recovered every IP."""
    database, _ = access_log
    quoted = r'"((?:[^"\\]|\\.)*)"'
    line = re.compile(rf"^(\S+) \S+ \S+ \[[^\]]+\] {quoted} [0-9]{{3}} \S+(?: {quoted} {quoted})?\s*$")
    rows = query(
        database,
        "select log_line, client_id from base_dark_social_access_log__lines where client_id is not null",
    )
    unsalted, salted = set(), {}
    for log_line, client_id in rows:
        match = line.match(log_line)
        assert match, log_line
        visitor = f"{match.group(1)}|{match.group(4) or ''}"
        unsalted.add(md5(visitor))
        salted[client_id] = md5(f"dark_social|visitor|{visitor}")
    assert all(salted[client_id] == client_id for client_id in salted)  # the salted formula
    keys = query(database, "select client_key, session_key from fct_dark_social_sessions")
    exposed = {key for pair in keys for key in pair}
    guessable = unsalted | {md5(f"dark_social|{visitor_id}") for visitor_id in unsalted}
    assert len(exposed) > 100
    assert not exposed & guessable
    assert not set(salted) & unsalted


# ---- preview_then_visit on the generated demo (its generator puts previews before shared visits) ---


def test_preview_then_visit_follows_a_fetch_of_the_same_page(built: tuple[Path, dict]) -> None:
    database, _ = built
    window = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"][
        "dark_social__preview_visit_window_minutes"
    ]
    sessions = query(
        database,
        "select session_key, landing_host, landing_path, session_started_at, dark_social_app "
        "from int_dark_social_sessions__classified where dark_social_signal = 'preview_then_visit'",
    )
    assert sessions, "the demo data has previews before shared visits: some must be found"
    unexplained = query(
        database,
        f"""
        select count(*)
        from int_dark_social_sessions__classified as s
        where s.dark_social_signal = 'preview_then_visit'
            and (s.is_simple_landing_page or not exists (
                select 1 from int_dark_social_link_previews__fetches as f
                where f.page_path = s.landing_path and f.app = s.dark_social_app
                    and f.fetched_at between s.session_started_at - interval {int(window)} minute
                    and s.session_started_at
            ))
        """,
    )
    assert unexplained == [(0,)]
    assert all(app is not None for *_, app in sessions)


# ---- configuration --------------------------------------------------------------------------------


def test_an_unknown_adapter_is_refused_with_the_choices(tmp_path: Path) -> None:
    result = run_dbt(["parse"], tmp_path / "db.duckdb", {"dark_social__source_adapter": "matomo"})
    assert result.returncode != 0
    assert "dark_social__source_adapter is 'matomo'" in result.output
    assert "ga4, snowplow, segment, access_log" in result.output
