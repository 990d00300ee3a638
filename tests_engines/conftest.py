"""The engine matrix: one fixture built on DuckDB, PostgreSQL and Spark (`make test-engines`).

Each build is a session fixture, so an engine is built once however many tests read it. Build
times are printed (pytest -s, or in the summary of `make test-engines`) for the README's table.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

# the hostile rows live beside the DuckDB tests
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests_python"))

from engines import DuckDB, Engine, Postgres, Spark  # noqa: E402
from fixture import write_fixture  # noqa: E402
from fixtures.hostile_hits import KNOWN_BUILD_FAILURES, unexpected_build_results  # noqa: E402

BUILD_SECONDS: dict[str, float] = {}


@pytest.fixture(scope="session")
def raw_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_fixture(tmp_path_factory.mktemp("fixture"))


def _build(engine: Engine, raw_file: Path) -> Engine:
    engine.load(raw_file)
    result = engine.dbt(["build"], engine.raw_vars(raw_file))
    # the hostile rows make the tests of KNOWN_BUILD_FAILURES fail, on every engine, and nothing else
    unexpected = unexpected_build_results(engine.folder / "target" / "run_results.json")
    assert unexpected == [], f"dbt build on {engine.name}: {unexpected}\n{result.output[-8000:]}"
    assert result.returncode == (1 if KNOWN_BUILD_FAILURES else 0), result.output[-8000:]
    BUILD_SECONDS[engine.name] = result.seconds
    return engine


@pytest.fixture(scope="session")
def duckdb_build(raw_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _build(DuckDB(tmp_path_factory.mktemp("duckdb")), raw_file)


@pytest.fixture(scope="session")
def postgres_build(raw_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    # a schema of this run's own, so runs on one server do not collide
    schema = f"dark_social_test_{os.getpid()}"
    engine = Postgres(tmp_path_factory.mktemp("postgres"), schema)
    try:
        yield _build(engine, raw_file)
    finally:
        engine.drop_schemas()


@pytest.fixture(scope="session")
def spark_build(raw_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    return _build(Spark(tmp_path_factory.mktemp("spark")), raw_file)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if BUILD_SECONDS:
        terminalreporter.section("dbt build time on the engine fixture")
        for name, seconds in BUILD_SECONDS.items():
            terminalreporter.write_line(f"{name:10s} {seconds:7.1f} s")
