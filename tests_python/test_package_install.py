"""dark_social installs into another dbt project as a package and builds there."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from conftest import run_dbt
from dark_social import PROJECT_DIR

pytestmark = pytest.mark.slow

INTEGRATION_PROJECT = PROJECT_DIR / "integration_tests"


def test_package_builds_inside_another_project(generated: tuple[Path, dict], tmp_path: Path) -> None:
    raw_dir, summary = generated
    database = tmp_path / "integration.duckdb"
    env = {"DARK_SOCIAL_RAW_DIR": raw_dir.as_posix()}

    deps = run_dbt(["deps"], database, project_dir=INTEGRATION_PROJECT, extra_env=env)
    assert deps.returncode == 0, deps.output
    build = run_dbt(["build"], database, project_dir=INTEGRATION_PROJECT, extra_env=env)
    assert build.returncode == 0, build.output[-5000:]

    with duckdb.connect(str(database), read_only=True) as connection:
        sessions = connection.execute("select count(*) from int_sessions__aggregated").fetchone()[0]
        per_day = connection.execute("select sum(sessions) from sessions_per_day").fetchone()[0]
        devices = connection.execute("select distinct device_category from fct_sessions").fetchall()
    # The root project's vars reach the package (reporting time zone), and the counts hold.
    assert sessions == summary["expected_sessions"]
    assert per_day == sessions
    # a rule overridden through dispatch in the installing project replaces the package's
    assert devices == [("desktop",)]
    # the simple-URL macro ran on the project's own model and its singular test passed
    assert "PASS simple_urls_as_expected" in build.output
