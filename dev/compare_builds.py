"""Prove a refactor changes no result: build two checkouts on the same inputs, compare every mart.

    # once: the inputs every build reads (demo hits, engine fixture, GA4 and Segment fixtures)
    python dev/compare_builds.py inputs --out /tmp/inputs
    # a build of each checkout (e.g. a worktree of the previous main, then this one)
    git worktree add ../before origin/main      # beside this checkout, so ../shared resolves
    python dev/compare_builds.py snapshot --project ../before --inputs /tmp/inputs --out /tmp/before
    python dev/compare_builds.py snapshot --project . --inputs /tmp/inputs --out /tmp/after
    # every relation of both snapshots compared row for row (dark_social.compare)
    python dev/compare_builds.py compare /tmp/before /tmp/after

Datasets: `demo` (200,000 generated hits, as `make run`), `engine_fixture` (the cross-engine
fixture with every hostile row), the three real datasets of ../shared/datasets (`shop_events`,
`apache_access_log`, `snowplow_events`, through the project's own `examples/*.vars.yml`), and
the `ga4` and `segment` fixtures of the tests. Each snapshot is one Parquet file per relation of
each build. `compare` exits 1 on any difference and prints what differs; `--rename old=new`
matches a relation renamed between the two checkouts, `--common-columns` compares only the
columns both have (a change that adds columns).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

HERE = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(HERE / "src"), str(HERE / "tests_python"), str(HERE / "tests_engines")]

from dark_social.compare import compare_tables  # noqa: E402


def package_schema(connection: duckdb.DuckDBPyConnection) -> str:
    """The schema of the build (older checkouts built into `main`, newer ones into a custom schema)."""
    found = connection.execute(
        "select distinct table_schema from information_schema.tables "
        "where table_name in ('dim_dark_social_settings', 'fct_dark_social_daily') order by 1"
    ).fetchall()
    return found[0][0] if found else "main"


DEMO_HITS = 200_000
DATASETS = ("demo", "engine_fixture", "shop_events", "apache_access_log", "snowplow_events", "ga4", "segment")


def write_inputs(out: Path) -> None:
    """The generated inputs, written once and shared by every snapshot."""
    from dark_social.generator import generate
    from fixture import write_fixture
    from fixtures.source_adapters import write_ga4_events, write_segment_pages

    out.mkdir(parents=True, exist_ok=True)
    generate(out / "demo", hits=DEMO_HITS, seed=42)
    write_fixture(out / "engine_fixture")
    write_ga4_events(out / "ga4")
    write_segment_pages(out / "segment")


def dataset_vars(name: str, project: Path, inputs: Path) -> str:
    """The --vars of one dataset's build (JSON, or a project's examples/*.vars.yml verbatim)."""
    if name == "demo":
        return json.dumps({"dark_social__raw_hits_location": f"read_parquet('{inputs}/demo/hits/*.parquet')"})
    if name == "engine_fixture":
        location = f"read_parquet('{inputs}/engine_fixture/raw_hits.parquet')"
        return json.dumps({"dark_social__raw_hits_location": location})
    if name == "ga4":
        location = f"read_parquet('{inputs}/ga4/*.parquet')"
        return json.dumps(
            {"dark_social__source_adapter": "ga4", "dark_social__ga4_events_location": location}
        )
    if name == "segment":
        location = f"read_parquet('{inputs}/segment/*.parquet')"
        return json.dumps(
            {"dark_social__source_adapter": "segment", "dark_social__segment_pages_location": location}
        )
    return (project / "examples" / f"{name}.vars.yml").read_text()


def snapshot(project: Path, inputs: Path, out: Path, datasets: list[str], extra: list[str]) -> None:
    """Build `project` on each dataset and write every relation of the build as Parquet."""
    dbt = Path(sys.executable).with_name("dbt")
    out.mkdir(parents=True, exist_ok=True)
    for name in datasets:
        with tempfile.TemporaryDirectory() as scratch:
            work = Path(scratch)
            shutil.copyfile(project / "profiles.example.yml", work / "profiles.yml")
            database = work / "build.duckdb"
            env = {
                **os.environ,
                "DBT_PROFILES_DIR": str(work),
                "DARK_SOCIAL_DUCKDB_PATH": str(database),
                "DBT_TARGET_PATH": str(work / "target"),
                "DBT_LOG_PATH": str(work / "logs"),
            }
            started = time.perf_counter()
            for args in (["deps"], ["build", "--vars", dataset_vars(name, project, inputs), *extra]):
                done = subprocess.run(
                    [str(dbt), *args], cwd=project, env=env, capture_output=True, text=True, check=False
                )
                if done.returncode != 0:
                    raise SystemExit(f"{name}: dbt {args[0]} failed in {project}:\n{done.stdout[-6000:]}")
            target = out / name
            if target.exists():
                shutil.rmtree(target)
            target.mkdir()
            with duckdb.connect(str(database), read_only=True) as connection:
                schema = package_schema(connection)
                relations = [
                    row[0]
                    for row in connection.execute(
                        "select table_name from information_schema.tables where table_schema = ? "
                        "order by table_name",
                        [schema],
                    ).fetchall()
                ]
                for relation in relations:
                    path = (target / f"{relation}.parquet").as_posix().replace("'", "''")
                    connection.execute(
                        f'copy (select * from "{schema}"."{relation}") to \'{path}\' (format parquet)'
                    )
            print(f"{name}: {len(relations)} relations in {time.perf_counter() - started:.0f} s -> {target}")


def compare(
    before: Path, after: Path, renames: dict[str, str], common_columns: bool, only: set[str], ignore: set[str]
) -> int:
    problems: list[str] = []
    compared = 0
    for dataset in sorted(path.name for path in before.iterdir() if path.is_dir()):
        if not (after / dataset).is_dir():
            problems.append(f"{dataset}: missing from {after}")
            continue
        left = {path.stem: path for path in (before / dataset).glob("*.parquet")}
        right = {path.stem: path for path in (after / dataset).glob("*.parquet")}
        for name, path in sorted(left.items()):
            if only and name not in only:
                continue
            other = right.get(renames.get(name, name))
            if other is None:
                print(f"  {dataset}: {name} has no counterpart after (not compared)")
                continue
            left_table, right_table = pq.read_table(path), pq.read_table(other)
            if common_columns:
                shared = [c for c in left_table.column_names if c in set(right_table.column_names)]
                left_table, right_table = left_table.select(shared), right_table.select(shared)
            dropped = [c for c in left_table.column_names if f"{name}.{c}" in ignore]
            left_table = left_table.drop_columns(dropped)
            right_table = right_table.drop_columns([c for c in dropped if c in right_table.column_names])
            found = compare_tables(f"{dataset}.{name}", left_table, right_table, "before", "after")
            compared += 1
            problems += found
            print(f"  {dataset}.{name}: {left_table.num_rows} rows, {'equal' if not found else 'DIFFERENT'}")
    for line in problems:
        print(line)
    print(f"{compared} relations compared, {len(problems)} differences")
    return 1 if problems else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    inputs = commands.add_parser("inputs")
    inputs.add_argument("--out", type=Path, required=True)
    snap = commands.add_parser("snapshot")
    snap.add_argument("--project", type=Path, required=True)
    snap.add_argument("--inputs", type=Path, required=True)
    snap.add_argument("--out", type=Path, required=True)
    snap.add_argument("--datasets", default=",".join(DATASETS))
    snap.add_argument(
        "--dbt-args",
        default="",
        help="more arguments of `dbt build`, e.g. '--exclude-resource-type unit_test'",
    )
    comp = commands.add_parser("compare")
    comp.add_argument("before", type=Path)
    comp.add_argument("after", type=Path)
    comp.add_argument("--rename", action="append", default=[], help="old=new relation name")
    comp.add_argument("--common-columns", action="store_true")
    comp.add_argument("--only", default="", help="comma-separated relations to compare (default: all)")
    comp.add_argument(
        "--ignore",
        default="",
        help="comma-separated relation.column left out (a column whose meaning changed)",
    )
    arguments = parser.parse_args()
    if arguments.command == "inputs":
        write_inputs(arguments.out.resolve())
        return 0
    if arguments.command == "snapshot":
        snapshot(
            arguments.project.resolve(),
            arguments.inputs.resolve(),
            arguments.out.resolve(),
            arguments.datasets.split(","),
            arguments.dbt_args.split(),
        )
        return 0
    renames = dict(item.split("=", 1) for item in arguments.rename)
    only = {name for name in arguments.only.split(",") if name}
    ignore = {name for name in arguments.ignore.split(",") if name}
    return compare(arguments.before, arguments.after, renames, arguments.common_columns, only, ignore)


if __name__ == "__main__":
    raise SystemExit(main())
