"""dark_social installs into another dbt project as a package and builds there."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_dbt
from dark_social import PROJECT_DIR
from dark_social.warehouse import connect

pytestmark = pytest.mark.slow

INTEGRATION_PROJECT = PROJECT_DIR / "integration_tests"


def test_package_builds_inside_another_project(generated: tuple[Path, dict], tmp_path: Path) -> None:
    """The project has its own fct_sessions, time spine, semantic model and metric `sessions`
    (the package's names before they were namespaced): the package's refs, tests, exposures and
    semantic objects keep to its own, its tables land in its own schema, the project's vars and
    dispatch overrides reach it."""
    raw_dir, summary = generated
    database = tmp_path / "integration.duckdb"
    env = {"DARK_SOCIAL_RAW_DIR": raw_dir.as_posix()}

    deps = run_dbt(["deps"], database, project_dir=INTEGRATION_PROJECT, extra_env=env)
    assert deps.returncode == 0, deps.output
    build = run_dbt(["build"], database, project_dir=INTEGRATION_PROJECT, extra_env=env)
    assert build.returncode == 0, build.output[-5000:]
    # dbt warns when a package's node depends on a node of another package: none here
    assert "depends on a node named" not in build.output
    assert "found nodes in multiple packages" not in build.output
    # the simple-URL macro ran on the project's own model and its singular test passed
    assert "PASS simple_urls_as_expected" in build.output

    manifest = json.loads((tmp_path / "target-integration_tests" / "manifest.json").read_text())
    nodes = {
        **manifest["nodes"],
        **manifest["semantic_models"],
        **manifest["exposures"],
        **manifest["metrics"],
    }
    for unique_id, node in nodes.items():
        if node.get("package_name") != "dark_social":
            continue
        parents = node.get("depends_on", {}).get("nodes", [])
        foreign = [parent for parent in parents if parent.split(".")[1] not in ("dark_social", "dbt")]
        assert foreign == [], f"{unique_id} depends on {foreign}"

    with connect(database) as connection:
        [(package_schema,)] = connection.execute(
            "select distinct table_schema from information_schema.tables "
            "where table_name = 'fct_dark_social_sessions'"
        ).fetchall()
        sessions = connection.execute(
            f"select count(*) from {package_schema}.int_dark_social_sessions__aggregated"
        ).fetchone()[0]
        total = connection.execute(
            f"select sum(sessions) from {package_schema}.fct_dark_social_daily"
        ).fetchone()[0]
        devices = connection.execute(
            f"select distinct device_category from {package_schema}.fct_dark_social_sessions"
        ).fetchall()
        per_day = connection.execute("select sum(sessions) from main.sessions_per_day").fetchone()[0]
        own_sessions = connection.execute("select session_key from main.fct_sessions").fetchall()
    # the package's tables land apart, in its own schema; the project's are untouched
    assert package_schema == "main_dark_social"
    assert own_sessions == [("not the package",)]
    # the root project's vars reach the package (reporting time zone), and the counts hold
    assert sessions == summary["expected_sessions"]
    assert total == summary["human_visits"]
    assert per_day == sessions
    # a rule overridden through dispatch in the installing project replaces the package's
    assert devices == [("desktop",)]

    # The quality gate of the installing project: its profile and target, the package's schema found
    # in its warehouse, the bounds its build resolved; a var the project sets moves the dbt test and
    # the gate together.
    gate = [
        str(Path(sys.executable).with_name("dark-social")),
        "gate",
        "--project-dir",
        str(INTEGRATION_PROJECT),
        "--profiles-dir",
        str(PROJECT_DIR),
        "--as-of",
        "2025-01-08",
        "--docs-dir",
        str(tmp_path / "docs"),
    ]
    gate_env = {**os.environ, "DARK_SOCIAL_DUCKDB_PATH": str(database)}
    passed = subprocess.run(gate, env=gate_env, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "schema main_dark_social" in passed.stdout
    with connect(database) as connection:
        [(zone,)] = connection.execute(
            "select setting_value from main_dark_social.dim_dark_social_settings "
            "where setting_name = 'dark_social__reporting_timezone'"
        ).fetchall()
    assert json.loads(zone) == "Europe/Paris"  # from the project's dbt_project.yml

    tight = run_dbt(
        [
            "build",
            "--select",
            "dim_dark_social_settings",
            "fct_dark_social_daily,test_name:share_within_bounds",
        ],
        database,
        {"dark_social__dark_share_of_direct_max": 0.01},
        project_dir=INTEGRATION_PROJECT,
        extra_env=env,
    )
    assert tight.returncode == 0, tight.output[-3000:]  # the bound's severity is `warn`
    assert "WARN 1 dark_social_share_within_bounds_fct_dark_social_daily" in tight.output
    failed = subprocess.run(gate, env=gate_env, capture_output=True, text=True, check=False, cwd=tmp_path)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert (
        "FAILED fct_dark_social_daily: expect_column_mean_to_be_between on dark_share_of_direct"
        in failed.stdout
    )
