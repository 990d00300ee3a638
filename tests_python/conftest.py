"""Shared helpers: run dbt against a throw-away DuckDB file, and generated demo data.

`make test` runs the tests in parallel (pytest-xdist, one file per worker): the session's generated
hits and its whole-project build are made once for all workers (`made_once`), and each worker reads
and writes a copy of the build of its own.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
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


# An xdist worker's main module has neither __spec__ nor __file__; pyspark (there when the engines
# extra is installed) reads that as a doctest run and, lacking Spark Connect's requirements, calls
# sys.exit(0) when great_expectations imports pyspark.sql.connect. Name the worker's main module.
_MAIN = sys.modules["__main__"]
if getattr(_MAIN, "__spec__", None) is None and not hasattr(_MAIN, "__file__"):
    _MAIN.__file__ = "<pytest-xdist worker>"


def pytest_configure(config: pytest.Config) -> None:
    """dbt reads PROJECT_DIR/profiles.yml; a fresh clone only has the example. Written before any
    test runs, by the main process only (xdist workers have `workerinput`), so no two write it."""
    if not hasattr(config, "workerinput"):
        from dark_social.cli import ensure_profiles

        ensure_profiles()


def made_once(tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]) -> Path:
    """A folder that `make` fills once per test session, however many xdist workers ask for it.

    xdist gives each worker a base temporary directory of its own inside the session's; the folder
    is made there, beside them, by the first worker to ask, while the others wait on a lock. Without
    xdist it is a folder of the session's base temporary directory, made on first use."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent
    folder, done = root / f"once-{name}", root / f"once-{name}.done"
    with (root / f"once-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)  # what a worker that failed left
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """20k generated hits (written once per test session) and the generator's summary."""
    from dark_social.generator import generate

    out = made_once(tmp_path_factory, "generated", lambda out: generate(out, hits=20_000, seed=7, days=3))
    return out, json.loads((out / "summary.json").read_text())


@pytest.fixture(scope="session")
def built(generated: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The whole project built (dbt build: seeds, models, unit and data tests) on the generated hits.

    Built once per test session; each worker gets a copy of the build folder (the DuckDB file, dbt's
    target and logs), since tests rebuild into it and DuckDB lets one process at a time write a file."""
    from dark_social.cli import raw_hits_location

    raw_dir, summary = generated

    def build(folder: Path) -> None:
        result = run_dbt(
            ["build"],
            folder / "dark_social.duckdb",
            {"dark_social__raw_hits_location": raw_hits_location(raw_dir)},
        )
        assert result.returncode == 0, result.output[-5000:]

    shared = made_once(tmp_path_factory, "build", build)
    folder = tmp_path_factory.mktemp("build")
    shutil.copytree(shared, folder, dirs_exist_ok=True)
    return folder / "dark_social.duckdb", summary
