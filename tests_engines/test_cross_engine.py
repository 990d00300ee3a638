"""The same fixture on DuckDB, PostgreSQL and Spark gives the same marts, row for row."""

from __future__ import annotations

from pathlib import Path

import pytest

from dark_social import MARTS
from dark_social.compare import compare_tables
from engines import SEEDS, Engine
from fixture import POSTGRES_NUL_REPLACEMENT
from fixtures.hostile_hits import CASES

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("mart", MARTS)
def test_postgres_marts_equal_duckdb_marts(mart: str, duckdb_build: Engine, postgres_build: Engine) -> None:
    problems = compare_tables(mart, duckdb_build.read(mart), postgres_build.read(mart), "duckdb", "postgres")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("mart", MARTS)
def test_spark_marts_equal_duckdb_marts(mart: str, duckdb_build: Engine, spark_build: Engine) -> None:
    problems = compare_tables(mart, duckdb_build.read(mart), spark_build.read(mart), "duckdb", "spark")
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("engine", ["postgres", "spark"])
def test_seeds_load_the_same_everywhere(
    seed: str, engine: str, duckdb_build: Engine, request: pytest.FixtureRequest
) -> None:
    """Nulls stay null and backslashes stay in regular expressions (dbt-spark's session method lost both)."""
    other: Engine = request.getfixturevalue(f"{engine}_build")
    problems = compare_tables(seed, duckdb_build.read(seed), other.read(seed), "duckdb", engine)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("engine", ["duckdb", "postgres", "spark"])
def test_every_hostile_row_gets_the_same_verdict_on_every_engine(
    engine: str, request: pytest.FixtureRequest
) -> None:
    build: Engine = request.getfixturevalue(f"{engine}_build")
    validated = build.read("int_dark_social_hits__validated").to_pylist()
    hostile_ids = {case[0] for case in CASES}
    outcomes = sorted(
        ((row["hit_id"], row["quarantine_reason"]) for row in validated if row["hit_id"] in hostile_ids),
        key=lambda pair: (pair[0], pair[1] or ""),
    )
    expected = sorted(
        ((case.hit_id, case.reason) for case in CASES), key=lambda pair: (pair[0], pair[1] or "")
    )
    assert outcomes == expected


def test_postgres_got_every_row_and_only_nul_bytes_were_replaced(postgres_build: Engine) -> None:
    """PostgreSQL text cannot hold U+0000: the loader writes U+FFFD instead, and nothing else changes."""
    staged = {row["hit_id"]: row for row in postgres_build.read("stg_dark_social__hits").to_pylist()}
    with_nul = [case for case in CASES if any(value and "\x00" in value for value in case[1:7])]
    assert with_nul, "the hostile fixture lost its NUL row"
    for case in with_nul:
        assert POSTGRES_NUL_REPLACEMENT in (staged[case[0]]["user_agent"] or "")


def test_spark_incremental_run_equals_the_full_build(
    raw_file: Path, duckdb_build: Engine, spark_build: Engine
) -> None:
    """A second run takes Spark's incremental path (insert_overwrite into the existing tables)."""
    result = spark_build.dbt(["run"], spark_build.raw_vars(raw_file))
    assert result.returncode == 0, result.output[-8000:]
    assert "insert overwrite" in (spark_build.folder / "logs" / "dbt.log").read_text().lower()
    for mart in MARTS:
        problems = compare_tables(mart, duckdb_build.read(mart), spark_build.read(mart), "duckdb", "spark")
        assert problems == [], "\n".join(problems)
