"""The Great Expectations gate: passes on a good build, fails loudly (one line each) on a bad one."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dark_social import PROJECT_DIR
from dark_social.quality import SUITES_DIR, load_suite, run_gate

pytestmark = pytest.mark.slow

LAST_DAY = dt.date(2025, 1, 8)  # the generated fixture covers 2025-01-06 to 2025-01-08


def test_every_mart_has_a_suite_and_every_suite_loads() -> None:
    suites = {path.stem for path in SUITES_DIR.glob("*.json")}
    marts = {path.stem for path in (PROJECT_DIR / "models" / "marts").glob("fct_*.sql")}
    assert suites == marts
    for path in SUITES_DIR.glob("*.json"):
        assert load_suite(path).expectations


def test_a_misspelt_expectation_is_refused(tmp_path: Path) -> None:
    suite = tmp_path / "typo.json"
    suite.write_text(
        json.dumps({"name": "typo", "expectations": [{"type": "expect_colum_to_exist", "kwargs": {}}]})
    )
    with pytest.raises(ValueError, match="not known to Great Expectations"):
        load_suite(suite)


def test_gate_passes_on_a_good_build_and_writes_data_docs(built: tuple[Path, dict], tmp_path: Path) -> None:
    database, _ = built
    result = run_gate(database, as_of=LAST_DAY, docs_dir=tmp_path / "docs")
    assert result.success, result.failures
    assert result.evaluated >= 40
    assert result.docs_index is not None and result.docs_index.exists()


def test_gate_fails_on_stale_marts_and_out_of_bounds_dark_share(
    built: tuple[Path, dict], tmp_path: Path
) -> None:
    database, _ = built
    result = run_gate(
        database,
        as_of=LAST_DAY + dt.timedelta(days=30),
        dark_share_bounds=(0.99, 1.0),
        docs_dir=tmp_path / "docs",
    )
    assert not result.success
    assert any(
        line.startswith("FAILED fct_dark_social_sessions: expect_column_max_to_be_between on session_date")
        for line in result.failures
    )
    assert any("expect_column_mean_to_be_between on dark_share_of_direct" in line for line in result.failures)
    assert len(result.failures) == 3


def test_gate_command_exit_codes(built: tuple[Path, dict], tmp_path: Path) -> None:
    database, _ = built
    env = {**os.environ, "DARK_SOCIAL_DUCKDB_PATH": str(database)}
    command = [
        str(Path(sys.executable).with_name("dark-social")),
        "gate",
        "--docs-dir",
        str(tmp_path),
        "--as-of",
    ]
    good = subprocess.run(
        [*command, LAST_DAY.isoformat()], env=env, capture_output=True, text=True, check=False
    )
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Quality gate passed" in good.stdout
    stale = subprocess.run([*command, "2026-01-01"], env=env, capture_output=True, text=True, check=False)
    assert stale.returncode == 1
    assert sum(line.startswith("FAILED fct_") for line in stale.stdout.splitlines()) == 2


def test_gate_takes_its_bounds_from_the_build_not_from_the_package_defaults(
    generated: tuple[Path, dict], tmp_path: Path
) -> None:
    """A user's var moves the dbt test and the gate together (dim_dark_social_settings)."""
    from conftest import run_dbt
    from dark_social.cli import raw_hits_location

    raw_dir, _ = generated
    database = tmp_path / "tight.duckdb"
    tight = {
        "dark_social__raw_hits_location": raw_hits_location(raw_dir),
        "dark_social__dark_share_of_direct_max": 0.01,
    }
    build = run_dbt(["build"], database, tight)
    assert build.returncode == 0, build.output[-3000:]  # the bound's severity is `warn`
    assert "WARN 1 dark_social_share_within_bounds_fct_dark_social_daily" in build.output
    result = run_gate(database, as_of=LAST_DAY, docs_dir=tmp_path / "docs")
    assert [line for line in result.failures if "dark_share_of_direct" in line], result.failures
