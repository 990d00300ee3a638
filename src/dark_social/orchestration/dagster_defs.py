"""Dagster definitions: the package's dbt nodes as assets, the quality gate as asset checks, a daily job.

    pip install 'dark-social[orchestration]'
    DARK_SOCIAL_DBT_PROJECT_DIR=path/to/your/dbt/project dagster dev -m dark_social.orchestration.dagster_defs

A run does what a cron job does (README, "Scheduling"): one `dbt build` of the package's nodes
(seeds, models and their tests in one dbt process, so DuckDB's single writer holds), then
`dark-social gate` on the same project, profile and target. Each mart with an expectation suite
gets the asset check `quality_gate`, passed or failed from the gate's verdict. The demo wrappers
(`dark-social run`, `dark-social dbt`) are never called: they belong to this repository's demo.

Settings, read from the environment when Dagster loads the definitions:

- DARK_SOCIAL_DBT_PROJECT_DIR: the dbt project to build (yours, with the package in packages.yml);
  default: the dbt project this module was installed from (the repository, in a checkout).
- DBT_PROFILES_DIR, DBT_PROFILE, DBT_TARGET, DBT_TARGET_PATH: as for dbt (default: the project
  directory, the project's profile, the profile's default target, `target`).
- DARK_SOCIAL_DBT_SELECT: the nodes to build (default `package:dark_social`).
- DARK_SOCIAL_SCHEDULE (cron, default `0 6 * * *`) and DARK_SOCIAL_SCHEDULE_TIMEZONE (default UTC).

The manifest is read from the project's target/manifest.json; when there is none it is made with
`dbt parse` (for a deployment, make it at build time: `dagster-dbt project prepare-and-package`).
"""

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets, get_asset_key_for_model

from dark_social import MARTS, PROJECT_DIR

#: The marts the gate has a suite for (models/marts/expectations/<mart>.json); the settings mart has none.
GATED_MARTS = tuple(mart for mart in MARTS if mart != "dim_dark_social_settings")
CHECK_NAME = "quality_gate"
JOB_NAME = "dark_social_daily"
GATE_JOB_NAME = "dark_social_gate"


class DbtBuildConfig(dg.Config):
    """Run configuration of the dbt build (launchpad or schedule)."""

    #: dbt `--vars` (YAML or JSON), e.g. where the raw hits are; empty: the project's own vars.
    dbt_vars: str = ""
    #: `--full-refresh`: rebuild the incremental models from all raw hits.
    full_refresh: bool = False


class GateConfig(dg.Config):
    """Run configuration of the quality gate (the arguments of `dark-social gate`)."""

    #: Judge freshness as of this day (YYYY-MM-DD); empty: today (UTC), as in a daily run.
    as_of: str = ""
    #: The latest day may be this many days old; 0: the gate's default.
    max_age_days: int = 0


def dbt_executable() -> str:
    """dbt of this environment (beside its Python), else the one on PATH."""
    beside = Path(sys.executable).with_name("dbt")
    return str(beside) if beside.exists() else "dbt"


def gate_command() -> list[str]:
    """`dark-social` of this environment (the script beside its Python), else the one on PATH."""
    beside = Path(sys.executable).with_name("dark-social")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("dark-social")
    return [found] if found else [sys.executable, "-m", "dark_social"]


def run_gate(project: DbtProject, config: GateConfig) -> subprocess.CompletedProcess[str]:
    """`dark-social gate` on the warehouse of the project's profile and target, as a scheduler runs it."""
    command = [*gate_command(), "gate"]
    if config.as_of:
        command += ["--as-of", config.as_of]
    if config.max_age_days:
        command += ["--max-age-days", str(config.max_age_days)]
    env = {**os.environ, "DBT_PROJECT_DIR": str(project.project_dir)}
    env["DBT_PROFILES_DIR"] = str(project.profiles_dir)
    if project.profile:
        env["DBT_PROFILE"] = project.profile
    if project.target:
        env["DBT_TARGET"] = project.target
    return subprocess.run(
        command, cwd=project.project_dir, env=env, capture_output=True, text=True, check=False
    )


def failures_by_mart(output: str) -> dict[str, list[str]]:
    """The gate's failure lines (`FAILED <suite>: ...`; each suite is named after its mart) per mart."""
    failures: dict[str, list[str]] = {mart: [] for mart in GATED_MARTS}
    for line in output.splitlines():
        if line.startswith("FAILED "):
            suite = line.removeprefix("FAILED ").split(":", 1)[0]
            failures.setdefault(suite, []).append(line)
    return failures


def build_definitions(
    project_dir: Path | str | None = None,
    profiles_dir: Path | str | None = None,
    target: str | None = None,
    target_path: Path | str | None = None,
    select: str | None = None,
    cron: str | None = None,
    timezone: str | None = None,
) -> dg.Definitions:
    """The definitions for one dbt project (arguments left out come from the environment, see above)."""
    directory = Path(project_dir or os.environ.get("DARK_SOCIAL_DBT_PROJECT_DIR") or PROJECT_DIR)
    if not (directory / "dbt_project.yml").exists():
        raise FileNotFoundError(
            f"no dbt_project.yml in {directory}: set DARK_SOCIAL_DBT_PROJECT_DIR to the dbt project that "
            "builds the package (yours, with dark_social in packages.yml)"
        )
    project = DbtProject(
        project_dir=directory,
        profiles_dir=profiles_dir or os.environ.get("DBT_PROFILES_DIR") or None,
        profile=os.environ.get("DBT_PROFILE") or None,
        target=target or os.environ.get("DBT_TARGET") or None,
        target_path=Path(target_path or os.environ.get("DBT_TARGET_PATH") or "target"),
    )
    dbt_resource = DbtCliResource(project_dir=project, dbt_executable=dbt_executable())
    if not project.manifest_path.exists():
        dbt_resource.cli(["parse", "--quiet"], target_path=project.target_path).wait()

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        select=select or os.environ.get("DARK_SOCIAL_DBT_SELECT") or "package:dark_social",
        name="dark_social_dbt",
    )
    def dark_social_dbt(
        context: dg.AssetExecutionContext, dbt: DbtCliResource, config: DbtBuildConfig
    ) -> Iterator[object]:
        """One `dbt build`: seeds, models, snapshots and their tests, in one dbt process."""
        args = ["build"]
        if config.dbt_vars:
            args += ["--vars", config.dbt_vars]
        if config.full_refresh:
            args.append("--full-refresh")
        yield from dbt.cli(args, context=context).stream()

    @dg.multi_asset_check(
        name=CHECK_NAME,
        specs=[
            dg.AssetCheckSpec(
                CHECK_NAME,
                asset=get_asset_key_for_model([dark_social_dbt], mart),
                blocking=True,
                description=f"`dark-social gate`: the expectation suite of {mart} (Great Expectations)",
            )
            for mart in GATED_MARTS
        ],
        compute_kind="great_expectations",
    )
    def quality_gate(context: dg.AssetCheckExecutionContext, config: GateConfig) -> Iterator[object]:
        """`dark-social gate` once for every mart; exit 1 fails the marts named in its failure lines,
        exit 2 (usage or configuration) or 3 (no warehouse or no build) fails the step."""
        completed = run_gate(project, config)
        output = completed.stdout + completed.stderr
        context.log.info(output)
        if completed.returncode not in (0, 1):
            raise dg.Failure(
                description=f"dark-social gate did not run (exit code {completed.returncode}): "
                f"{output.strip()[-2000:]}",
                metadata={"exit_code": completed.returncode},
            )
        summary = next(
            (line for line in reversed(output.splitlines()) if line.startswith("Quality gate ")), ""
        )
        failures = failures_by_mart(output)
        if completed.returncode == 1 and not any(failures[mart] for mart in GATED_MARTS):
            raise dg.Failure(description=f"dark-social gate failed without a failure line: {output[-2000:]}")
        for mart in GATED_MARTS:
            listed = "\n".join(f"- {line}" for line in failures[mart]) or "none"
            yield dg.AssetCheckResult(
                asset_key=get_asset_key_for_model([dark_social_dbt], mart),
                check_name=CHECK_NAME,
                passed=not failures[mart],
                severity=dg.AssetCheckSeverity.ERROR,
                metadata={
                    "failures": dg.MetadataValue.md(listed),
                    "gate": summary,
                    "exit_code": completed.returncode,
                },
            )

    daily = dg.define_asset_job(JOB_NAME, selection=dg.AssetSelection.assets(dark_social_dbt))
    gate_only = dg.define_asset_job(GATE_JOB_NAME, selection=dg.AssetSelection.checks(quality_gate))
    schedule = dg.ScheduleDefinition(
        name=f"{JOB_NAME}_schedule",
        job=daily,
        cron_schedule=cron or os.environ.get("DARK_SOCIAL_SCHEDULE") or "0 6 * * *",
        execution_timezone=timezone or os.environ.get("DARK_SOCIAL_SCHEDULE_TIMEZONE") or "UTC",
    )
    return dg.Definitions(
        assets=[dark_social_dbt],
        asset_checks=[quality_gate],
        jobs=[daily, gate_only],
        schedules=[schedule],
        resources={"dbt": dbt_resource},
    )


@dg.definitions
def defs() -> dg.Definitions:
    """What `dagster dev -m dark_social.orchestration.dagster_defs` loads."""
    return build_definitions()
