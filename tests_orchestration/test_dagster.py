"""Dagster: the daily job materializes every node of the package and the gate checks every mart."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import assert_marts_built, last_day
from dark_social import MARTS
from dark_social.cli import raw_hits_location

try:
    import dagster as dg

    from dark_social.orchestration import dagster_defs as defs_module
except ImportError:
    if os.environ.get("DARK_SOCIAL_REQUIRE_ORCHESTRATION"):
        raise
    pytest.skip("needs the orchestration extra (make test-orchestration)", allow_module_level=True)


@pytest.fixture(scope="module")
def dagster_run(generated: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory):
    """The definitions on a throw-away DuckDB file, and one run of the daily job on the generated hits."""
    raw_dir, summary = generated
    work = tmp_path_factory.mktemp("dagster")
    database = work / "dark_social.duckdb"
    patch = pytest.MonkeyPatch()
    patch.setenv("DARK_SOCIAL_DUCKDB_PATH", str(database))
    patch.setenv("DAGSTER_HOME", str(work / "dagster_home"))
    (work / "dagster_home").mkdir()
    defs = defs_module.build_definitions(target_path=work / "target")
    instance = dg.DagsterInstance.ephemeral()
    dbt_vars = json.dumps({"dark_social__raw_hits_location": raw_hits_location(raw_dir)})
    run_config = {
        "ops": {
            "dark_social_dbt": {"config": {"dbt_vars": dbt_vars}},
            defs_module.CHECK_NAME: {"config": {"as_of": last_day(summary).isoformat()}},
        }
    }
    result = defs.resolve_job_def(defs_module.JOB_NAME).execute_in_process(
        run_config=run_config, instance=instance, raise_on_error=False
    )
    yield defs, instance, result, database, summary
    patch.undo()


def check_results(result) -> list:
    return [
        event.event_specific_data
        for event in result.all_events
        if event.event_type_value == "ASSET_CHECK_EVALUATION"
    ]


def test_definitions_load_assets_checks_and_a_daily_schedule(dagster_run) -> None:
    defs, *_ = dagster_run
    repository = defs.get_repository_def()
    keys = {key.path[-1] for key in repository.asset_graph.get_all_asset_keys()}
    assert set(MARTS) <= keys, sorted(keys)
    assert {
        "int_dark_social_sessions__classified",
        "stg_dark_social__hits",
        "dark_social_enumerations",
    } <= keys
    schedule = defs.resolve_schedule_def(f"{defs_module.JOB_NAME}_schedule")
    assert schedule.cron_schedule == "0 6 * * *"
    assert schedule.job_name == defs_module.JOB_NAME
    gate_checks = {
        key.asset_key.path[-1]
        for key in repository.asset_graph.asset_check_keys
        if key.name == defs_module.CHECK_NAME
    }
    assert gate_checks == set(defs_module.GATED_MARTS)


def test_daily_job_materializes_every_mart_and_the_gate_passes(dagster_run) -> None:
    _, _, result, database, _ = dagster_run
    assert result.success, [event.message for event in result.all_events if event.is_failure][:5]
    materialized = {event.asset_key.path[-1] for event in result.all_events if event.is_step_materialization}
    assert set(MARTS) <= materialized, sorted(set(MARTS) - materialized)
    assert_marts_built(database)

    evaluations = check_results(result)
    gate = {e.asset_key.path[-1]: e for e in evaluations if e.check_name == defs_module.CHECK_NAME}
    assert set(gate) == set(defs_module.GATED_MARTS)
    assert all(evaluation.passed for evaluation in gate.values()), {
        mart: evaluation.metadata for mart, evaluation in gate.items() if not evaluation.passed
    }
    assert "passed" in gate["fct_dark_social_daily"].metadata["gate"].value
    # the dbt tests of the marts are asset checks too, run by the same `dbt build`
    dbt_checks = [e for e in evaluations if e.check_name != defs_module.CHECK_NAME]
    assert len(dbt_checks) >= 20, len(dbt_checks)
    assert all(evaluation.passed for evaluation in dbt_checks), [
        (e.asset_key.path[-1], e.check_name) for e in dbt_checks if not e.passed
    ]


def test_the_gate_check_fails_the_marts_that_fail_their_suite(dagster_run) -> None:
    """The gate alone (job dark_social_gate) on the same build, judged 30 days after the data: the
    freshness expectations fail, so the marts with a day column fail their check."""
    defs, instance, _, _, summary = dagster_run
    late = (last_day(summary) + dt.timedelta(days=30)).isoformat()
    result = defs.resolve_job_def(defs_module.GATE_JOB_NAME).execute_in_process(
        run_config={"ops": {defs_module.CHECK_NAME: {"config": {"as_of": late}}}},
        instance=instance,
        raise_on_error=False,
    )
    gate = {e.asset_key.path[-1]: e for e in check_results(result)}
    assert set(gate) == set(defs_module.GATED_MARTS)
    assert not gate["fct_dark_social_daily"].passed
    failures = gate["fct_dark_social_daily"].metadata["failures"].value
    assert "FAILED fct_dark_social_daily" in failures, failures
    assert "FAILED" in gate["fct_dark_social_daily"].metadata["gate"].value


def test_dagster_loads_the_module_as_a_code_location(dagster_run, tmp_path: Path) -> None:
    """`dagster dev -m dark_social.orchestration.dagster_defs` finds the definitions (@definitions)."""
    command = [
        str(Path(sys.executable).with_name("dagster")),
        *("definitions", "validate", "-m", "dark_social.orchestration.dagster_defs"),
    ]
    env = {**os.environ, "DBT_TARGET_PATH": str(tmp_path / "target"), "DAGSTER_HOME": str(tmp_path)}
    completed = subprocess.run(command, env=env, capture_output=True, text=True, check=False, timeout=300)
    output = completed.stdout + completed.stderr
    assert completed.returncode == 0, output[-3000:]
    assert "All code locations passed validation" in output, output[-3000:]
