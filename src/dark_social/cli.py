"""Command line: the quality gate for any build of the package, and the demo of this checkout.

dark-social gate --target prod               # the quality gate on the warehouse of a dbt target
                                             # (exit 0 pass, 1 failed, 2 usage/config, 3 no warehouse)

Demo-only (this repository's checkout, its generated data; never in a scheduled run):
dark-social generate --hits 200000           # demo raw hits -> data/raw (Parquet)
dark-social run --demo-data                  # generate if absent, dbt build, summary, gate, report
dark-social build [--wait S] -- [dbt args]   # dbt build into a copy, swapped in when it passes
dark-social report --days 28                 # the dark social report (HTML + PNGs) from the marts
dark-social dbt -- build --select staging    # any dbt command on the demo data (your --vars win)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import errno
import fcntl
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import yaml

from dark_social import PROJECT_DIR
from dark_social.warehouse import connect

DEFAULT_RAW_DIR = Path("data/raw")
DEFAULT_DEMO_HITS = 200_000
#: Exit code of a build that found another build running (EX_TEMPFAIL: try again later).
BUILD_BUSY = 75


def raw_hits_location(raw_dir: Path) -> str:
    """The DuckDB table function that reads the generated hits in place."""
    pattern = (raw_dir / "hits" / "*.parquet").as_posix().replace("'", "''")
    return f"read_parquet('{pattern}')"


def database_path() -> Path:
    return PROJECT_DIR / os.environ.get("DARK_SOCIAL_DUCKDB_PATH", "data/dark_social.duckdb")


def ensure_profiles() -> None:
    """Use profiles.yml when the user has one, else the example (DuckDB by default)."""
    profiles = PROJECT_DIR / "profiles.yml"
    if not profiles.exists() and not os.environ.get("DBT_PROFILES_DIR"):
        shutil.copyfile(PROJECT_DIR / "profiles.example.yml", profiles)


DEMO_ONLY = (
    "(demo only: runs in this repository's checkout on its generated demo data; in your own project "
    "run `dbt build` and `dark-social gate`)"
)


def merge_vars(args: Sequence[str], demo_vars: dict[str, object]) -> list[str]:
    """The dbt arguments with one `--vars`: the demo's, then each of the user's over them.

    dbt keeps only the last `--vars` it is given, so appending the demo's would silently drop the
    user's; merged here, the user's values win key by key. Values are YAML, as dbt reads them.
    """
    merged: dict[str, object] = dict(demo_vars)
    rest: list[str] = []
    items = list(args)
    index = 0
    while index < len(items):
        item = items[index]
        if item == "--vars" or item.startswith("--vars="):
            if item == "--vars":
                if index + 1 >= len(items):
                    raise SystemExit("dark-social dbt: --vars needs a value, e.g. --vars '{key: value}'")
                text, index = items[index + 1], index + 2
            else:
                text, index = item.split("=", 1)[1], index + 1
            try:
                given = yaml.safe_load(text) if text.strip() else {}
            except yaml.YAMLError as error:
                raise SystemExit(f"dark-social dbt: --vars is not YAML: {error}") from error
            if not isinstance(given, dict):
                raise SystemExit(f"dark-social dbt: --vars must be a mapping, got {text!r}")
            merged.update(given)
            continue
        rest.append(item)
        index += 1
    if rest and rest[0] == "--":
        rest = rest[1:]
    return [*rest, "--vars", json.dumps(merged, default=str)] if merged else rest


def dbt(
    args: Sequence[str],
    dbt_vars: dict[str, object] | None = None,
    env_overrides: dict[str, str] | None = None,
) -> int:
    """Run dbt from this virtual environment in the project directory; return its exit code."""
    ensure_profiles()
    command = [str(Path(sys.executable).with_name("dbt")), *merge_vars(args, dbt_vars or {})]
    env = dict(os.environ)
    env.setdefault("DBT_PROFILES_DIR", str(PROJECT_DIR))
    env.update(env_overrides or {})
    print("+ " + " ".join(command), flush=True)
    return subprocess.run(command, cwd=PROJECT_DIR, env=env, check=False).returncode


class BuildBusy(RuntimeError):
    """Another build holds the database's build lock."""


@contextlib.contextmanager
def build_lock(database: Path, wait_seconds: float) -> Iterator[None]:
    """The database's build lock (`<database>.lock`, an flock released when the process ends,
    however it ends): at once, or within `wait_seconds`; BuildBusy naming the holder otherwise."""
    lock_path = database.with_name(database.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "unknown process"
                    waited = f" (waited {wait_seconds:g} s)" if wait_seconds else ""
                    raise BuildBusy(
                        f"another build is running on {database}: {holder}{waited}. Wait for it to "
                        "finish, or pass --wait SECONDS to queue behind it."
                    ) from None
                time.sleep(min(0.5, max(deadline - time.monotonic(), 0.01)))
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, started {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M:%S} UTC\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            handle.flush()


def swap_build(args: Sequence[str], dbt_vars: dict[str, object] | None, wait_seconds: float) -> int:
    """dbt `args` on a copy of the DuckDB file, swapped in (an atomic rename) only when dbt passes.

    Readers (a BI tool polling the file read-only) never block the build, which writes a file no
    reader opens, and never see a half-built mart: a reader that opened the file before the
    swap keeps reading the previous build, the next one opens the new build. A failed build
    leaves the published file as it was. One build at a time per file (`build_lock`).
    """
    database = database_path()
    with build_lock(database, wait_seconds):
        # the lock is ours: a copy left by a killed build is nobody's
        for left in database.parent.glob(f".{database.name}.build-*"):
            left.unlink(missing_ok=True)
        staging = database.with_name(f".{database.name}.build-{os.getpid()}")
        for suffix in ("", ".wal"):
            Path(str(staging) + suffix).unlink(missing_ok=True)
            source = Path(str(database) + suffix)
            if source.exists():
                shutil.copyfile(source, Path(str(staging) + suffix))
        copied = staging.stat().st_mtime_ns if staging.exists() else None
        try:
            code = dbt(args, dbt_vars, {"DARK_SOCIAL_DUCKDB_PATH": str(staging)})
            written = staging.stat().st_mtime_ns if staging.exists() else None
            if code == 0 and (written is None or written == copied):
                print(
                    f"dbt did not write {staging}: the profile's DuckDB path must read the environment "
                    "variable DARK_SOCIAL_DUCKDB_PATH (profiles.example.yml); nothing was swapped.",
                    file=sys.stderr,
                )
                return 2
            if code == 0:
                if Path(str(staging) + ".wal").exists():
                    raise RuntimeError(f"{staging}.wal is left after the build: not swapping a file in use")
                os.replace(staging, database)
                Path(str(database) + ".wal").unlink(missing_ok=True)
                print(f"Published the build: {database}")
            else:
                print(f"dbt exited with {code}: {database} is left as it was.", file=sys.stderr)
            return code
        finally:
            for suffix in ("", ".wal"):
                Path(str(staging) + suffix).unlink(missing_ok=True)


def generate_if_absent(raw_dir: Path, hits: int, seed: int, demo_data: bool) -> bool:
    """Demo hits in raw_dir: there already, or generated when asked (`--demo-data`); False when neither."""
    from dark_social.generator import generate

    absolute = raw_dir if raw_dir.is_absolute() else PROJECT_DIR / raw_dir
    if any((absolute / "hits").glob("*.parquet")):
        print(f"Demo data already in {absolute / 'hits'}; delete it to regenerate.")
        return True
    if not demo_data:
        print(
            f"No raw hits in {absolute / 'hits'}. `dark-social run` is the demo: pass --demo-data to "
            "generate its data (`make run` does), or point the package at your hits and run `dbt build` "
            'then `dark-social gate` (README, "Install it as a package").',
            file=sys.stderr,
        )
        return False
    started = time.perf_counter()
    summary = generate(absolute, hits=hits, seed=seed)
    print(
        f"Generated {summary.hits_written:,} raw hits ({summary.visits:,} visits) in "
        f"{time.perf_counter() - started:.1f} s into {absolute}."
    )
    return True


def print_summary() -> None:

    path = database_path()
    with connect(path) as connection:
        tables = connection.execute(
            "select table_schema, table_name, table_type from information_schema.tables "
            "where table_schema not in ('information_schema', 'pg_catalog') order by 1, 2"
        ).fetchall()
        print(f"\nResults are in {path}:")
        for schema, name, kind in tables:
            rows = connection.execute(f'select count(*) from "{schema}"."{name}"').fetchone()[0]
            print(f"  {schema}.{name:<32} {kind.lower():<10} {rows:>12,} rows")


def command_generate(arguments: argparse.Namespace) -> int:
    from dark_social.generator import generate

    print(f"dark-social generate {DEMO_ONLY}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    summary = generate(Path(arguments.out), hits=arguments.hits, seed=arguments.seed, days=arguments.days)
    print(json.dumps(summary.to_dict(), indent=2, default=str))
    print(f"done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


#: The gate's exit codes, for schedulers (README, "Scheduling").
EXIT_PASSED, EXIT_FAILED, EXIT_USAGE, EXIT_NO_WAREHOUSE = 0, 1, 2, 3


def gate(
    as_of: dt.date | None,
    max_age_days: int | None,
    docs_dir: Path | None = None,
    project_dir: Path | None = None,
    profiles_dir: Path | None = None,
    profile: str | None = None,
    target: str | None = None,
    schema: str | None = None,
) -> int:
    """Run the quality gate on a dbt target's warehouse; print one line per failure and a verdict."""
    from dark_social.profiles import GateError, warehouse_from_profile
    from dark_social.quality import result_path, run_gate, store_result

    started = time.perf_counter()
    try:
        warehouse = warehouse_from_profile(project_dir, profiles_dir, profile, target, schema)
        docs_dir = docs_dir or (warehouse_project_dir(project_dir) / "target" / "dark_social_data_docs")
        result = run_gate(warehouse, as_of=as_of, max_age_days=max_age_days, docs_dir=docs_dir)
        # the report shows the gate's latest verdict for the same warehouse
        store_result(
            result,
            warehouse.location,
            as_of or dt.datetime.now(dt.UTC).date(),
            result_path(warehouse_project_dir(project_dir)),
        )
    except GateError as error:
        print(f"Quality gate not run: {error}", file=sys.stderr)
        return error.exit_code
    for line in result.failures:
        print(line)
    verdict = "passed" if result.success else f"FAILED ({len(result.failures)} failed)"
    print(
        f"Quality gate {verdict}: {result.evaluated} expectations on {warehouse.description}, "
        f"schema {warehouse.schema}, in {time.perf_counter() - started:.1f} s; Data Docs: {result.docs_index}"
    )
    return EXIT_PASSED if result.success else EXIT_FAILED


def warehouse_project_dir(project_dir: Path | None) -> Path:
    return (project_dir or Path(os.environ.get("DBT_PROJECT_DIR") or Path.cwd())).resolve()


def latest_day() -> dt.date:

    with connect(database_path()) as connection:
        return connection.execute("select max(session_date) from fct_dark_social_daily").fetchall()[0][0]


def command_run(arguments: argparse.Namespace) -> int:
    print(f"dark-social run {DEMO_ONLY}", flush=True)
    raw_dir = Path(arguments.raw_dir)
    if not generate_if_absent(raw_dir, arguments.hits, arguments.seed, arguments.demo_data):
        return EXIT_USAGE
    dbt_vars = {"dark_social__raw_hits_location": raw_hits_location(raw_dir)}
    started = time.perf_counter()
    try:
        code = swap_build(["build"], dbt_vars, arguments.wait)
    except BuildBusy as busy:
        print(f"dark-social: {busy}", file=sys.stderr)
        return BUILD_BUSY
    print(f"dbt build finished in {time.perf_counter() - started:.1f} s with exit code {code}.")
    if code != 0:
        return code
    print_summary()
    # The demo data is a fixed week in the past: judge its freshness as of its own last day.
    gate_code = gate(
        as_of=latest_day(),
        max_age_days=arguments.max_age_days,
        docs_dir=PROJECT_DIR / "data" / "quality" / "data_docs",
        project_dir=PROJECT_DIR,
        profiles_dir=Path(os.environ.get("DBT_PROFILES_DIR") or PROJECT_DIR),
    )
    # the report shows the gate's verdict, so it is written whatever the verdict
    report_code = report(
        argparse.Namespace(
            days=None,
            host=None,
            out=str(PROJECT_DIR / "data" / "report" / "dark_social_report.html"),
            project_dir=str(PROJECT_DIR),
            profiles_dir=os.environ.get("DBT_PROFILES_DIR") or str(PROJECT_DIR),
            profile=None,
            target=None,
            schema=None,
        )
    )
    return gate_code or report_code


def report(arguments: argparse.Namespace) -> int:
    from dark_social.quality import result_path
    from dark_social.report import DEFAULT_DAYS, ReportError, build_report, default_out, open_target

    project_dir = warehouse_project_dir(Path(arguments.project_dir) if arguments.project_dir else None)
    if project_dir == PROJECT_DIR.resolve():
        ensure_profiles()  # this checkout: the example profile unless there is a profiles.yml
    try:
        warehouse = open_target(
            arguments.profiles_dir, arguments.target, arguments.schema, project_dir, arguments.profile
        )
    except ReportError as error:
        print(f"dark-social report: {error}", file=sys.stderr)
        return 2
    try:
        result = build_report(
            warehouse,
            out=Path(arguments.out) if arguments.out else default_out(project_dir),
            days=arguments.days or DEFAULT_DAYS,
            host=arguments.host,
            gate_result=result_path(project_dir),
        )
    except ReportError as error:
        print(f"dark-social report: {error}", file=sys.stderr)
        return 2
    finally:
        warehouse.close()
    what = (
        "no data yet"
        if result.empty
        else f"{len(result.charts)} charts, PNGs in {result.html_path.parent / 'charts'}"
    )
    print(f"Report ({what}, {result.seconds:.1f} s): {result.html_path.resolve()}")
    return 0


def command_gate(arguments: argparse.Namespace) -> int:
    try:
        as_of = dt.date.fromisoformat(arguments.as_of) if arguments.as_of else None
    except ValueError:
        print(f"--as-of must be a day, YYYY-MM-DD: {arguments.as_of!r}", file=sys.stderr)
        return EXIT_USAGE
    return gate(
        as_of=as_of,
        max_age_days=arguments.max_age_days,
        docs_dir=Path(arguments.docs_dir) if arguments.docs_dir else None,
        project_dir=Path(arguments.project_dir) if arguments.project_dir else None,
        profiles_dir=Path(arguments.profiles_dir) if arguments.profiles_dir else None,
        profile=arguments.profile,
        target=arguments.target,
        schema=arguments.schema,
    )


def command_dbt(arguments: argparse.Namespace) -> int:
    print(f"dark-social dbt {DEMO_ONLY}", file=sys.stderr, flush=True)
    dbt_vars = {"dark_social__raw_hits_location": raw_hits_location(Path(arguments.raw_dir))}
    return dbt(arguments.dbt_args, dbt_vars)


def command_build(arguments: argparse.Namespace) -> int:
    dbt_args = [argument for argument in arguments.dbt_args if argument != "--"]
    dbt_vars = {"dark_social__raw_hits_location": raw_hits_location(Path(arguments.raw_dir))}
    if arguments.raw_location:
        dbt_vars["dark_social__raw_hits_location"] = arguments.raw_location
    if arguments.no_demo_vars:
        dbt_vars = {}
    try:
        return swap_build(["build", *dbt_args], dbt_vars, arguments.wait)
    except BuildBusy as busy:
        print(f"dark-social: {busy}", file=sys.stderr)
        return BUILD_BUSY


def command_accuracy(arguments: argparse.Namespace) -> int:
    from dark_social.accuracy import measure

    raw_dir = Path(arguments.raw_dir)
    truth_dir = (raw_dir if raw_dir.is_absolute() else PROJECT_DIR / raw_dir) / "truth"
    if not any(truth_dir.glob("*.parquet")):
        print(
            f"No generator truth in {truth_dir}: run `dark-social run --demo-data` (or generate) first.",
            file=sys.stderr,
        )
        return 2
    database = database_path()
    if not database.exists():
        print(f"No database at {database}: run `dark-social run --demo-data` first.", file=sys.stderr)
        return 2
    print("\n".join(measure(database, truth_dir).lines()))
    return 0


WAIT_HELP = (
    "when another build of the same file is running, wait up to this many seconds for it "
    f"(default 0: exit at once with code {BUILD_BUSY})"
)


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="dark-social", description=__doc__.split("\n")[0])
    commands = root.add_subparsers(dest="command", required=True)

    quality = commands.add_parser(
        "gate",
        help="Great Expectations quality gate on the marts of a dbt target "
        "(exit 0 passed, 1 expectations failed, 2 usage or configuration, "
        "3 warehouse unreachable or not built)",
    )
    add_target_arguments(quality)
    quality.add_argument("--as-of", help="judge freshness as of this day (YYYY-MM-DD); default: today, UTC")
    quality.add_argument(
        "--max-age-days",
        type=int,
        help="the latest day may be this many days old (default: the build's "
        "dark_social__freshness_error_after_hours, in whole days)",
    )
    quality.add_argument(
        "--docs-dir", help="where to write Data Docs (default: <project-dir>/target/dark_social_data_docs)"
    )
    quality.set_defaults(handler=command_gate)

    generate = commands.add_parser("generate", help="demo only: write deterministic demo raw hits (Parquet)")
    generate.add_argument("--hits", type=int, default=DEFAULT_DEMO_HITS)
    generate.add_argument("--seed", type=int, default=42)
    generate.add_argument("--days", type=int, default=7)
    generate.add_argument("--out", default=str(PROJECT_DIR / DEFAULT_RAW_DIR))
    generate.set_defaults(handler=command_generate)

    run = commands.add_parser(
        "run", help="demo only: dbt build on the demo data (generated first with --demo-data), then the gate"
    )
    run.add_argument(
        "--demo-data",
        action="store_true",
        help="generate the demo hits when the raw directory has none (without it, nothing is generated)",
    )
    run.add_argument(
        "--hits", type=int, default=int(os.environ.get("DARK_SOCIAL_DEMO_HITS", DEFAULT_DEMO_HITS))
    )
    run.add_argument("--seed", type=int, default=42)
    run.add_argument("--raw-dir", default=str(DEFAULT_RAW_DIR))
    run.add_argument("--max-age-days", type=int, default=2)
    run.add_argument("--wait", type=float, default=0, help=WAIT_HELP)
    run.set_defaults(handler=command_run)

    build = commands.add_parser(
        "build", help="dbt build into a copy of the DuckDB file, swapped in when it passes"
    )
    build.add_argument("--wait", type=float, default=0, help=WAIT_HELP)
    build.add_argument("--raw-dir", default=str(DEFAULT_RAW_DIR))
    build.add_argument("--raw-location", help="var dark_social__raw_hits_location (default: the demo hits)")
    build.add_argument(
        "--no-demo-vars",
        action="store_true",
        help="no raw-hits location var (yours come from dbt_project.yml or --vars)",
    )
    build.add_argument("dbt_args", nargs=argparse.REMAINDER, help="more dbt build arguments, after --")
    build.set_defaults(handler=command_build)

    report_command = commands.add_parser(
        "report", help="the dark social report: one self-contained HTML file and a PNG per chart"
    )
    report_command.add_argument(
        "--days", type=int, help="the period: this many days up to the last day with data (default 28)"
    )
    report_command.add_argument("--host", help="one site (landing host) of multi-site data")
    report_command.add_argument(
        "--out", help="the HTML file (default: <project-dir>/target/dark_social_report/)"
    )
    add_target_arguments(report_command)
    report_command.set_defaults(handler=report)

    accuracy = commands.add_parser(
        "accuracy", help="demo only: precision and recall of is_dark_social vs the generator's truth"
    )
    accuracy.add_argument("--raw-dir", default=str(DEFAULT_RAW_DIR))
    accuracy.set_defaults(handler=command_accuracy)

    passthrough = commands.add_parser(
        "dbt", help="demo only: any dbt command on the demo data; your --vars are merged over the demo's"
    )
    passthrough.add_argument("--raw-dir", default=str(DEFAULT_RAW_DIR))
    passthrough.add_argument("dbt_args", nargs=argparse.REMAINDER)
    passthrough.set_defaults(handler=command_dbt)
    return root


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    """The warehouse a command reads, named as for dbt (the gate and the report)."""
    parser.add_argument("--project-dir", help="the dbt project you build (default: DBT_PROJECT_DIR, else .)")
    parser.add_argument(
        "--profiles-dir", help="where profiles.yml is, as for dbt (DBT_PROFILES_DIR, else ., else ~/.dbt)"
    )
    parser.add_argument("--profile", help="the profile (default: DBT_PROFILE, else the project's `profile:`)")
    parser.add_argument("--target", help="the target (default: DBT_TARGET, else the profile's default)")
    parser.add_argument(
        "--schema",
        help="the schema of the package's relations (default: the one holding dim_dark_social_settings)",
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    return int(arguments.handler(arguments))


if __name__ == "__main__":
    raise SystemExit(main())
