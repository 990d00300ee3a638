"""Builds and readers on one DuckDB file (issue 13, item 4), with real concurrent processes.

A BI reader polls the published file (a new read-only connection every 0.1 s) while
`dark-social build` rebuilds it on more hits: the build passes, the reader never fails and only
ever sees a whole build (the previous one, then the new one). A second build started during the
first exits at once with "another build is running"; one that may wait gives up at its timeout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from dark_social import PROJECT_DIR

pytestmark = pytest.mark.slow

BUILD_ARGS = ["--", "--resource-type", "seed", "--resource-type", "model"]

READER = r"""
import json, sys, time
from pathlib import Path
import duckdb
from dark_social.warehouse import connect
database, log, stop = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
with log.open("w") as out:
    while not stop.exists():
        try:
            with connect(database) as connection:
                sessions = connection.execute("select count(*) from fct_dark_social_sessions").fetchone()[0]
                daily = connection.execute("select sum(sessions) from fct_dark_social_daily").fetchone()[0]
                days = connection.execute("select count(*) from fct_dark_social_daily").fetchone()[0]
            out.write(json.dumps({"sessions": sessions, "daily": daily, "days": days}) + "\n")
        except Exception as error:
            out.write(json.dumps({"error": f"{type(error).__name__}: {error}"}) + "\n")
        out.flush()
        time.sleep(0.1)
"""


def cli(database: Path, *args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("dark-social")), *args]


def environment(database: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DBT_PROFILES_DIR": str(PROJECT_DIR),
        "DARK_SOCIAL_DUCKDB_PATH": str(database),
        "DBT_TARGET_PATH": str(database.parent / "target"),
        "DBT_LOG_PATH": str(database.parent / "logs"),
    }


def test_readers_and_a_second_build_never_break_a_build(generated: tuple[Path, dict], tmp_path: Path) -> None:
    raw_dir, _ = generated
    table = pq.read_table(raw_dir / "hits").slice(0, 6000)
    landing = tmp_path / "landing"
    landing.mkdir()
    half = table.num_rows // 2
    pq.write_table(table.slice(0, half), landing / "a.parquet")
    location = f"read_parquet('{landing.as_posix()}/*.parquet')"
    database = tmp_path / "published.duckdb"
    env = environment(database)
    build = cli(database, "build", "--raw-location", location, *BUILD_ARGS)

    first = subprocess.run(build, env=env, capture_output=True, text=True, check=False)
    assert first.returncode == 0, (first.stdout + first.stderr)[-3000:]
    assert not list(tmp_path.glob(".published.duckdb.build-*"))

    log, stop = tmp_path / "reader.jsonl", tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(database), str(log), str(stop)], env=env)
    try:
        time.sleep(1.5)
        pq.write_table(table.slice(half), landing / "b.parquet")
        second = subprocess.Popen(build, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lock = tmp_path / "published.duckdb.lock"
        deadline = time.monotonic() + 60
        while not (lock.exists() and lock.read_text().startswith("pid")) and time.monotonic() < deadline:
            time.sleep(0.05)

        started = time.monotonic()
        busy = subprocess.run(build, env=env, capture_output=True, text=True, check=False)
        assert busy.returncode == 75, busy.stdout + busy.stderr
        assert "another build is running on" in busy.stderr and f"pid {second.pid}," in busy.stderr
        assert time.monotonic() - started < 20
        waited = subprocess.run(
            cli(database, "build", "--wait", "1", "--raw-location", location, *BUILD_ARGS),
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert waited.returncode == 75 and "(waited 1 s)" in waited.stderr, waited.stdout + waited.stderr

        output, _ = second.communicate(timeout=900)
        assert second.returncode == 0, output[-3000:]
        time.sleep(1.5)
    finally:
        stop.touch()
        reader.wait(timeout=60)

    seen = [json.loads(line) for line in log.read_text().splitlines()]
    assert not [row for row in seen if "error" in row], [row for row in seen if "error" in row][:3]
    states = {(row["sessions"], row["days"]) for row in seen}
    assert all(row["sessions"] == row["daily"] for row in seen)
    assert len(states) == 2, states
    assert seen[0] != seen[-1]
