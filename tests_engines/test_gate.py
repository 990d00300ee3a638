"""The quality gate on PostgreSQL: the warehouse taken from the dbt profile and target, and the
same verdicts as on DuckDB for the same fixture (every expectation evaluated in SQL on each)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dark_social import PROJECT_DIR
from dark_social.profiles import warehouse_from_profile
from dark_social.quality import run_gate
from engines import Engine
from gx_reference import gate_verdicts

pytestmark = pytest.mark.slow

GATE = str(Path(sys.executable).with_name("dark-social"))


def last_day(engine: Engine) -> dt.date:
    days = engine.read("fct_dark_social_daily").column("session_date").to_pylist()
    return max(day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10]) for day in days)


def verdicts(engine: Engine, as_of: dt.date) -> list[tuple]:
    env = engine.env()
    previous = {key: os.environ.get(key) for key in env}
    os.environ.update(env)  # the profile's env_var() calls read the engine's settings
    try:
        warehouse = warehouse_from_profile(PROJECT_DIR, engine.folder, target=engine.name)
        return gate_verdicts(run_gate(warehouse, as_of=as_of).outcomes)
    finally:
        for key, value in previous.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_the_gate_gives_the_same_verdicts_on_postgres_and_duckdb(
    duckdb_build: Engine, postgres_build: Engine
) -> None:
    as_of = last_day(duckdb_build)
    assert last_day(postgres_build) == as_of
    on_duckdb = verdicts(duckdb_build, as_of)
    on_postgres = verdicts(postgres_build, as_of)
    # every expectation of every suite shipped with the package
    from dark_social.quality import SUITES_DIR, load_suite

    expected = sum(len(load_suite(path).expectations) for path in SUITES_DIR.glob("*.json"))
    assert len(on_postgres) == expected > 60
    assert on_postgres == on_duckdb
    assert all(verdict[3] for verdict in on_postgres)
    # and both move together when the marts are judged stale
    late = as_of + dt.timedelta(days=10)
    stale = [verdict for verdict in verdicts(postgres_build, late) if not verdict[3]]
    assert stale == [verdict for verdict in verdicts(duckdb_build, late) if not verdict[3]]
    assert {verdict[:3] for verdict in stale} >= {
        ("fct_dark_social_daily", "expect_column_max_to_be_between", "session_date"),
        ("fct_dark_social_sessions", "expect_column_max_to_be_between", "session_date"),
    }


def test_gate_command_on_the_postgres_target(postgres_build: Engine, tmp_path: Path) -> None:
    as_of = last_day(postgres_build)
    command = [GATE, "gate", "--project-dir", str(PROJECT_DIR), "--profiles-dir", str(postgres_build.folder)]
    command += ["--target", "postgres", "--docs-dir", str(tmp_path / "docs")]
    env = postgres_build.env()
    ran = subprocess.run([*command, "--as-of", as_of.isoformat()], env=env, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stdout + ran.stderr  # the hostile rows are quarantined, not in the marts
    assert f"schema {postgres_build.package_schema}" in ran.stdout
    stale = subprocess.run(
        [*command, "--as-of", (as_of + dt.timedelta(days=10)).isoformat()],
        env=env,
        capture_output=True,
        text=True,
    )
    assert stale.returncode == 1
    assert "FAILED fct_dark_social_sessions: expect_column_max_to_be_between on session_date" in stale.stdout
    unreachable = subprocess.run(
        [*command, "--as-of", as_of.isoformat()],
        env={**env, "DARK_SOCIAL_PG_PORT": "1"},
        capture_output=True,
        text=True,
    )
    assert unreachable.returncode == 3, unreachable.stdout + unreachable.stderr
    assert "cannot reach PostgreSQL" in unreachable.stderr
