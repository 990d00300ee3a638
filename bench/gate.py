"""Benchmark of the quality gate (`dark-social gate`): not a test; prints figures, never fails on time.

For each size: generated hits (bench/run.py's data sets), the models built once (seeds and models,
no tests), then the gate run as its own process: wall time and peak RSS (the process's
ru_maxrss, from wait4). `--src` runs another checkout's code (e.g. main's, for a before/after):
the gate is run as `python -m dark_social gate` with that `src` first on PYTHONPATH.

    .venv/bin/python bench/gate.py --sizes 1000000,10000000
    .venv/bin/python bench/gate.py --sizes 1000000 --src /path/to/other/checkout/src --label before
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from run import BUILD, WORK_DIR, dataset, dbt_command, dbt_env, measured  # noqa: E402

from dark_social import PROJECT_DIR  # noqa: E402
from dark_social.warehouse import connect  # noqa: E402


def built(hits: int) -> Path:
    """The models built on `hits` generated hits over 7 days (once: reused while the file exists)."""
    folder = dataset(hits, 7)
    database = WORK_DIR / f"gate_{hits}" / "dark_social.duckdb"
    if not database.exists():
        database.parent.mkdir(parents=True, exist_ok=True)
        glob = (folder / "hits" / "*.parquet").as_posix()
        print(f"building the models on {hits:,} hits...", flush=True)
        measured(dbt_command([*BUILD, "--full-refresh"], glob), dbt_env(database))
    return database


def gate(database: Path, src: Path, new_cli: bool) -> dict:
    with connect(database) as connection:
        last_day = connection.execute("select max(session_date) from fct_dark_social_daily").fetchone()[0]
        sessions = connection.execute("select count(*) from fct_dark_social_sessions").fetchone()[0]
    command = [sys.executable, "-m", "dark_social", "gate", "--as-of", last_day.isoformat()]
    command += ["--docs-dir", str(database.parent / "data_docs")]
    if new_cli:
        command += ["--profiles-dir", str(PROJECT_DIR), "--project-dir", str(PROJECT_DIR)]
    env = {**dbt_env(database), "PYTHONPATH": str(src)}
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = process.stdout.read() if process.stdout else ""
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    return {
        "sessions": sessions,
        "seconds": round(seconds, 1),
        "peak_rss_mib": round(usage.ru_maxrss / 1024),
        "exit_code": os.waitstatus_to_exitcode(status),
        "last_line": output.strip().splitlines()[-1] if output.strip() else "",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000000,10000000", help="comma-separated hit counts")
    parser.add_argument("--src", default=str(PROJECT_DIR / "src"), help="the dark_social sources to run")
    parser.add_argument("--label", default="this checkout")
    parser.add_argument(
        "--old-cli", action="store_true", help="the gate before it read dbt profiles (no --profiles-dir)"
    )
    arguments = parser.parse_args()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    for size in (int(value) for value in arguments.sizes.split(",")):
        database = built(size)
        figures = gate(database, Path(arguments.src), new_cli=not arguments.old_cli)
        print(json.dumps({"label": arguments.label, "hits": size, **figures}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
