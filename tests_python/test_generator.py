"""Tests of the demo data generator: determinism, schema, exact totals and the truth it records."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from dark_social.generator import GenerationSummary, generate

EXPECTED_HITS_SCHEMA = pa.schema(
    [
        ("hit_id", pa.string()),
        ("hit_at", pa.timestamp("us")),
        ("client_id", pa.string()),
        ("page_url", pa.string()),
        ("referrer_url", pa.string()),
        ("user_agent", pa.string()),
        ("event_name", pa.string()),
        ("event_value", pa.float64()),
        ("event_currency", pa.string()),
    ]
)
EXPECTED_TRUTH_SCHEMA = pa.schema(
    [
        ("visit_id", pa.string()),
        ("client_id", pa.string()),
        ("landing_hit_id", pa.string()),
        ("started_at", pa.timestamp("us")),
        ("hit_count", pa.int64()),
        ("true_origin", pa.string()),
        ("is_dark_social", pa.bool_()),
        ("dark_social_app", pa.string()),
        ("dark_social_evidence", pa.string()),
        ("is_bot", pa.bool_()),
        ("landing_path", pa.string()),
    ]
)
ALL_ORIGINS = {
    "organic_search",
    "paid_search",
    "organic_social",
    "hidden_social",
    "paid_social",
    "email",
    "referral",
    "campaign",
    "tracked_messaging",
    "dark_social",
    "messaging_web",
    "search_app",
    "messaging_app_referrer",
    "direct",
    "dark_search",
    "bot",
    "link_preview",
    "returning_direct",
}
# Hits a consumer keeps: valid rows, first copy of each hit_id.
CLEAN_HITS = """
    select * from hits
    where hit_at is not null and client_id is not null and client_id <> '' and page_url like 'http%'
    qualify row_number() over (partition by hit_id order by hit_at) = 1
"""
# Sessions under a 30-minute inactivity rule and nothing else.
SESSIONS = f"""
    with clean as ({CLEAN_HITS}),
    flagged as (
        select
            *,
            coalesce(hit_at - lag(hit_at) over (partition by client_id order by hit_at)
                > interval 30 minute, true) as starts_session
        from clean
    ),
    numbered as (
        select *, sum(starts_session::int) over (partition by client_id order by hit_at) as session_number
        from flagged
    )
    select
        client_id,
        min(hit_at) as started_at,
        count(*) as hit_count,
        arg_min(hit_id, hit_at) as landing_hit_id
    from numbered
    group by client_id, session_number
"""


def read(directory: Path, folder: str) -> pa.Table:
    return pq.read_table(directory / folder)


def query(directory: Path, sql: str) -> tuple:
    """The one row `sql` returns, with the generated files as tables `hits` and `truth`."""
    connection = duckdb.connect()
    connection.register("hits", read(directory, "hits"))
    connection.register("truth", read(directory, "truth"))
    rows = connection.sql(sql).fetchall()
    assert len(rows) == 1
    return rows[0]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenerationSummary]:
    directory = tmp_path_factory.mktemp("demo")
    return directory, generate(directory, hits=20_000, seed=42)


def test_same_arguments_give_byte_identical_files(tmp_path: Path) -> None:
    first = generate(tmp_path / "first", hits=5_000, seed=7)
    second = generate(tmp_path / "second", hits=5_000, seed=7)
    assert first == second
    for name in [*first.files, "summary.json"]:
        assert (tmp_path / "first" / name).read_bytes() == (tmp_path / "second" / name).read_bytes(), name


def test_another_seed_gives_other_data(tmp_path: Path) -> None:
    generate(tmp_path / "a", hits=5_000, seed=1)
    generate(tmp_path / "b", hits=5_000, seed=2)
    assert not read(tmp_path / "a", "hits").equals(read(tmp_path / "b", "hits"))


def test_schemas_are_exact(demo: tuple[Path, GenerationSummary]) -> None:
    directory, summary = demo
    for name in summary.files:
        expected = EXPECTED_HITS_SCHEMA if name.startswith("hits/") else EXPECTED_TRUTH_SCHEMA
        assert pq.read_schema(directory / name).remove_metadata() == expected, name


def test_files_and_summary(demo: tuple[Path, GenerationSummary]) -> None:
    directory, summary = demo
    assert summary.files == ["hits/part-00000.parquet", "truth/visits-00000.parquet"]
    written = json.loads((directory / "summary.json").read_text())
    assert written == summary.to_dict()
    assert written["expected_sessions"] == summary.visits == summary.human_visits + summary.bot_visits
    assert sum(written["visits_by_origin"].values()) == summary.visits


def test_totals_are_exact(demo: tuple[Path, GenerationSummary]) -> None:
    directory, summary = demo
    hits, truth = read(directory, "hits"), read(directory, "truth")
    assert hits.num_rows == summary.hits_written == 20_000
    assert summary.duplicate_rows > 0 and summary.malformed_rows > 0
    assert len(set(hits.column("hit_id").to_pylist())) == summary.hits_written - summary.duplicate_rows
    assert truth.num_rows == summary.visits
    clean_hits = summary.hits_written - summary.duplicate_rows - summary.malformed_rows
    assert sum(truth.column("hit_count").to_pylist()) == clean_hits
    assert sum(truth.column("is_bot").to_pylist()) == summary.bot_visits


def test_dirty_rows_are_what_the_summary_says(demo: tuple[Path, GenerationSummary]) -> None:
    directory, summary = demo
    (exact_copies,) = query(
        directory, "select count(*) - count(distinct hit_id) from (select distinct * from hits)"
    )
    (duplicated,) = query(directory, "select count(*) - count(distinct hit_id) from hits")
    assert exact_copies == 0  # every duplicate is identical to its original
    assert duplicated == summary.duplicate_rows
    (malformed,) = query(
        directory,
        "select count(*) from hits where hit_at is null or client_id is null or client_id = '' "
        "or page_url is null or page_url not like 'http%'",
    )
    assert malformed == summary.malformed_rows
    (orphans,) = query(
        directory,
        f"select count(*) from truth where landing_hit_id not in (select hit_id from ({CLEAN_HITS}))",
    )
    assert orphans == 0


def test_expected_sessions_match_a_30_minute_rule(demo: tuple[Path, GenerationSummary]) -> None:
    directory, summary = demo
    (sessions,) = query(directory, f"select count(*) from ({SESSIONS})")
    assert sessions == summary.to_dict()["expected_sessions"]


def test_every_session_is_exactly_one_truth_visit(demo: tuple[Path, GenerationSummary]) -> None:
    directory, summary = demo
    matched, same_count, same_landing = query(
        directory,
        f"""
            select count(*), count(*) filter (s.hit_count = t.hit_count),
                count(*) filter (s.landing_hit_id = t.landing_hit_id)
            from ({SESSIONS}) as s
            join truth as t on t.client_id = s.client_id and t.started_at = s.started_at
            """,
    )
    assert matched == same_count == same_landing == summary.visits


def test_every_origin_appears(demo: tuple[Path, GenerationSummary]) -> None:
    directory, summary = demo
    assert set(read(directory, "truth").column("true_origin").to_pylist()) == ALL_ORIGINS
    assert {name for name, count in summary.visits_by_origin.items() if count > 0} == ALL_ORIGINS


IN_APP_TOKENS = (
    "WAiOS/|WA4A/|MessengerForiOS|FB_IAB/MESSENGER|MicroMessenger/|Line/|KAKAOTALK|Telegram-Android/"
)
SHARE_FRAGMENT = "#\\.[A-Za-z0-9_-]{11}(\\.whatsapp)?$|#sthash\\.[A-Za-z0-9]{8}\\.dpuf$"
SHARE_TAGS = "utm_source=(whatsapp|messenger|telegram|sms|email|slack)&utm_medium=(social|share)"


# One row per rule: the landing hits (t = truth, h = hit) that would break it.
@pytest.mark.parametrize(
    "violation",
    [
        pytest.param("t.is_dark_social and h.referrer_url is not null", id="dark social has no referrer"),
        pytest.param(
            "t.is_dark_social and regexp_matches(h.page_url, '[?&](utm_|gclid|fbclid)')",
            id="dark social has no tags",
        ),
        pytest.param(
            "t.is_dark_social and t.landing_path in ('/', '/blog', '/products')", id="dark social lands deep"
        ),
        pytest.param(
            f"t.dark_social_evidence = 'in_app_browser' "
            f"and not regexp_matches(h.user_agent, '{IN_APP_TOKENS}')",
            id="in-app evidence has an in-app user agent",
        ),
        pytest.param(
            f"t.dark_social_evidence = 'share_fragment' "
            f"and not regexp_matches(h.page_url, '{SHARE_FRAGMENT}')",
            id="share-fragment evidence has a fragment",
        ),
        pytest.param(
            "t.dark_social_evidence = 'deep_link' and h.page_url like '%#%'", id="deep links have no fragment"
        ),
        pytest.param(
            "not t.is_dark_social and t.dark_social_app is not null", id="only dark social has an app"
        ),
        pytest.param("t.is_bot and h.referrer_url is not null", id="bots send no referrer"),
        pytest.param(
            "t.true_origin = 'paid_search' and not regexp_matches(h.page_url, 'gclid=|gbraid=|msclkid=')",
            id="paid search has a click id",
        ),
        pytest.param(
            f"t.true_origin = 'tracked_messaging' and not regexp_matches(h.page_url, '{SHARE_TAGS}')",
            id="tracked messaging names the app",
        ),
        pytest.param(
            "t.true_origin = 'search_app' "
            "and h.referrer_url <> 'android-app://com.google.android.googlequicksearchbox/'",
            id="search app has its android referrer",
        ),
        pytest.param("h.event_name <> 'page_view'", id="first hit is a page view"),
    ],
)
def test_landing_hits_carry_their_origin_signals(
    demo: tuple[Path, GenerationSummary], violation: str
) -> None:
    directory, _ = demo
    (violations,) = query(
        directory,
        f"select count(*) from truth as t join ({CLEAN_HITS}) as h on h.hit_id = t.landing_hit_id "
        f"where {violation}",
    )
    assert violations == 0


def test_some_dark_social_visits_follow_a_preview_of_the_same_url(
    demo: tuple[Path, GenerationSummary],
) -> None:
    directory, _ = demo
    (followed,) = query(
        directory,
        f"""
            with clean as ({CLEAN_HITS}),
            landings as (
                select t.started_at, split_part(h.page_url, '#', 1) as url
                from truth as t join clean as h on h.hit_id = t.landing_hit_id
                where t.true_origin = 'dark_social'
            ),
            previews as (
                select t.started_at, h.page_url as url
                from truth as t join clean as h on h.hit_id = t.landing_hit_id
                where t.true_origin = 'link_preview'
            )
            select count(distinct l.started_at) from landings as l join previews as p on p.url = l.url
                and p.started_at between l.started_at - interval 5 minute and l.started_at
            """,
    )
    assert followed > 100


def test_chunk_size_changes_files_not_rows(tmp_path: Path) -> None:
    whole = generate(tmp_path / "whole", hits=60_000, seed=3)
    parts = generate(tmp_path / "parts", hits=60_000, seed=3, chunk_hits=25_000)
    assert len([name for name in parts.files if name.startswith("hits/")]) == 3
    assert [pq.read_metadata(tmp_path / "parts" / name).num_rows for name in parts.files[:3]] == [
        25_000,
        25_000,
        10_000,
    ]
    assert parts.hits_written == whole.hits_written == 60_000
    assert (parts.visits, parts.duplicate_rows, parts.malformed_rows) == (
        whole.visits,
        whole.duplicate_rows,
        whole.malformed_rows,
    )
    for folder in ("hits", "truth"):
        assert read(tmp_path / "parts", folder).equals(read(tmp_path / "whole", folder)), folder


def test_rerun_replaces_earlier_files(tmp_path: Path) -> None:
    generate(tmp_path, hits=6_000, seed=1, chunk_hits=2_000)
    summary = generate(tmp_path, hits=1_500, seed=1, days=2, start=date(2024, 2, 28))
    assert sorted(path.name for path in (tmp_path / "hits").iterdir()) == ["part-00000.parquet"]
    hit_at = read(tmp_path, "hits").column("hit_at").to_pylist()
    assert len(hit_at) == summary.hits_written == 1_500
    assert min(filter(None, hit_at)).date() >= date(2024, 2, 28)
    assert max(filter(None, hit_at)).date() <= date(2024, 2, 29)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"hits": 0}, "hits must be at least 1"),
        ({"hits": 10, "days": 0}, "days must be at least 1"),
        ({"hits": 10, "chunk_hits": 0}, "chunk_hits must be at least 1"),
        ({"hits": 10, "seed": -1}, "seed must be zero or positive"),
    ],
)
def test_bad_arguments_are_refused(tmp_path: Path, arguments: dict[str, int], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        generate(tmp_path, **arguments)
