"""Command line: generate demo hits, build the dbt project on them, print where results are.

dark-social generate --hits 200000          # demo raw hits -> data/raw (Parquet)
dark-social run                             # generate if absent, dbt seed + build, summary
dark-social report --days 28               # the dark social report (HTML + PNGs) from the marts
dark-social dbt -- build --select staging   # any dbt command with the demo configuration
dark-social build [--wait S] -- [dbt args]  # dbt build into a copy, swapped in when it passes
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


def dbt(
    args: Sequence[str],
    dbt_vars: dict[str, object] | None = None,
    env_overrides: dict[str, str] | None = None,
) -> int:
    """Run dbt from this virtual environment in the project directory; return its exit code."""
    ensure_profiles()
    command = [str(Path(sys.executable).with_name("dbt")), *args]
    if dbt_vars:
        command += ["--vars", json.dumps(dbt_vars)]
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


def generate_if_absent(raw_dir: Path, hits: int, seed: int) -> None:
    from dark_social.generator import generate

    absolute = raw_dir if raw_dir.is_absolute() else PROJECT_DIR / raw_dir
    if any((absolute / "hits").glob("*.parquet")):
        print(f"Demo data already in {absolute / 'hits'}; delete it to regenerate.")
        return
    started = time.perf_counter()
    summary = generate(absolute, hits=hits, seed=seed)
    print(
        f"Generated {summary.hits_written:,} raw hits ({summary.visits:,} visits) in "
        f"{time.perf_counter() - started:.1f} s into {absolute}."
    )


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

    started = time.perf_counter()
    summary = generate(Path(arguments.out), hits=arguments.hits, seed=arguments.seed, days=arguments.days)
    print(json.dumps(summary.to_dict(), indent=2, default=str))
    print(f"done in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


def gate(as_of: dt.date | None, max_age_days: int, docs_dir: Path | None = None) -> int:
    from dark_social.quality import DOCS_DIR, run_gate, store_result

    started = time.perf_counter()
    result = run_gate(database_path(), as_of=as_of, max_age_days=max_age_days, docs_dir=docs_dir or DOCS_DIR)
    store_result(result, database_path(), as_of or dt.datetime.now(dt.UTC).date())
    for line in result.failures:
        print(line)
    verdict = "passed" if result.success else f"FAILED ({len(result.failures)} failed)"
    print(
        f"Quality gate {verdict}: {result.evaluated} expectations in {time.perf_counter() - started:.1f} s; "
        f"Data Docs: {result.docs_index}"
    )
    return 0 if result.success else 1


def latest_day() -> dt.date:

    with connect(database_path()) as connection:
        return connection.execute("select max(session_date) from fct_dark_social_daily").fetchall()[0][0]


def command_run(arguments: argparse.Namespace) -> int:
    raw_dir = Path(arguments.raw_dir)
    generate_if_absent(raw_dir, arguments.hits, arguments.seed)
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
    gate_code = gate(as_of=latest_day(), max_age_days=arguments.max_age_days)
    # the report shows the gate's verdict, so it is written whatever the verdict
    report_code = report(argparse.Namespace(days=None, host=None, out=None, profiles_dir=None, target=None))
    return gate_code or report_code


def report(arguments: argparse.Namespace) -> int:
    from dark_social.report import DEFAULT_DAYS, DEFAULT_OUT, ReportError, build_report, open_target

    ensure_profiles()
    try:
        warehouse = open_target(arguments.profiles_dir, arguments.target)
    except ReportError as error:
        print(f"dark-social report: {error}", file=sys.stderr)
        return 2
    try:
        result = build_report(
            warehouse,
            out=Path(arguments.out) if arguments.out else DEFAULT_OUT,
            days=arguments.days or DEFAULT_DAYS,
            host=arguments.host,
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
    as_of = dt.date.fromisoformat(arguments.as_of) if arguments.as_of else None
    docs_dir = Path(arguments.docs_dir) if arguments.docs_dir else None
    return gate(as_of=as_of, max_age_days=arguments.max_age_days, docs_dir=docs_dir)


def command_dbt(arguments: argparse.Namespace) -> int:
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
            f"No generator truth in {truth_dir}: run `dark-social run` (or generate) first.", file=sys.stderr
        )
        return 2
    database = database_path()
    if not database.exists():
        print(f"No database at {database}: run `dark-social run` first.", file=sys.stderr)
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

    generate = commands.add_parser("generate", help="write deterministic demo raw hits (Parquet)")
    generate.add_argument("--hits", type=int, default=DEFAULT_DEMO_HITS)
    generate.add_argument("--seed", type=int, default=42)
    generate.add_argument("--days", type=int, default=7)
    generate.add_argument("--out", default=str(PROJECT_DIR / DEFAULT_RAW_DIR))
    generate.set_defaults(handler=command_generate)

    run = commands.add_parser("run", help="generate demo hits if absent, then dbt build")
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

    quality = commands.add_parser(
        "gate", help="Great Expectations quality gate on the marts (exit 1 and one line per failure)"
    )
    quality.add_argument("--as-of", help="judge freshness as of this day (YYYY-MM-DD); default: today, UTC")
    quality.add_argument(
        "--max-age-days", type=int, default=2, help="the latest day may be this many days old"
    )
    quality.add_argument("--docs-dir", help="where to write Data Docs (default: data/quality/data_docs)")
    quality.set_defaults(handler=command_gate)

    report_command = commands.add_parser(
        "report", help="the dark social report: one self-contained HTML file and a PNG per chart"
    )
    report_command.add_argument(
        "--days", type=int, help="the period: this many days up to the last day with data (default 28)"
    )
    report_command.add_argument("--host", help="one site (landing host) of multi-site data")
    report_command.add_argument("--out", help="the HTML file (default data/report/dark_social_report.html)")
    report_command.add_argument(
        "--profiles-dir", help="where profiles.yml is (default: DBT_PROFILES_DIR, the project)"
    )
    report_command.add_argument(
        "--target", help="the dbt target to read (default: the profile's; duckdb or postgres)"
    )
    report_command.set_defaults(handler=report)

    accuracy = commands.add_parser("accuracy", help="precision and recall of is_dark_social vs the truth")
    accuracy.add_argument("--raw-dir", default=str(DEFAULT_RAW_DIR))
    accuracy.set_defaults(handler=command_accuracy)

    passthrough = commands.add_parser("dbt", help="run any dbt command on the demo data")
    passthrough.add_argument("--raw-dir", default=str(DEFAULT_RAW_DIR))
    passthrough.add_argument("dbt_args", nargs=argparse.REMAINDER)
    passthrough.set_defaults(handler=command_dbt)
    return root


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parser().parse_args(argv)
    return int(arguments.handler(arguments))


if __name__ == "__main__":
    raise SystemExit(main())
