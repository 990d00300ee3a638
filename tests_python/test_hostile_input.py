"""Hostile raw rows go through the full build: every row is used or quarantined with its reason,
the marts show what the corpus says a user gets, and no mart holds personal data or a key that can
be recomputed from raw ids without the salt (issue 13)."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from conftest import run_dbt
from dark_social import MARTS
from dark_social.warehouse import connect
from fixtures.hostile_hits import (
    CASES,
    IN_MARTS,
    KNOWN_BUILD_FAILURES,
    PERSONAL_DATA,
    unexpected_build_results,
    write,
)

pytestmark = pytest.mark.slow

SALT = "hostile-corpus-salt"


def md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
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
        extra_env={"DARK_SOCIAL_CLIENT_ID_SALT": SALT},
    )
    [run_results] = folder.glob("target-*/run_results.json")
    # the build passes, but for the failures the corpus names (KNOWN_BUILD_FAILURES, with their cases)
    assert unexpected_build_results(run_results) == [], result.output[-5000:]
    assert result.returncode == (1 if KNOWN_BUILD_FAILURES else 0), result.output[-5000:]
    return database, result.output


@pytest.fixture(scope="module")
def database(build: tuple[Path, str]) -> Path:
    return build[0]


def test_the_corpus_has_at_least_80_cases_each_saying_what_a_user_gets() -> None:
    assert len(CASES) >= 80
    assert all(case.gets.startswith("used" if case.reason is None else "quarantined") for case in CASES)
    assert set(IN_MARTS) <= {case.hit_id for case in CASES if case.reason is None}


def test_every_hostile_row_is_used_or_quarantined_with_its_reason(database: Path) -> None:
    with connect(database) as connection:
        outcomes = connection.execute(
            "select hit_id, quarantine_reason from int_dark_social_hits__validated"
        ).fetchall()
    assert Counter(outcomes) == Counter((case.hit_id, case.reason) for case in CASES)


def test_used_hostile_rows_reach_sessions_and_marts(database: Path) -> None:
    used = sum(1 for case in CASES if case.reason is None)
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
    # `;drop table hits;--` is a path parameter: dropped in normalisation, never executed
    assert rows["quotes"]["page_path"] == '/it\'s-a-"test"'
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
    for placeholder in ("ua_dash", "ua_null_text", "ua_null_upper", "ua_undefined"):
        assert rows[placeholder]["user_agent"] is None, placeholder


def sessions_by_hit(database: Path) -> dict[str, dict]:
    """The fct_dark_social_sessions row of each used hostile hit (its landing hit), through the salted key."""
    with connect(database) as connection:
        cursor = connection.execute(
            f"""
            select hits.hit_key, sessions.*
            from int_dark_social_hits__sessionized as hits
            inner join fct_dark_social_sessions as sessions
                on sessions.session_key = md5('{SALT}' || '|' || 'session|' || hits.session_key)
            """
        )
        names = [column[0] for column in cursor.description]
        return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


@pytest.mark.parametrize("hit_id", sorted(IN_MARTS))
def test_what_a_user_gets_in_fct_sessions(database: Path, hit_id: str) -> None:
    session = sessions_by_hit(database)[hit_id]
    assert {column: session[column] for column in IN_MARTS[hit_id]} == IN_MARTS[hit_id]


def test_no_personal_data_in_any_text_column_of_any_mart(database: Path) -> None:
    found, scanned = [], []
    with connect(database) as connection:
        for mart in MARTS:
            columns = [
                row[0]
                for row in connection.execute(
                    "select column_name from information_schema.columns "
                    "where table_name = ? and data_type = 'VARCHAR'",
                    [mart],
                ).fetchall()
            ]
            scanned += [f"{mart}.{column}" for column in columns]
            for column in columns:
                query = f"select distinct {column} from {mart}"
                values = [value for (value,) in connection.execute(query).fetchall()]
                for value in values:
                    for needle in PERSONAL_DATA:
                        if value is not None and needle in value.lower():
                            found.append(f"{mart}.{column}: {value!r} holds {needle!r}")
    assert {"fct_dark_social_sessions.landing_page_url", "fct_dark_social_sessions.campaign"} <= set(scanned)
    assert "fct_dark_social_link_previews_daily.page_path" in scanned
    assert found == []


def test_mart_keys_cannot_be_recomputed_from_raw_ids_without_the_salt(database: Path) -> None:
    with connect(database) as connection:
        keys = connection.execute("select session_key, client_key from fct_dark_social_sessions").fetchall()
        internal = connection.execute(
            "select distinct session_key, client_id from int_dark_social_hits__sessionized"
        ).fetchall()
    session_keys = {session_key for session_key, _ in keys}
    client_keys = {client_key for _, client_key in keys}
    # what anyone can compute from raw ids: the internal keys, and hashes of ids with the published default
    guessable = {session_key for session_key, _ in internal}
    for session_key, client_id in internal:
        guessable |= {md5(client_id), md5(f"dark_social|{client_id}")}
        guessable.add(md5(f"dark_social|session|{session_key}"))
    assert session_keys and client_keys
    assert not (session_keys | client_keys) & guessable
    # and what the salt gives
    assert session_keys <= {md5(f"{SALT}|session|{session_key}") for session_key, _ in internal}
    assert client_keys <= {md5(f"{SALT}|{client_id}") for _, client_id in internal}


def test_the_pages_mart_groups_redacted_paths(database: Path) -> None:
    with connect(database) as connection:
        paths = dict(
            connection.execute(
                "select landing_path, sum(sessions) from fct_dark_social_pages_daily group by landing_path"
            ).fetchall()
        )
    assert paths["/users/{id}/orders"] == 1
    assert paths["/about"] == 4  # /./about, /x/../about, /%2E/blog/%2e%2e/about and /about;jsessionid=...
    assert paths["/u/{email}"] == 1


def test_a_custom_salt_raises_no_warning(build: tuple[Path, str]) -> None:
    assert "PUBLISHED DEFAULT" not in build[1]


def test_the_default_salt_warns_loudly_and_can_be_refused(tmp_path: Path) -> None:
    select = ["compile", "--select", "fct_dark_social_sessions"]
    warned = run_dbt(select, tmp_path / "db.duckdb", extra_env={"DARK_SOCIAL_CLIENT_ID_SALT": "dark_social"})
    assert warned.returncode == 0, warned.output[-3000:]
    assert "THE CLIENT-ID SALT IS THE PUBLISHED DEFAULT" in warned.output
    refused = run_dbt(
        select,
        tmp_path / "db.duckdb",
        {"dark_social__default_salt_severity": "error"},
        extra_env={"DARK_SOCIAL_CLIENT_ID_SALT": "dark_social"},
    )
    assert refused.returncode != 0
    assert "THE CLIENT-ID SALT IS THE PUBLISHED DEFAULT" in refused.output
    assert "DARK_SOCIAL_CLIENT_ID_SALT" in refused.output


def test_only_the_value_and_currency_of_event_data_are_read(database: Path) -> None:
    """Valid value and currency count; an unreadable value, another currency, broken JSON do not add up."""
    with connect(database) as connection:
        values = dict(
            connection.execute(
                "select hit_id, struct_pack(event_value, event_currency) "
                "from int_dark_social_hits__validated where hit_id like 'pii_%' and event_name = 'purchase'"
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
