"""Shared helpers: run dbt against a throw-away DuckDB file, and generated demo data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from dark_social import PROJECT_DIR

SHARED_DATASETS = PROJECT_DIR.parent / "shared" / "datasets"


@dataclass(frozen=True)
class DbtResult:
    returncode: int
    output: str


def run_dbt(
    args: list[str],
    database: Path,
    dbt_vars: dict | str | None = None,
    project_dir: Path = PROJECT_DIR,
    extra_env: dict[str, str] | None = None,
) -> DbtResult:
    """Run the virtual environment's dbt in `project_dir`, writing to the DuckDB file `database`."""
    command = [str(Path(sys.executable).with_name("dbt")), *args]
    if dbt_vars:
        command += ["--vars", dbt_vars if isinstance(dbt_vars, str) else json.dumps(dbt_vars)]
    env = {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DARK_SOCIAL_DUCKDB_PATH": str(database),
        "DBT_TARGET_PATH": str(database.parent / f"target-{project_dir.name}"),
        "DBT_LOG_PATH": str(database.parent / "logs"),
        **(extra_env or {}),
    }
    completed = subprocess.run(command, cwd=project_dir, env=env, capture_output=True, text=True, check=False)
    return DbtResult(completed.returncode, completed.stdout + completed.stderr)


@pytest.fixture(scope="session", autouse=True)
def profiles_yml() -> None:
    """dbt reads PROJECT_DIR/profiles.yml; a fresh clone only has the example."""
    from dark_social.cli import ensure_profiles

    ensure_profiles()


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """20k generated hits (written once per test session) and the generator's summary."""
    from dark_social.generator import generate

    out = tmp_path_factory.mktemp("generated")
    generate(out, hits=20_000, seed=7, days=3)
    return out, json.loads((out / "summary.json").read_text())


@pytest.fixture(scope="session")
def built(generated: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The whole project built (dbt build: seeds, models, unit and data tests) on the generated hits."""
    from dark_social.cli import raw_hits_location

    raw_dir, summary = generated
    database = tmp_path_factory.mktemp("build") / "dark_social.duckdb"
    result = run_dbt(["build"], database, {"dark_social__raw_hits_location": raw_hits_location(raw_dir)})
    assert result.returncode == 0, result.output[-5000:]
    return database, summary
