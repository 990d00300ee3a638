"""Airflow: the Cosmos DAG loads without import errors, has the expected tasks, and runs with dag.test().

Airflow lives in its own environment (DARK_SOCIAL_AIRFLOW_VENV, default .venv-airflow, made by
`make test-orchestration`); tests_orchestration/airflow_driver.py runs there and reports in JSON.
The DAG calls dbt and dark-social from this environment, as a deployment does.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import assert_marts_built, last_day
from dark_social import MARTS, PROJECT_DIR
from dark_social.cli import raw_hits_location

AIRFLOW_VENV = Path(os.environ.get("DARK_SOCIAL_AIRFLOW_VENV") or PROJECT_DIR / ".venv-airflow")
AIRFLOW_PYTHON = AIRFLOW_VENV / "bin" / "python"
DRIVER = Path(__file__).with_name("airflow_driver.py")

if not AIRFLOW_PYTHON.exists():
    if os.environ.get("DARK_SOCIAL_REQUIRE_ORCHESTRATION"):
        raise RuntimeError(f"no Airflow environment at {AIRFLOW_VENV}: run `make test-orchestration`")
    pytest.skip(
        f"no Airflow environment at {AIRFLOW_VENV} (make test-orchestration)", allow_module_level=True
    )

#: Tests reading two models or more: Cosmos must run them as tasks of their own after every parent.
MULTI_PARENT_TESTS = ("assert_dark_social_raw_hits_are_all_accounted_for_test",)


def airflow(args: list[str], env: dict[str, str], timeout: int = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, env=env, capture_output=True, text=True, check=False, timeout=timeout, cwd=PROJECT_DIR
    )


def driver_report(completed: subprocess.CompletedProcess[str]) -> dict:
    lines = [line for line in completed.stdout.splitlines() if line.startswith("AIRFLOW_DRIVER_REPORT ")]
    assert completed.returncode == 0 and lines, (completed.stdout + completed.stderr)[-5000:]
    return json.loads(lines[-1].removeprefix("AIRFLOW_DRIVER_REPORT "))


@pytest.fixture(scope="module")
def airflow_env(generated: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """An Airflow home with a fresh SQLite metadata database, pointed at the repository's dags folder."""
    raw_dir, summary = generated
    home = tmp_path_factory.mktemp("airflow")
    env = {
        **os.environ,
        "AIRFLOW_HOME": str(home),
        "AIRFLOW__CORE__DAGS_FOLDER": str(PROJECT_DIR / "orchestration" / "airflow" / "dags"),
        "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
        "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": f"sqlite:///{home / 'airflow.db'}",
        "DARK_SOCIAL_DBT_PROJECT_DIR": str(PROJECT_DIR),
        "DARK_SOCIAL_VENV_BIN": str(Path(sys.executable).parent),
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DARK_SOCIAL_DUCKDB_PATH": str(home / "dark_social.duckdb"),
        "DARK_SOCIAL_DBT_VARS": json.dumps({"dark_social__raw_hits_location": raw_hits_location(raw_dir)}),
        "DARK_SOCIAL_GATE_ARGS": f"--as-of {last_day(summary).isoformat()}",
    }
    migrated = airflow([str(AIRFLOW_VENV / "bin" / "airflow"), "db", "migrate"], env)
    assert migrated.returncode == 0, (migrated.stdout + migrated.stderr)[-3000:]
    return env


@pytest.fixture(scope="module")
def loaded(airflow_env: dict[str, str]) -> dict:
    return driver_report(airflow([str(AIRFLOW_PYTHON), str(DRIVER), "load"], airflow_env))


def test_dag_loads_with_the_expected_tasks(loaded: dict) -> None:
    assert loaded["import_errors"] == {}
    assert loaded["dag_ids"] == ["dark_social"]
    assert loaded["max_active_tasks"] == 1  # DuckDB: one writer
    tasks = loaded["tasks"]
    for mart in MARTS:
        assert tasks[f"{mart}_model_build"]["type"] == "DbtBuildLocalOperator"
    assert tasks["dark_social_enumerations_seed_build"]["type"] == "DbtBuildLocalOperator"
    for test in MULTI_PARENT_TESTS:
        assert tasks[test]["type"] == "DbtTestLocalOperator"
        assert len(tasks[test]["upstream"]) >= 2, tasks[test]
    # the gate runs after every leaf of the dbt graph
    dbt_tasks = {name for name in tasks if name != "dark_social_gate"}
    downstream = {upstream for name in dbt_tasks for upstream in tasks[name]["upstream"]}
    assert set(tasks["dark_social_gate"]["upstream"]) == dbt_tasks - downstream
    assert tasks["dark_social_gate"]["type"] == "BashOperator"


def test_dag_test_builds_the_marts_and_the_gate_passes(airflow_env: dict[str, str], loaded: dict) -> None:
    report = driver_report(airflow([str(AIRFLOW_PYTHON), str(DRIVER), "test"], airflow_env, timeout=900))
    states = report["task_states"]
    assert set(states) == set(loaded["tasks"]), set(loaded["tasks"]) ^ set(states)
    assert {name: state for name, state in states.items() if state != "success"} == {}
    assert report["state"] == "success", report
    assert_marts_built(Path(airflow_env["DARK_SOCIAL_DUCKDB_PATH"]))


def test_a_failing_gate_fails_its_task(airflow_env: dict[str, str], loaded: dict) -> None:
    """The gate task alone on the same build, judged 30 days after the data: exit 1, the task fails."""
    late = dt.date.fromisoformat(airflow_env["DARK_SOCIAL_GATE_ARGS"].split()[-1]) + dt.timedelta(days=30)
    env = {**airflow_env, "DARK_SOCIAL_GATE_ARGS": f"--as-of {late.isoformat()}"}
    completed = airflow(
        [str(AIRFLOW_VENV / "bin" / "airflow"), "tasks", "test", "dark_social", "dark_social_gate"], env
    )
    output = completed.stdout + completed.stderr
    # `airflow tasks test` exits 0 whatever the task did (Airflow 3): read the task's own outcome
    assert "Command exited with return code 1" in output, output[-3000:]
    assert "Task failed with exception" in output, output[-3000:]
    assert "FAILED fct_dark_social_daily" in output, output[-3000:]
