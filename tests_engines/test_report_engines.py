"""`dark-social report` from the PostgreSQL target of the engine matrix: the same figures as DuckDB's.

The engine fixture holds the hostile rows, so the page is also checked in headless Chromium
(network off, no script ran) when Chromium is there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dark_social.report import build_report, open_duckdb, open_target
from engines import Engine

pytestmark = pytest.mark.slow


def test_report_renders_from_the_postgres_target(
    duckdb_build: Engine, postgres_build: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the target as a user names it: the profile in the engine's folder, target postgres
    monkeypatch.setenv("DARK_SOCIAL_PG_SCHEMA", postgres_build.schema)
    warehouse = open_target(postgres_build.folder, "postgres")
    assert warehouse.adapter == "postgres" and warehouse.schema == postgres_build.package_schema
    try:
        postgres = build_report(warehouse, out=tmp_path / "postgres" / "report.html", days=3650)
    finally:
        warehouse.close()
    duckdb_warehouse = open_duckdb(duckdb_build.folder / "dark_social.duckdb")
    try:
        duckdb = build_report(duckdb_warehouse, out=tmp_path / "duckdb" / "report.html", days=3650)
    finally:
        duckdb_warehouse.close()

    assert not postgres.empty
    assert postgres.data["period"] == duckdb.data["period"]
    assert postgres.data["headline"] == duckdb.data["headline"]
    assert postgres.data["quality"]["reconciled"]
    # page texts may differ where PostgreSQL cannot hold a NUL; the counts may not
    page_counts = [count for _, _, count in duckdb.data["pages"]]
    assert [count for _, _, count in postgres.data["pages"]] == page_counts
    assert [chart.chart_id for chart in postgres.charts] == [chart.chart_id for chart in duckdb.charts]
    assert all(chart.svg and chart.png and chart.png.stat().st_size > 1000 for chart in postgres.charts)

    from browser import Browser, Page, chromium_path

    executable = chromium_path()
    if executable is None:
        pytest.skip("headless Chromium is absent and could not be installed: the page was not opened")
    browser = Browser(executable)
    try:
        page = Page(browser, postgres.html_path)
        state = json.loads(
            page.evaluate(
                "JSON.stringify({svgs: document.querySelectorAll('figure svg').length, "
                "scripts: document.querySelectorAll('script').length})"
            )
        )
        assert page.dialogs == []
        assert state == {"svgs": len(postgres.charts), "scripts": 0}
    finally:
        browser.close()
