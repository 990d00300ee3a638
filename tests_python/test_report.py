"""`dark-social report`, tested as a person sees it: headless Chromium, network off, no script.

The demo warehouse is the session's `built` fixture; the hostile, empty and 0.2-shaped warehouses
are copies of it, edited in SQL (no extra dbt build). Screenshots are saved in test-artifacts/
(DARK_SOCIAL_TEST_ARTIFACTS to put them elsewhere).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dark_social import PROJECT_DIR
from dark_social.profiles import warehouse_from_profile
from dark_social.quality import GateResult, store_result
from dark_social.report import (
    LABEL_CHARS,
    NEEDS_VALUE_MARTS,
    Report,
    ReportError,
    build_report,
    open_duckdb,
    open_target,
)
from dark_social.warehouse import connect, package_schema

pytestmark = pytest.mark.slow  # reads the session's built warehouse

ARTIFACTS = Path(os.environ.get("DARK_SOCIAL_TEST_ARTIFACTS", PROJECT_DIR / "test-artifacts"))
CHARTS = [
    "trend",
    "trend_ratio",
    "channels",
    "pages",
    "apps",
    "devices",
    "campaigns",
    "value",
    "evidence",
    "previews",
    "quality",
]
SCRIPT_URL = "/p?q=<script>alert(1)</script>"
ATTRIBUTE_URL = '/q"onmouseover=alert(2) x="'
RTL_URL = "/\u202egpj.exe\u202c-invoice"
LONG_URL = "/long/" + "a" * 1994
HOSTILE_APP = "<img src=x onerror=alert(3)>"
HOSTILE_CAMPAIGN = '"><script>alert(4)</script>'
HOSTILE_PREVIEW_APP = "<svg onload=alert(5)>"
HOSTILE_TEXTS = [SCRIPT_URL, ATTRIBUTE_URL, HOSTILE_APP, HOSTILE_CAMPAIGN]


def render(database: Path, out: Path, **options: object) -> Report:
    warehouse = open_duckdb(database)
    try:
        return build_report(warehouse, out=out, **options)
    finally:
        warehouse.close()


def copy_warehouse(database: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    copy = folder / "dark_social.duckdb"
    shutil.copyfile(database, copy)
    return copy


# ---------------------------------------------------------------------------------- warehouses


@pytest.fixture(scope="session")
def demo_db(built: tuple[Path, dict]) -> Path:
    return built[0]


@pytest.fixture(scope="session")
def hostile_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo marts with the top pages, an app, a campaign and a preview app renamed to attacks."""
    database = copy_warehouse(demo_db, tmp_path_factory.mktemp("hostile"))
    with connect(database, read_only=False) as connection:
        pages = connection.execute(
            "select landing_path from fct_dark_social_pages_daily group by landing_path "
            "order by sum(dark_social_sessions) desc, landing_path limit 4"
        ).fetchall()
        for (old,), new in zip(pages, [SCRIPT_URL, ATTRIBUTE_URL, RTL_URL, LONG_URL], strict=True):
            for table in ("fct_dark_social_pages_daily", "fct_dark_social_sessions"):
                connection.execute(f"update {table} set landing_path = ? where landing_path = ?", [new, old])
            connection.execute(
                "update fct_dark_social_link_previews_daily set page_path = ? where page_path = ?", [new, old]
            )
        app = connection.execute(
            "select dark_social_app from fct_dark_social_sessions where dark_social_app is not null "
            "group by dark_social_app order by count(*) desc limit 1"
        ).fetchone()[0]
        connection.execute(
            "update fct_dark_social_sessions set dark_social_app = ? where dark_social_app = ?",
            [HOSTILE_APP, app],
        )
        # the apps mart of a 0.2 build holds the same name
        if connection.execute(
            "select count(*) from information_schema.tables where table_name = 'fct_dark_social_apps_daily'"
        ).fetchone()[0]:
            connection.execute(
                "update fct_dark_social_apps_daily set dark_social_app = ? where dark_social_app = ?",
                [HOSTILE_APP, app],
            )
        campaign = connection.execute(
            "select campaign from fct_dark_social_sessions where is_dark_social and "
            "campaign_attribution <> 'none' "
            "group by campaign order by count(*) desc limit 1"
        ).fetchone()[0]
        connection.execute(
            "update fct_dark_social_sessions set campaign = ? where campaign = ?",
            [HOSTILE_CAMPAIGN, campaign],
        )
        preview_app = connection.execute(
            "select app from fct_dark_social_link_previews_daily group by app order by sum(fetches) "
            "desc limit 1"
        ).fetchone()[0]
        connection.execute(
            "update fct_dark_social_link_previews_daily set app = ? where app = ?",
            [HOSTILE_PREVIEW_APP, preview_app],
        )
    return database


@pytest.fixture(scope="session")
def empty_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build with no data yet: every mart there, every mart empty."""
    database = copy_warehouse(demo_db, tmp_path_factory.mktemp("empty"))
    with connect(database, read_only=False) as connection:
        for schema, table in connection.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_type = 'BASE TABLE' and table_name like 'fct_dark_social_%'"
        ).fetchall():
            connection.execute(f'delete from "{schema}"."{table}"')
    return database


@pytest.fixture(scope="session")
def value_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo marts with the value columns dark_social 0.2 adds (fixed values, to see them read)."""
    database = copy_warehouse(demo_db, tmp_path_factory.mktemp("value"))
    with connect(database, read_only=False) as connection:
        for column, expression in (
            ("conversions", "direct_sessions"),
            ("dark_social_conversions", "dark_social_sessions_high"),
            ("revenue", "10.0 * direct_sessions"),
            ("dark_social_revenue", "10.0 * dark_social_sessions_high"),
        ):
            # a 0.2 build has them already: replaced by the fixed values
            connection.execute(f"alter table fct_dark_social_daily drop column if exists {column}")
            connection.execute(f"alter table fct_dark_social_daily add column {column} double")
            connection.execute(f"update fct_dark_social_daily set {column} = {expression}")
        schema = package_schema(connection)
        dark_or_channel = "case when is_dark_social then 'Dark social' else channel end"
        connection.execute(f'drop table if exists "{schema}".fct_dark_social_channels_daily')
        connection.execute(
            f'create table "{schema}".fct_dark_social_channels_daily as select session_date, '
            f"{dark_or_channel} as channel_group, count(*) as sessions, "
            "sum(case when page_view_count > 1 then 1 else 0 end) as engaged_sessions, "
            "sum(case when dark_social_confidence = 'high' then 1 else 0 end) as conversions, "
            "10.0 * sum(case when dark_social_confidence = 'high' then 1 else 0 end) as revenue "
            f"from fct_dark_social_sessions group by session_date, {dark_or_channel}"
        )
        connection.execute(f'drop table if exists "{schema}".fct_dark_social_apps_daily')
        connection.execute(
            f'create table "{schema}".fct_dark_social_apps_daily as select session_date, dark_social_app, '
            "dark_social_signal, dark_social_confidence, count(*) as sessions from fct_dark_social_sessions "
            "where is_dark_social group by all"
        )
        connection.execute(f'drop table if exists "{schema}".fct_dark_social_devices_daily')
        connection.execute(
            f'create table "{schema}".fct_dark_social_devices_daily as select session_date, device_category, '
            "count(*) as sessions, sum(case when is_direct then 1 else 0 end) as direct_sessions, "
            "sum(case when is_dark_social then 1 else 0 end) as dark_social_sessions "
            "from fct_dark_social_sessions group by all"
        )
        connection.execute("alter table fct_dark_social_sessions drop column if exists conversions")
        connection.execute("alter table fct_dark_social_sessions add column conversions bigint")
        connection.execute(
            "update fct_dark_social_sessions set conversions = case when dark_social_confidence = "
            "'high' then 1 else 0 end"
        )
    return database


# ---------------------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from browser import Browser, chromium_path

    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "headless Chromium is absent and dev/ensure_chromium.sh could not install it "
            "(needs root or sudo and Debian's apt-get): the report's browser tests did not run"
        )
    instance = Browser(executable)
    yield instance
    instance.close()


CHART_STATE = """JSON.stringify({
  charts: [...document.querySelectorAll('[data-chart]')].map(figure => {
    const svg = figure.querySelector('svg');
    return {id: figure.dataset.chart, svg: !!svg, elements: svg ? svg.querySelectorAll('*').length : 0,
            marks: svg ? svg.querySelectorAll('path, rect, line, text').length : 0,
            width: svg ? svg.getBoundingClientRect().width : 0,
            height: svg ? svg.getBoundingClientRect().height : 0};
  }),
  svgs: document.querySelectorAll('svg').length,
  scripts: document.querySelectorAll('script').length,
  handlers: [...document.querySelectorAll('*')]
    .filter(e => [...e.attributes].some(a => a.name.startsWith('on'))).length,
  images: document.querySelectorAll('img, iframe, object, embed').length,
  text: document.body.innerText,
  content: document.body.textContent,
  titles: [...document.querySelectorAll('[title]')].map(e => e.getAttribute('title')),
  svgTexts: [...document.querySelectorAll('svg text')].map(e => e.textContent),
})"""


def look(browser: object, report: Report, name: str) -> dict:
    """Open the report with the network off; the DOM's state, and a full-page screenshot saved."""
    from browser import Page

    page = Page(browser, report.html_path)
    state = json.loads(page.evaluate(CHART_STATE))
    state["dialogs"] = page.dialogs
    state["requests"] = page.requested_urls
    state["screenshot"] = page.screenshot(ARTIFACTS / f"report_{name}.png")
    return state


def assert_static(state: dict) -> None:
    assert state["dialogs"] == [], f"a script ran: {state['dialogs']}"
    assert state["scripts"] == 0 and state["handlers"] == 0 and state["images"] == 0
    assert all(url.startswith("file:") for url in state["requests"]), state["requests"]
    assert state["screenshot"].stat().st_size > 10_000


# ---------------------------------------------------------------------------------- tests


def test_the_browser_harness_sees_a_script_run(browser: object, tmp_path: Path) -> None:
    """The checks below can fail: a page that does run a script is caught."""
    from browser import Page

    page_path = tmp_path / "scripted.html"
    page_path.write_text(
        "<html><body><script>alert('ran')</script><img src='https://example.com/x.png'></body></html>"
    )
    page = Page(browser, page_path)
    assert page.dialogs == ["ran"]
    assert json.loads(page.evaluate(CHART_STATE))["scripts"] == 1


def test_demo_report_in_the_browser(demo_db: Path, browser: object, tmp_path: Path) -> None:
    report = render(demo_db, tmp_path / "report.html")
    assert not report.empty
    state = look(browser, report, "demo")
    assert_static(state)
    assert [chart["id"] for chart in state["charts"]] == CHARTS
    for chart in state["charts"]:
        assert chart["svg"] and chart["marks"] > 5 and chart["width"] > 100 and chart["height"] > 40, chart
    assert state["svgs"] == len(CHARTS)
    for chart_id in CHARTS:
        png = tmp_path / "charts" / f"{chart_id}.png"
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 2_000, chart_id
    # this build has the value columns and the channel, app and device marts: no "not yet" note
    assert "not in this warehouse's marts yet" not in state["text"]

    # the headline is the mart's figure, for the last 28 days with data
    with connect(demo_db) as connection:
        last, dark, direct = connection.execute(
            "select max(session_date), null, null from fct_dark_social_daily where sessions > 0"
        ).fetchone()
        dark, direct = connection.execute(
            "select sum(dark_social_sessions), sum(direct_sessions) from fct_dark_social_daily "
            "where session_date between ? and ?",
            [last - dt.timedelta(days=27), last],
        ).fetchone()
    assert report.data["headline"]["dark_social_sessions"] == dark
    assert report.data["period"] == [(last - dt.timedelta(days=27)).isoformat(), last.isoformat()]
    assert f"{dark:,.0f} of {direct:,.0f} sessions" in state["text"]


def test_hostile_rows_are_text_never_markup(hostile_db: Path, browser: object, tmp_path: Path) -> None:
    report = render(hostile_db, tmp_path / "report.html")
    source = report.html_path.read_text()
    state = look(browser, report, "hostile")
    assert_static(state)
    assert state["svgs"] == len(CHARTS)
    for text in HOSTILE_TEXTS:
        assert text in state["text"], text  # shown, literally
        if "<" in text:
            assert text not in source  # never raw markup in the file (quotes in text content are text)
    assert HOSTILE_PREVIEW_APP[:24] in " ".join(state["svgTexts"])
    assert RTL_URL in state["content"]
    assert LONG_URL in state["titles"]  # truncated in the cell, whole in its tooltip
    assert LONG_URL not in state["text"]
    assert all(len(text) <= LABEL_CHARS + 8 for text in state["svgTexts"])


def test_empty_warehouse_gives_a_no_data_page(empty_db: Path, browser: object, tmp_path: Path) -> None:
    report = render(empty_db, tmp_path / "report.html")
    assert report.empty and report.charts == []
    state = look(browser, report, "empty")
    assert_static(state)
    assert "No data yet" in state["text"] and "no sessions yet" in state["text"]
    assert state["charts"] == []


def test_a_database_without_a_build_gives_a_no_data_page(tmp_path: Path) -> None:
    database = tmp_path / "new.duckdb"
    duckdb.connect(str(database)).close()
    report = render(database, tmp_path / "report.html")
    assert report.empty
    assert "No build of dark_social" in report.html_path.read_text()


def test_a_site_without_data_gives_a_no_data_page(demo_db: Path, tmp_path: Path) -> None:
    report = render(demo_db, tmp_path / "report.html", host="no-such-site.example")
    assert report.empty
    assert "for the site no-such-site.example" in report.html_path.read_text()


def test_one_site_of_multi_site_data(demo_db: Path, tmp_path: Path) -> None:
    with connect(demo_db) as connection:
        host = connection.execute(
            "select landing_host from fct_dark_social_pages_daily group by landing_host order by "
            "sum(sessions) desc"
        ).fetchall()[0][0]
        whole = connection.execute("select sum(dark_social_sessions) from fct_dark_social_daily").fetchone()[
            0
        ]
        site = connection.execute(
            "select sum(dark_social_sessions) from fct_dark_social_pages_daily where landing_host = ?", [host]
        ).fetchone()[0]
    report = render(demo_db, tmp_path / "report.html", host=host, days=400)
    assert report.data["headline"]["dark_social_sessions"] == site
    assert site <= whole
    assert all(page_host == host for page_host, _, _ in report.data["pages"])


def test_value_columns_are_read_when_the_marts_have_them(
    demo_db: Path, value_db: Path, tmp_path: Path
) -> None:
    """dark_social 0.2's columns and marts (here built by hand from the sessions) are read when there."""
    report = render(value_db, tmp_path / "report.html")
    text = report.html_path.read_text()
    assert "Conversions from dark social" in text and "Revenue from dark social" in text
    assert "conversion rate" in text and "engaged rate" in text
    assert "From fct_dark_social_channels_daily." in text
    assert "From fct_dark_social_apps_daily and fct_dark_social_devices_daily." in text
    assert "From fct_dark_social_apps_daily." in text  # the evidence
    assert [chart.chart_id for chart in report.charts] == CHARTS
    # the same figures, whichever relation they come from
    before = render(demo_db, tmp_path / "before.html")
    assert report.data["headline"] == before.data["headline"]
    assert f"Conversions and revenue: {NEEDS_VALUE_MARTS}" not in text


def test_the_gate_result_is_shown_for_its_own_warehouse(demo_db: Path, tmp_path: Path) -> None:
    result_file = tmp_path / "gate_result.json"
    store_result(GateResult(evaluated=7, failures=[]), demo_db, dt.date(2025, 1, 7), result_file)
    text = render(demo_db, tmp_path / "report.html", gate_result=result_file).html_path.read_text()
    assert "Quality gate passed: 7 expectations" in text
    store_result(
        GateResult(evaluated=7, failures=["FAILED x"]),
        tmp_path / "other.duckdb",
        dt.date(2025, 1, 7),
        result_file,
    )
    text = render(demo_db, tmp_path / "report.html", gate_result=result_file).html_path.read_text()
    assert "not run on this warehouse yet" in text
    text = render(
        demo_db, tmp_path / "report.html", gate_result=tmp_path / "absent.json"
    ).html_path.read_text()
    assert "Quality gate: not run yet" in text


def test_the_target_comes_from_the_profile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copyfile(PROJECT_DIR / "profiles.example.yml", tmp_path / "profiles.yml")
    monkeypatch.setenv("DARK_SOCIAL_DUCKDB_PATH", str(tmp_path / "x.duckdb"))
    monkeypatch.setenv("DARK_SOCIAL_PG_SCHEMA", "reporting")
    duckdb = warehouse_from_profile(PROJECT_DIR, tmp_path)
    assert duckdb.adapter == "duckdb" and duckdb.settings["path"] == str(tmp_path / "x.duckdb")
    postgres = warehouse_from_profile(PROJECT_DIR, tmp_path, target="postgres")
    assert postgres.adapter == "postgres" and postgres.target_schema == "reporting"
    assert postgres.settings["port"] == 5432
    # and the report opens that target, as the gate does (here: no file yet, said in one line)
    with pytest.raises(ReportError, match="no DuckDB file at"):
        open_target(tmp_path, project_dir=PROJECT_DIR)


def test_a_site_without_dark_social_says_so(demo_db: Path, browser: object, tmp_path: Path) -> None:
    database = copy_warehouse(demo_db, tmp_path / "no_dark")
    with connect(database, read_only=False) as connection:
        connection.execute(
            "update fct_dark_social_pages_daily set dark_social_sessions = 0, dark_social_sessions_high = 0, "
            "dark_social_sessions_medium = 0"
        )
        connection.execute(
            "update fct_dark_social_sessions set is_dark_social = false, dark_social_signal = null, "
            "dark_social_confidence = null, dark_social_app = null"
        )
        host = connection.execute("select max(landing_host) from fct_dark_social_pages_daily").fetchone()[0]
    report = render(database, tmp_path / "report.html", host=host)
    assert not report.empty and report.data["headline"]["dark_social_sessions"] == 0
    state = look(browser, report, "no_dark_social")
    assert_static(state)
    assert "No page drew dark social sessions in this period." in state["text"]
    assert "No dark social sessions in this period." in state["text"]
    for chart in state["charts"]:
        assert chart["svg"] and chart["marks"] > 5, chart
