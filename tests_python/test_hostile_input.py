"""Hostile raw rows go through the full build: every row is used or quarantined with its reason."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import run_dbt
from dark_social import MARTS
from dark_social.warehouse import connect
from fixtures.hostile_hits import CASES, PERSONAL_DATA, write

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    hits = write(folder / "raw")
    database = folder / "hostile.duckdb"
    result = run_dbt(
        ["build"],
        database,
        {
            "dark_social__raw_hits_location": f"read_parquet('{hits.as_posix()}')",
            "dark_social__event_json_column": "event_data",
            "dark_social__event_json_value_path": "revenue",
        },
    )
    assert result.returncode == 0, result.output[-5000:]
    return database


def test_every_hostile_row_is_used_or_quarantined_with_its_reason(database: Path) -> None:
    with connect(database) as connection:
        outcomes = connection.execute(
            "select hit_id, quarantine_reason from int_dark_social_hits__validated"
        ).fetchall()
    expected = sorted(
        ((case[0], case[-1]) for case in CASES), key=lambda pair: (pair[0], pair[1] is not None)
    )
    assert Counter(outcomes) == Counter(expected)


def test_used_hostile_rows_reach_sessions_and_marts(database: Path) -> None:
    used = sum(1 for case in CASES if case[-1] is None)
    with connect(database) as connection:
        session_hits = connection.execute(
            "select sum(hit_count) from int_dark_social_sessions__classified"
        ).fetchall()[0][0]
        classified = connection.execute(
            "select count(*) from int_dark_social_sessions__classified "
            "where traffic_origin is null or channel is null"
        ).fetchall()[0][0]
        quarantined = connection.execute(
            "select sum(hits) from fct_dark_social_quarantined_hits_daily"
        ).fetchall()[0][0]
    assert session_hits == used
    assert classified == 0
    assert quarantined == len(CASES) - used


def test_hostile_values_are_parsed_not_executed(database: Path) -> None:
    with connect(database) as connection:
        rows = dict(
            connection.execute(
                "select hit_id, struct_pack(hit_at, page_host, page_path, referrer_host, event_name, "
                "user_agent) from int_dark_social_hits__validated"
            ).fetchall()
        )
    assert rows["quotes"]["page_path"] == '/it\'s-a-"test";drop table hits;--'
    assert rows["upper_case_scheme_host"]["page_host"] == "example.com"
    assert rows["upper_case_scheme_host"]["page_path"] == "/blog"
    assert rows["upper_case_scheme_host"]["referrer_host"] == "google.com"
    assert rows["host_with_port_and_user"]["page_host"] == "example.com"
    assert rows["idn_unicode"]["page_host"] == "b\u00fccher.example"
    assert rows["invalid_utf8_escapes"]["page_path"] == "/%ed%a0%80/%ff%fe"  # kept, not decoded
    assert rows["ts_offset"]["hit_at"] == rows["ts_micros_z"]["hit_at"].replace(microsecond=0)
    assert rows["ts_negative_offset"]["hit_at"] == rows["ts_offset"]["hit_at"]
    assert rows["empty_optional_fields"]["event_name"] == "page_view"
    assert rows["empty_optional_fields"]["referrer_host"] is None
    assert rows["html_agent"]["user_agent"] == "<script>alert('ua')</script>"


def test_only_the_value_and_currency_of_event_data_are_read(database: Path) -> None:
    """Valid value and currency count; an unreadable value, another currency, broken JSON do not add up."""
    with connect(database) as connection:
        values = dict(
            connection.execute(
                "select hit_id, struct_pack(event_value, event_currency) "
                "from int_dark_social_hits__validated where hit_id like 'pii_%'"
            ).fetchall()
        )
        [(conversions, revenue, other_currency)] = connection.execute(
            "select sum(conversions), sum(revenue), sum(other_currency_conversions) "
            "from fct_dark_social_sessions where landing_path = '/account/orders/42'"
        ).fetchall()
    assert values["pii_purchase"] == {"event_value": 129.9, "event_currency": "USD"}
    assert values["pii_bad_value"] == {"event_value": None, "event_currency": "USD"}
    assert values["pii_other_currency"] == {"event_value": 99.0, "event_currency": "EUR"}
    assert values["pii_broken_json"] == {"event_value": None, "event_currency": None}
    assert (conversions, float(revenue), other_currency) == (4, 129.9, 1)


def test_no_personal_data_reaches_any_text_column_of_any_mart(database: Path) -> None:
    """An e-mail address, a phone number and a token in URLs and event data: in no text column of a mart."""
    found, checked = [], 0
    with connect(database) as connection:
        for mart in MARTS:
            columns = [
                name
                for name, kind, *_ in connection.execute(f"describe {mart}").fetchall()
                if kind.upper().startswith("VARCHAR")
            ]
            checked += len(columns)
            for column in columns:
                for needle in PERSONAL_DATA:
                    [(hits,)] = connection.execute(
                        f"select count(*) from {mart} where contains(lower({column}), ?)", [needle.lower()]
                    ).fetchall()
                    if hits:
                        found.append((mart, column, needle, hits))
        # the planted data did reach the staged hits: the check above can fail
        [(planted,)] = connection.execute(
            "select count(*) from stg_dark_social__hits where contains(page_url, 'jane.doe')"
        ).fetchall()
    assert planted > 0 and checked > 20
    assert found == []
