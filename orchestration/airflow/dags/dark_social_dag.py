"""Airflow DAG: the dark_social package built by astronomer-cosmos, then the quality gate.

Copy this file into Airflow's dags folder (README, "Scheduling"). Cosmos renders the package's
dbt nodes as tasks (`TestBehavior.BUILD`: one `dbt build` per model or seed, with its tests) and
runs them one at a time (`max_active_tasks=1`: DuckDB allows one writer process, and a task
holding the file blocks the next). Tests that read two models (`totals_match`,
`assert_every_raw_hit_is_accounted_for`) run as tasks of their own after both parents
(`should_detach_multiple_parents_tests`). Then `dark-social gate` runs on the same profile and
target; its exit code is the task's (0 passed, 1 expectations failed, 2 usage or configuration
error, 3 no warehouse or no build).

dbt runs from the package's own virtual environment, not Airflow's (Airflow 3 needs protobuf 7,
dbt-core 1.11 protobuf 6): Cosmos calls its `dbt`, the gate task its `dark-social`.

Settings (environment of the scheduler and workers):

- DARK_SOCIAL_DBT_PROJECT_DIR: the dbt project to build (yours, with the package in packages.yml).
- DARK_SOCIAL_VENV_BIN: the bin folder of the environment holding dbt and dark-social
  (default: where `dbt` is on PATH).
- DBT_PROFILES_DIR (default: the project directory), DBT_PROFILE (default `dark_social`),
  DBT_TARGET (default: `duckdb`). On DuckDB the database path must be absolute: Cosmos runs each
  task in a copy of the project.
- DARK_SOCIAL_DBT_VARS: dbt vars as JSON (default: none, the project's own).
- DARK_SOCIAL_GATE_ARGS: more arguments for `dark-social gate` (e.g. `--max-age-days 3`).
- DARK_SOCIAL_SCHEDULE: cron (default `0 6 * * *`, UTC).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
from datetime import datetime
from pathlib import Path

from airflow.providers.standard.operators.bash import BashOperator
from cosmos import DbtDag, ExecutionConfig, ProfileConfig, ProjectConfig, RenderConfig
from cosmos.constants import ExecutionMode, InvocationMode, LoadMode, TestBehavior

PROJECT_DIR = Path(os.environ.get("DARK_SOCIAL_DBT_PROJECT_DIR", "/usr/local/airflow/dbt/my_project"))
VENV_BIN = Path(
    os.environ.get("DARK_SOCIAL_VENV_BIN") or Path(shutil.which("dbt") or "/usr/local/bin/dbt").parent
)
PROFILES_DIR = Path(os.environ.get("DBT_PROFILES_DIR") or PROJECT_DIR)
PROFILE = os.environ.get("DBT_PROFILE") or "dark_social"
TARGET = os.environ.get("DBT_TARGET") or "duckdb"
DBT_VARS = json.loads(os.environ.get("DARK_SOCIAL_DBT_VARS") or "{}")

with DbtDag(
    dag_id="dark_social",
    project_config=ProjectConfig(dbt_project_path=PROJECT_DIR, dbt_vars=DBT_VARS),
    profile_config=ProfileConfig(
        profile_name=PROFILE, target_name=TARGET, profiles_yml_filepath=PROFILES_DIR / "profiles.yml"
    ),
    execution_config=ExecutionConfig(
        execution_mode=ExecutionMode.LOCAL,
        invocation_mode=InvocationMode.SUBPROCESS,
        dbt_executable_path=VENV_BIN / "dbt",
    ),
    render_config=RenderConfig(
        load_method=LoadMode.DBT_LS,
        invocation_mode=InvocationMode.SUBPROCESS,
        select=["package:dark_social"],
        test_behavior=TestBehavior.BUILD,
        should_detach_multiple_parents_tests=True,
        dbt_executable_path=VENV_BIN / "dbt",
    ),
    operator_args={"append_env": True},
    schedule=os.environ.get("DARK_SOCIAL_SCHEDULE") or "0 6 * * *",
    start_date=datetime(2025, 1, 1),
    catchup=False,
    max_active_runs=1,
    # DuckDB: one writer process at a time (every dbt task writes)
    max_active_tasks=1,
    default_args={"retries": 0},
    tags=["dark_social", "dbt"],
) as dag:
    dbt_leaves = list(dag.leaves)
    gate = BashOperator(
        task_id="dark_social_gate",
        bash_command=shlex.join([str(VENV_BIN / "dark-social"), "gate"])
        + " "
        + os.environ.get("DARK_SOCIAL_GATE_ARGS", ""),
        cwd=str(PROJECT_DIR),
        env={
            "DBT_PROJECT_DIR": str(PROJECT_DIR),
            "DBT_PROFILES_DIR": str(PROFILES_DIR),
            "DBT_PROFILE": PROFILE,
            "DBT_TARGET": TARGET,
        },
        append_env=True,
    )
    # after every dbt task: the gate reads what the whole build wrote
    dbt_leaves >> gate
