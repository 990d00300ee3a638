"""The marts as BI tools see them: a second process opens the file read-only and queries each."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_dbt
from dark_social.cli import raw_hits_location
from dark_social.warehouse import connect

pytestmark = pytest.mark.slow

MARTS = [
    "fct_dark_social_sessions",
    "fct_dark_social_daily",
    "fct_dark_social_pages_daily",
    "fct_dark_social_campaigns_daily",
]

READ_ONLY_CLIENT = """
import json, sys, duckdb
from dark_social.warehouse import connect
connection = connect(sys.argv[1], read_only=True)
counts = {name: connection.execute(f"select count(*) from {name}").fetchall()[0][0] for name in sys.argv[2:]}
print(json.dumps(counts))
"""


def test_a_second_process_reads_every_mart_read_only(built: tuple[Path, dict]) -> None:
    database, _ = built
    completed = subprocess.run(
        [sys.executable, "-c", READ_ONLY_CLIENT, str(database), *MARTS],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    counts = json.loads(completed.stdout)
    assert all(counts[name] > 0 for name in MARTS), counts


def test_marts_reconcile_with_fct_sessions(built: tuple[Path, dict]) -> None:
    database, _ = built
    with connect(database) as connection:
        sessions, dark = connection.execute(
            "select count(*), count(*) filter (where is_dark_social) from fct_dark_social_sessions"
        ).fetchall()[0]
        for mart in MARTS[1:]:
            total, total_dark = connection.execute(
                f"select sum(sessions), sum(dark_social_sessions) from {mart}"
            ).fetchall()[0]
            assert (total, total_dark) == (sessions, dark), mart
        days = connection.execute(
            "select count(*), datediff('day', min(session_date), max(session_date)) + 1 "
            "from fct_dark_social_daily"
        ).fetchall()[0]
        assert days[0] == days[1] == 3


def test_no_personal_data_reaches_the_marts(built: tuple[Path, dict]) -> None:
    database, _ = built
    with connect(database) as connection:
        columns = {
            row[0]
            for row in connection.execute(
                "select column_name from information_schema.columns where table_name like 'fct_%'"
            ).fetchall()
        }
        leaked = connection.execute(
            "select count(*) from fct_dark_social_sessions as f "
            "inner join int_dark_social_sessions__aggregated as s on f.client_key = s.client_id"
        ).fetchall()[0][0]
        # raw landing URLs carry click ids and other parameters; the marts keep the allow-list only
        raw_with_other_parameters = connection.execute(
            "select count(*) from int_dark_social_sessions__aggregated where landing_query like '%clid=%'"
        ).fetchall()[0][0]
        parameters = {
            row[0]
            for row in connection.execute(
                "select distinct split_part(unnest(string_split(split_part(landing_page_url, '?', 2), '&')), "
                "'=', 1) from fct_dark_social_sessions"
            ).fetchall()
        }
    assert not columns & {"client_id", "user_id", "ip_address", "user_agent", "referrer_url"}
    assert leaked == 0
    assert raw_with_other_parameters > 0
    assert parameters - {""} <= {
        "utm_source",
        "utm_medium",
        "utm_campaign",
        "utm_term",
        "utm_content",
        "ref",
        "page",
    }


def test_analyses_compile_and_answer(built: tuple[Path, dict], generated: tuple[Path, dict]) -> None:
    database, _ = built
    raw_dir, _ = generated
    target = database.parent / "target-analyses"
    result = run_dbt(
        ["compile", "--select", "path:analyses"],
        database,
        {"dark_social__raw_hits_location": raw_hits_location(raw_dir)},
        extra_env={"DBT_TARGET_PATH": str(target)},
    )
    assert result.returncode == 0, result.output[-3000:]
    compiled = sorted((target / "compiled" / "dark_social" / "analyses").glob("*.sql"))
    assert len(compiled) == 3
    with connect(database) as connection:
        for path in compiled:
            assert connection.execute(path.read_text()).fetchall(), path.name


def test_docs_lineage_runs_from_raw_hits_to_every_mart(
    built: tuple[Path, dict], generated: tuple[Path, dict]
) -> None:
    database, _ = built
    raw_dir, _ = generated
    target = database.parent / "target-docs"
    result = run_dbt(
        ["docs", "generate"],
        database,
        {"dark_social__raw_hits_location": raw_hits_location(raw_dir)},
        extra_env={"DBT_TARGET_PATH": str(target)},
    )
    assert result.returncode == 0, result.output[-3000:]
    assert (target / "index.html").exists() and (target / "catalog.json").exists()
    manifest = json.loads((target / "manifest.json").read_text())
    children: dict[str, list[str]] = manifest["child_map"]
    reachable, frontier = set(), ["source.dark_social.dark_social.raw_hits"]
    while frontier:
        node = frontier.pop()
        for child in children.get(node, []):
            if child not in reachable:
                reachable.add(child)
                frontier.append(child)
    for mart in MARTS:
        assert f"model.dark_social.{mart}" in reachable
    assert {"exposure.dark_social.dark_social_overview"} <= reachable
