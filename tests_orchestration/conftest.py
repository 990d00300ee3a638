"""Orchestration tests (`make test-orchestration`): the package run by Dagster and by Airflow.

Each builds the project once on a small set of generated hits, as the scheduler would: plain
`dbt build` then `dark-social gate`, into a throw-away DuckDB file.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dark_social import MARTS
from dark_social.warehouse import connect

#: Where dbt-duckdb puts the package's relations with the example profile (schema `main`).
PACKAGE_SCHEMA = "main_dark_social"


@pytest.fixture(scope="session", autouse=True)
def profiles_yml() -> None:
    """dbt reads PROJECT_DIR/profiles.yml; a fresh clone only has the example."""
    from dark_social.cli import ensure_profiles

    ensure_profiles()


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """10k generated hits over 3 days and the generator's summary."""
    from dark_social.generator import generate

    out = tmp_path_factory.mktemp("generated")
    generate(out, hits=10_000, seed=11, days=3)
    return out, json.loads((out / "summary.json").read_text())


def last_day(summary: dict) -> dt.date:
    """The generator's last day: the demo data is judged fresh as of its own last day."""
    return dt.date.fromisoformat(str(summary["start"])[:10]) + dt.timedelta(days=int(summary["days"]) - 1)


def assert_marts_built(database: Path) -> dict[str, int]:
    """Every mart is a table in the package schema with rows; the daily mart adds up to the sessions."""
    with connect(database) as connection:
        tables = dict(
            connection.execute(
                "select table_name, table_type from information_schema.tables where table_schema = ?",
                [PACKAGE_SCHEMA],
            ).fetchall()
        )
        counts = {}
        for mart in MARTS:
            assert tables.get(mart) == "BASE TABLE", f"{mart} is not a table in {PACKAGE_SCHEMA}: {tables}"
            counts[mart] = connection.execute(f"select count(*) from {PACKAGE_SCHEMA}.{mart}").fetchone()[0]
        sessions = connection.execute(
            f"select sum(sessions) from {PACKAGE_SCHEMA}.fct_dark_social_daily"
        ).fetchone()[0]
    for mart in ("fct_dark_social_sessions", "fct_dark_social_daily", "dim_dark_social_settings"):
        assert counts[mart] > 0, f"{mart} is empty: {counts}"
    assert sessions == counts["fct_dark_social_sessions"], (sessions, counts)
    return counts
