"""Benchmarks (`make bench`): not tests. They print figures and write BENCHMARKS.md; they never fail on time.

For 1 million and 10 million generated hits: the full model build (seeds and models, no tests),
hits per second, peak memory of the whole process tree, and the hand-written floor query
(`bench/floor_dark_social_daily.sql`, the same rules in one DuckDB query) timed in the same run;
then `dark-social report` on that build (time and peak memory: it reads aggregates only).
Then a one-day incremental run on top of the 10-million history. Figures are quoted as ratios
measured in one run: the machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from dark_social import PROJECT_DIR
from dark_social.generator import generate
from dark_social.warehouse import connect

BENCH_DIR = PROJECT_DIR / "bench"
WORK_DIR = PROJECT_DIR / "data" / "bench"
BUILD = ["build", "--resource-type", "seed", "--resource-type", "model"]


@dataclass
class Measure:
    seconds: float
    peak_rss_bytes: int


def tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/status") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            with open(f"/proc/{current}/task/{current}/children") as children:
                stack += [int(child) for child in children.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def measured(command: list[str], env: dict[str, str], cwd: Path = PROJECT_DIR) -> Measure:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak = 0
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)
    reader.start()
    while process.poll() is None:
        peak = max(peak, tree_rss(process.pid))
        time.sleep(0.1)
    reader.join()
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.stderr.write("".join(output[-80:]))
        raise SystemExit(f"command failed: {' '.join(command)}")
    return Measure(seconds, peak)


def dbt_env(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DARK_SOCIAL_DUCKDB_PATH": str(database),
        "DBT_TARGET_PATH": str(database.parent / "target"),
        "DBT_LOG_PATH": str(database.parent / "logs"),
    }


def dbt_command(args: list[str], hits_glob: str) -> list[str]:
    location = {"dark_social__raw_hits_location": f"read_parquet('{hits_glob}')"}
    return [str(Path(sys.executable).with_name("dbt")), *args, "--vars", json.dumps(location)]


def model_timings(database: Path) -> list[tuple[str, float]]:
    results = json.loads((database.parent / "target" / "run_results.json").read_text())["results"]
    timings = [
        (r["unique_id"].split(".")[-1], r["execution_time"])
        for r in results
        if r["unique_id"].startswith("model.")
    ]
    return sorted(timings, key=lambda item: -item[1])


def floor(hits_glob: str) -> Measure:
    sql = (
        (BENCH_DIR / "floor_dark_social_daily.sql")
        .read_text()
        .format(hits=hits_glob, seeds=(PROJECT_DIR / "seeds").as_posix())
    )
    script = "import duckdb, sys; duckdb.connect().execute(sys.argv[1]).fetchall()"
    return measured([sys.executable, "-c", script, sql], dict(os.environ))


def dataset(hits: int, days: int) -> Path:
    folder = WORK_DIR / f"hits_{hits}_{days}d"
    if not (folder / "summary.json").exists():
        print(f"generating {hits:,} hits over {days} days...", flush=True)
        generate(folder, hits=hits, seed=42, days=days)
    return folder


def report_run(database: Path) -> Measure:
    """`dark-social report` on a build, as a user runs it (its own process, the profile's target)."""
    out = database.parent / "report" / "dark_social_report.html"
    return measured([sys.executable, "-m", "dark_social", "report", "--out", str(out)], dbt_env(database))


def full_build(hits: int, report_only: bool = False) -> dict:
    database = WORK_DIR / f"full_{hits}" / "dark_social.duckdb"
    if report_only and database.exists():
        shown = report_run(database)
        return {"hits": hits, "report_seconds": shown.seconds, "report_peak_rss": shown.peak_rss_bytes}
    folder = dataset(hits, 7)
    glob = (folder / "hits" / "*.parquet").as_posix()
    database.parent.mkdir(parents=True, exist_ok=True)
    database.unlink(missing_ok=True)
    build = measured(dbt_command([*BUILD, "--full-refresh"], glob), dbt_env(database))
    floor_run = floor(glob)
    shown = report_run(database)
    return {
        "hits": hits,
        "build_seconds": build.seconds,
        "build_peak_rss": build.peak_rss_bytes,
        "floor_seconds": floor_run.seconds,
        "floor_peak_rss": floor_run.peak_rss_bytes,
        "report_seconds": shown.seconds,
        "report_peak_rss": shown.peak_rss_bytes,
        "models": model_timings(database),
    }


def report_section(fulls: list[dict]) -> list[str]:
    lines = [
        "## `dark-social report` on the build (aggregates only; target: under 10 s and 500 MB at 10M)",
        "",
        "| hits | report | peak RSS (process) |",
        "|---:|---:|---:|",
    ]
    for run in fulls:
        mebibytes = run["report_peak_rss"] / 1024**2
        lines.append(f"| {run['hits']:,} | {run['report_seconds']:.1f} s | {mebibytes:,.0f} MiB |")
    return lines


def incremental_day(hits: int) -> dict:
    """History of `hits` over 30 days built in full, then one more day loaded incrementally."""
    days = 31
    folder = dataset(hits + hits // 30, days)
    last_day = dt.date(2025, 1, 6) + dt.timedelta(days=days - 1)
    # the raw table as a collector appends it: in time order (so its row groups cover a few hours
    # each, and the incremental window filter, pushed into the scan, skips the rest)
    split = WORK_DIR / f"split_sorted_{hits}"
    history, increment = split / "history", split / "increment"
    if not (increment / "hits.parquet").exists():
        history.mkdir(parents=True, exist_ok=True)
        increment.mkdir(parents=True, exist_ok=True)
        source = (folder / "hits" / "*.parquet").as_posix()
        with duckdb.connect() as connection:
            connection.execute(
                f"copy (select * from read_parquet('{source}') where hit_at < '{last_day}' "
                f"or hit_at is null order by hit_at) to '{history / 'hits.parquet'}' (format parquet)"
            )
            connection.execute(
                f"copy (select * from read_parquet('{source}') where hit_at >= '{last_day}' order by hit_at) "
                f"to '{increment / 'hits.parquet'}' (format parquet)"
            )
    landing = split / "landing"
    landing.mkdir(exist_ok=True)
    for stale in landing.glob("*.parquet"):
        stale.unlink()
    (landing / "history.parquet").symlink_to(history / "hits.parquet")
    glob = (landing / "*.parquet").as_posix()
    database = split / "dark_social.duckdb"
    database.unlink(missing_ok=True)
    history_build = measured(dbt_command([*BUILD, "--full-refresh"], glob), dbt_env(database))
    (landing / "increment.parquet").symlink_to(increment / "hits.parquet")
    day = measured(dbt_command(BUILD, glob), dbt_env(database))
    with connect(database) as connection:
        query = "select count(*) from int_dark_social_hits__validated"
        history_hits = connection.execute(query).fetchone()[0]
    return {
        "history_hits": history_hits,
        "history_build_seconds": history_build.seconds,
        "day_seconds": day.seconds,
        "day_peak_rss": day.peak_rss_bytes,
        "models": model_timings(database),
    }


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    meminfo = Path("/proc/meminfo").read_text().splitlines()
    cpu = next((line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name")), "?")
    memory = next(int(line.split()[1]) for line in meminfo if line.startswith("MemTotal"))
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory / 1024 / 1024:.0f} GiB; {platform.platform()}; "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}"
    )


def gib(value: int) -> str:
    return f"{value / 1024**3:.2f} GiB"


def report(fulls: list[dict], incremental: dict | None) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {dt.date.today()} on {machine()}.",
        "Reproduce with `make bench` (`.venv/bin/python bench/run.py`). Figures from one run on a",
        "shared machine: compare the ratios, not the seconds.",
        "",
        "## Full model build (seeds and models, no tests) against the hand-written floor",
        "",
        "| hits | build | hits/s | µs per hit | peak RSS (process tree) | floor query | build / floor |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in (run for run in fulls if "build_seconds" in run):
        lines.append(
            f"| {run['hits']:,} | {run['build_seconds']:.1f} s | {run['hits'] / run['build_seconds']:,.0f} "
            f"| {run['build_seconds'] / run['hits'] * 1e6:.2f} | {gib(run['build_peak_rss'])} "
            f"| {run['floor_seconds']:.1f} s | {run['build_seconds'] / run['floor_seconds']:.2f}x |"
        )
    lines += ["", *report_section(fulls)]
    if len(fulls) == 2 and all("build_seconds" in run for run in fulls):
        small, large = fulls
        per_hit = (large["build_seconds"] / large["hits"]) / (small["build_seconds"] / small["hits"])
        lines += [
            "",
            f"Time per hit at {large['hits']:,} over {small['hits']:,}: {per_hit:.2f}x (1.00 = linear).",
        ]
    if incremental:
        lines += [
            "",
            "## One-day incremental run on top of the history",
            "",
            f"History: {incremental['history_hits']:,} hits over 30 days, full build "
            f"{incremental['history_build_seconds']:.1f} s. One more day loaded by a scheduled run: "
            f"{incremental['day_seconds']:.1f} s, "
            f"{incremental['day_seconds'] / incremental['history_build_seconds']:.1%} of the full build; "
            f"peak RSS {gib(incremental['day_peak_rss'])}.",
        ]
    lines += ["", "## Where the time goes (per-model seconds, from run_results.json)", ""]
    sections = [(f"full build, {run['hits']:,} hits", run["models"]) for run in fulls if "models" in run]
    if incremental:
        sections.append(("one-day incremental run", incremental["models"]))
    for title, models in sections:
        lines += [f"**{title}:** " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in models[:8]), ""]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000000,10000000", help="comma-separated hit counts")
    parser.add_argument("--skip-incremental", action="store_true")
    parser.add_argument(
        "--report-only", action="store_true", help="time the report on the builds a previous run left"
    )
    parser.add_argument("--output", default=str(PROJECT_DIR / "BENCHMARKS.md"))
    arguments = parser.parse_args()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    fulls = []
    for size in (int(value) for value in arguments.sizes.split(",")):
        print(f"full build at {size:,} hits...", flush=True)
        fulls.append(full_build(size, arguments.report_only))
        print(json.dumps({k: v for k, v in fulls[-1].items() if k != "models"}), flush=True)
    incremental = None
    if not arguments.skip_incremental and not arguments.report_only:
        largest = max(run["hits"] for run in fulls)
        print(f"incremental day on {largest:,} hits of history...", flush=True)
        incremental = incremental_day(largest)
        print(json.dumps({k: v for k, v in incremental.items() if k != "models"}), flush=True)
    text = report(fulls, incremental)
    Path(arguments.output).write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
