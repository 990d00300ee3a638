"""The Great Expectations gate: passes on a good build, fails loudly (one line each) on a bad one,
gives each expectation Great Expectations' own semantics in SQL, and tells a scheduler why it stopped."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from dark_social import PROJECT_DIR
from dark_social.profiles import Warehouse
from dark_social.quality import SUITES_DIR, enumeration_parameters, load_suite, run_gate, suites_dir
from gx_reference import gate_verdicts, gx_verdicts

pytestmark = pytest.mark.slow

LAST_DAY = dt.date(2025, 1, 8)  # the generated fixture covers 2025-01-06 to 2025-01-08
GATE = str(Path(sys.executable).with_name("dark-social"))


def test_every_mart_has_a_suite_and_every_suite_loads() -> None:
    assert suites_dir() == SUITES_DIR == PROJECT_DIR / "models" / "marts" / "expectations"  # a checkout
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


def violate_every_row_expectation(database: Path) -> None:
    """Break each row-level expectation of every suite (a copy of a good build): for each, one more
    row, a copy of a real one with that expectation's column made wrong (and one with it null)."""
    with duckdb.connect(str(database)) as connection:
        [(schema,)] = connection.execute(
            "select distinct table_schema from information_schema.tables "
            "where table_name = 'dim_dark_social_settings'"
        ).fetchall()
        for path in sorted(SUITES_DIR.glob("*.json")):
            suite = json.loads(path.read_text())
            table = f'"{schema}"."{suite["meta"]["table"]}"'
            # a plain copy: without the contract's constraints, the table accepts what the build never writes
            connection.execute(f"create or replace table {table} as select * from {table}")
            for expectation in suite["expectations"]:
                kwargs, kind = expectation["kwargs"], expectation["type"]
                column = f'"{kwargs.get("column")}"'
                wrong = None
                if kind == "expect_column_values_to_be_unique":
                    wrong = column  # the same value again
                elif kind == "expect_column_values_to_not_be_null":
                    wrong = "null"
                elif kind == "expect_column_values_to_be_in_set":
                    wrong = "'not in the set'"
                elif kind == "expect_column_values_to_be_between":
                    high, low = kwargs.get("max_value"), kwargs.get("min_value")
                    wrong = str(high + 1 if high is not None else low - 1)
                elif kind == "expect_column_pair_values_a_to_be_greater_than_b":
                    column, wrong = f'"{kwargs["column_A"]}"', f'coalesce("{kwargs["column_B"]}", 0) - 1'
                # and a null where GX skips nulls (value sets, ranges) or counts them (one of a pair)
                nulls = kind in (
                    "expect_column_values_to_be_in_set",
                    "expect_column_values_to_be_between",
                    "expect_column_pair_values_a_to_be_greater_than_b",
                )
                for value in [wrong, "null"] if nulls else [wrong]:
                    if value is not None:
                        connection.execute(
                            f"insert into {table} select * replace ({value} as {column}) from {table} "
                            f"where {column} is not null limit 1"
                        )


def test_the_gates_sql_gives_every_expectation_great_expectations_own_verdict(
    built: tuple[Path, dict], tmp_path: Path
) -> None:
    """The suites are the one definition: on a good build and on one that breaks every row-level
    expectation (with bounds that break the aggregate ones), the gate's SQL and Great Expectations'
    pandas route agree on every verdict and every unexpected count or observed value (nulls
    skipped where GX skips them)."""
    database, _ = built
    broken = tmp_path / "broken.duckdb"
    shutil.copyfile(database, broken)
    violate_every_row_expectation(broken)
    cases = [
        (database, LAST_DAY, (0.0, 1.0)),
        (broken, LAST_DAY + dt.timedelta(days=5), (0.9, 1.0)),  # stale, and the dark share out of bounds
    ]
    failed = []
    for path, as_of, (low, high) in cases:
        warehouse = Warehouse.duckdb(path)
        result = run_gate(warehouse, as_of=as_of, max_age_days=2, dark_share_bounds=(low, high))
        with warehouse.connect():
            parameters = {
                "freshness_min_day": (as_of - dt.timedelta(days=2)).isoformat(),
                "dark_share_of_direct_min": low,
                "dark_share_of_direct_max": high,
                **enumeration_parameters(warehouse),
            }
        reference = gx_verdicts(path, warehouse.schema, parameters, SUITES_DIR)
        ours = gate_verdicts(result.outcomes)
        assert [verdict[:4] for verdict in ours] == [verdict[:4] for verdict in reference]
        for mine, theirs in zip(ours, reference, strict=True):
            # GX's pandas route raises on a null in a column pair (no count; a failure all the same)
            if theirs[4] is not None:
                assert mine[4] == (pytest.approx(theirs[4]) if isinstance(theirs[4], float) else theirs[4])
        failed.append(sum(not verdict[3] for verdict in reference))
    expectations = [e for p in SUITES_DIR.glob("*.json") for e in json.loads(p.read_text())["expectations"]]
    row_counts = [e for e in expectations if e["type"] == "expect_table_row_count_to_be_between"]
    # nothing fails on the good build; on the broken one everything but the row counts
    assert failed == [0, len(expectations) - len(row_counts)]


def test_gate_passes_on_a_good_build_and_writes_data_docs(built: tuple[Path, dict], tmp_path: Path) -> None:
    database, _ = built
    result = run_gate(database, as_of=LAST_DAY, docs_dir=tmp_path / "docs")
    assert result.success, result.failures
    assert result.evaluated >= 40
    assert result.docs_index is not None and result.docs_index.exists()
    pages = list((tmp_path / "docs" / "validations").rglob("fct_dark_social_sessions.html"))
    assert pages and "Evaluated Expectations" in pages[0].read_text()


def test_gate_fails_on_stale_marts_and_out_of_bounds_dark_share(
    built: tuple[Path, dict], tmp_path: Path
) -> None:
    database, _ = built
    result = run_gate(database, as_of=LAST_DAY + dt.timedelta(days=30), dark_share_bounds=(0.99, 1.0))
    assert not result.success
    assert any(
        line.startswith("FAILED fct_dark_social_sessions: expect_column_max_to_be_between on session_date")
        for line in result.failures
    )
    assert any("expect_column_mean_to_be_between on dark_share_of_direct" in line for line in result.failures)
    # exactly those: one freshness failure per suite that bounds its latest session_date, and the share
    fresh = freshness_suites()
    stale = sorted(
        line.split(":")[0].removeprefix("FAILED ") for line in result.failures if "session_date" in line
    )
    assert stale == fresh and len(fresh) >= 3
    assert len(result.failures) == len(fresh) + 1


def freshness_suites() -> list[str]:
    """The suites that bound their latest session_date (the gate's freshness check), sorted."""
    from dark_social.quality import SUITES_DIR

    return sorted(
        path.stem
        for path in SUITES_DIR.glob("*.json")
        if "expect_column_max_to_be_between" in path.read_text() and '"session_date"' in path.read_text()
    )


def gate(args: list[str], database: Path, cwd: Path = PROJECT_DIR) -> subprocess.CompletedProcess:
    env = {**os.environ, "DARK_SOCIAL_DUCKDB_PATH": str(database)}
    return subprocess.run(
        [GATE, "gate", *args], env=env, cwd=cwd, capture_output=True, text=True, check=False
    )


def test_gate_command_exit_codes(built: tuple[Path, dict], tmp_path: Path) -> None:
    """0 passed, 1 expectations failed, 2 usage or configuration, 3 warehouse unreachable or not built."""
    database, _ = built
    where = [
        "--profiles-dir",
        str(PROJECT_DIR),
        "--project-dir",
        str(PROJECT_DIR),
        "--docs-dir",
        str(tmp_path),
    ]
    good = gate([*where, "--as-of", LAST_DAY.isoformat()], database)
    assert good.returncode == 0, good.stdout + good.stderr
    assert re.search(r"Quality gate passed: \d+ expectations on DuckDB file", good.stdout), good.stdout
    assert "(profile dark_social, target duckdb)" in good.stdout

    stale = gate([*where, "--as-of", "2026-01-01"], database)
    assert stale.returncode == 1
    assert sum(line.startswith("FAILED fct_") for line in stale.stdout.splitlines()) == len(
        freshness_suites()
    )

    unknown_target = gate([*where, "--target", "nope"], database)
    assert unknown_target.returncode == 2
    assert "does not have a target named 'nope'" in unknown_target.stderr
    no_profiles = gate(["--profiles-dir", str(tmp_path), "--project-dir", str(PROJECT_DIR)], database)
    assert no_profiles.returncode == 2 and "no profiles.yml" in no_profiles.stderr
    bad_day = gate([*where, "--as-of", "yesterday"], database)
    assert bad_day.returncode == 2

    missing = gate(where, tmp_path / "absent.duckdb")
    assert missing.returncode == 3 and "run `dbt build` first" in missing.stderr
    duckdb.connect(str(tmp_path / "empty.duckdb")).close()
    empty = gate(where, tmp_path / "empty.duckdb")
    assert empty.returncode == 3 and "no build of dark_social" in empty.stderr


def test_gate_reads_its_freshness_bound_from_the_build(built: tuple[Path, dict], tmp_path: Path) -> None:
    """Without --max-age-days, the latest day may be as old as `dbt source freshness` allows
    (dark_social__freshness_error_after_hours, 48 by default: two days)."""
    database, _ = built
    assert run_gate(database, as_of=LAST_DAY + dt.timedelta(days=2)).success
    late = run_gate(database, as_of=LAST_DAY + dt.timedelta(days=3))
    assert [line.split(":")[0] for line in late.failures] == [f"FAILED {name}" for name in freshness_suites()]


def test_gate_takes_its_bounds_from_the_build_not_from_the_package_defaults(
    built: tuple[Path, dict], generated: tuple[Path, dict], tmp_path: Path
) -> None:
    """A user's var moves the dbt test and the gate together (dim_dark_social_settings): the
    settings mart and the bound's test rebuilt with a tight bound on a copy of the build."""
    from conftest import run_dbt
    from dark_social.cli import raw_hits_location

    raw_dir, _ = generated
    database = tmp_path / "tight.duckdb"
    shutil.copyfile(built[0], database)
    tight = {
        "dark_social__raw_hits_location": raw_hits_location(raw_dir),
        "dark_social__dark_share_of_direct_max": 0.01,
        "dark_social__freshness_error_after_hours": 24 * 9,
    }
    selection = [
        "build",
        "--select",
        "dim_dark_social_settings",
        "fct_dark_social_daily,test_name:share_within_bounds",
    ]
    build = run_dbt(selection, database, tight)
    assert build.returncode == 0, build.output[-3000:]  # the bound's severity is `warn`
    assert "WARN 1 dark_social_share_within_bounds_fct_dark_social_daily" in build.output
    result = run_gate(database, as_of=LAST_DAY + dt.timedelta(days=9))
    assert [line for line in result.failures if "dark_share_of_direct" in line], result.failures
    assert not [line for line in result.failures if "session_date" in line]  # 9 days allowed now
