"""The semantic layer: MetricFlow validates the configs and answers every metric on DuckDB."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import run_dbt
from dark_social import PROJECT_DIR
from dark_social.cli import raw_hits_location
from dark_social.warehouse import connect

pytestmark = pytest.mark.slow

# metric -> the fct_dark_social_daily column it must equal, day by day
METRICS = {
    "dark_social_all_sessions": "sessions",
    "dark_social_direct_sessions": "direct_sessions",
    "dark_social_sessions": "dark_social_sessions",
    "dark_social_tracked_messaging_shares": "tracked_messaging_sessions",
    "dark_social_share_of_direct": "dark_share_of_direct",
    "dark_social_engaged_sessions": "engaged_sessions",
    "dark_social_conversions": "conversions",
    "dark_social_revenue": "revenue",
    "dark_social_conversion_rate": (
        "cast(dark_social_conversions as double) / nullif(dark_social_sessions, 0)"
    ),
}


def mf(args: list[str], database: Path) -> subprocess.CompletedProcess[str]:
    """MetricFlow reads target/semantic_manifest.json of the project it runs in."""
    env = {**os.environ, "DBT_PROFILES_DIR": str(PROJECT_DIR), "DARK_SOCIAL_DUCKDB_PATH": str(database)}
    env.pop("DBT_TARGET_PATH", None)
    return subprocess.run(
        [str(Path(sys.executable).with_name("mf")), *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def parsed(built: tuple[Path, dict], generated: tuple[Path, dict]) -> Path:
    database, _ = built
    raw_dir, _ = generated
    result = run_dbt(
        ["parse"],
        database,
        {"dark_social__raw_hits_location": raw_hits_location(raw_dir)},
        extra_env={"DBT_TARGET_PATH": str(PROJECT_DIR / "target")},
    )
    assert result.returncode == 0, result.output[-3000:]
    return database


def test_mf_validate_configs(parsed: Path) -> None:
    result = mf(["validate-configs"], parsed)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.mark.parametrize("metric", sorted(METRICS))
def test_mf_query_answers_each_metric_like_the_daily_mart(parsed: Path, tmp_path: Path, metric: str) -> None:
    out = tmp_path / f"{metric}.csv"
    result = mf(["query", "--metrics", metric, "--group-by", "metric_time__day", "--csv", str(out)], parsed)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    with out.open() as handle:
        answered = {row["metric_time__day"][:10]: float(row[metric]) for row in csv.DictReader(handle)}
    with connect(parsed) as connection:
        expected = {
            str(day): float(value)
            for day, value in connection.execute(
                f"select session_date, {METRICS[metric]} from fct_dark_social_daily where sessions > 0"
            ).fetchall()
        }
    assert answered.keys() == expected.keys()
    for day, value in expected.items():
        assert answered[day] == pytest.approx(value, rel=1e-9), day
