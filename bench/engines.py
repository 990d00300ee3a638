"""One-off: `dbt build` time of the same generated hits on DuckDB, PostgreSQL and Spark.

    .venv/bin/python bench/engines.py --hits 1000000 [--engines duckdb,postgres,spark]

Needs `make install-engines` and a PostgreSQL server (engines/ensure_postgres.sh). Prints one line
per engine; never part of CI (README, "Engines").
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests_engines"), str(ROOT / "tests_python")]

from dark_social.generator import generate  # noqa: E402
from engines import DuckDB, Engine, Postgres, Spark  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--hits", type=int, default=1_000_000)
    parser.add_argument("--engines", default="duckdb,postgres,spark")
    parser.add_argument("--select", default=None, help="dbt --select, e.g. to leave the tests out")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        generate(folder / "raw", hits=arguments.hits, seed=42, days=7)
        raw = folder / "raw" / "hits"
        for name in arguments.engines.split(","):
            engine: Engine = {
                "duckdb": lambda: DuckDB(folder / "duckdb"),
                "postgres": lambda: Postgres(folder / "postgres", "dark_social_bench"),
                "spark": lambda: Spark(folder / "spark"),
            }[name]()
            started = time.monotonic()
            if isinstance(engine, Postgres):
                combined = folder / "all_hits.parquet"
                pq.write_table(pq.read_table(raw), combined)
                engine.load(combined)
            loaded = time.monotonic() - started
            raw_vars = engine.raw_vars(raw / "*.parquet" if name == "duckdb" else raw)
            args = ["build", *(["--select", arguments.select] if arguments.select else [])]
            result = engine.dbt(args, raw_vars)
            status = "ok" if result.returncode == 0 else "FAILED"
            print(
                f"{name:9s} {arguments.hits:>9,d} hits  load {loaded:6.1f} s  "
                f"dbt build {result.seconds:7.1f} s  {status}"
            )
            if result.returncode != 0:
                print(result.output[-3000:])
            if isinstance(engine, Postgres):
                engine.drop_schemas()
    return 0


if __name__ == "__main__":
    sys.exit(main())
