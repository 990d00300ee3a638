"""Offline check of the engines CI cannot reach (BigQuery, Snowflake): parse, render, re-parse.

No warehouse is reachable from CI, and `dbt compile` needs one (it reads the raw table's columns
and looks for existing tables). What can be checked offline:
  1. `dbt parse` succeeds with the adapter installed;
  2. every dispatched SQL macro renders for that adapter (`dbt run-operation render_engine_sql`,
     which opens no connection on Snowflake, and on BigQuery only needs a service-account key
     file, any syntactically valid one);
  3. every rendered statement parses in that engine's dialect with sqlglot.
The adapters are not in requirements.lock (dbt-snowflake 1.11 pins an older certifi), so this is
run by hand in a separate virtual environment:

    python3.11 -m venv /tmp/offline && /tmp/offline/bin/pip install dbt-core==1.11.16 \\
        dbt-bigquery==1.11.0 'dbt-snowflake>=1.11,<1.12' sqlglot==30.30.0
    /tmp/offline/bin/python engines/check_offline.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import sqlglot

PROJECT_DIR = Path(__file__).resolve().parents[1]
PROFILES = """
dark_social:
  target: bigquery
  outputs:
    bigquery:
      type: bigquery
      method: service-account
      keyfile: {keyfile}
      project: offline-project
      dataset: dark_social
      threads: 1
    snowflake:
      type: snowflake
      account: offline_account
      user: offline
      password: offline
      database: analytics
      schema: dark_social
      warehouse: transforming
      threads: 1
"""


def service_account_key(folder: Path) -> Path:
    """A throwaway service-account key: the BigQuery adapter needs a well-formed one to start."""
    pem = folder / "key.pem"
    subprocess.run(["openssl", "genrsa", "-out", str(pem), "2048"], check=True, capture_output=True)
    key = {
        "type": "service_account",
        "project_id": "offline-project",
        "private_key_id": "0",
        "private_key": pem.read_text(),
        "client_email": "offline@offline-project.iam.gserviceaccount.com",
        "client_id": "0",
        "token_uri": "https://oauth2.googleapis.com/token",
    }
    path = folder / "key.json"
    path.write_text(json.dumps(key))
    return path


def main() -> int:
    dbt = str(Path(sys.executable).with_name("dbt"))
    failures = 0
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        (folder / "profiles.yml").write_text(PROFILES.format(keyfile=service_account_key(folder)))
        for target in ("bigquery", "snowflake"):
            env = {
                **os.environ,
                "DBT_PROFILES_DIR": str(folder),
                "DBT_TARGET_PATH": str(folder / f"target-{target}"),
                "DBT_LOG_PATH": str(folder / "logs"),
            }
            for args in (["parse"], ["-q", "run-operation", "render_engine_sql"]):
                done = subprocess.run(
                    [dbt, *args, "--target", target], cwd=PROJECT_DIR, env=env, capture_output=True, text=True
                )
                if done.returncode != 0:
                    print(f"{target}: dbt {' '.join(args)} failed:")
                    print(done.stdout[-3000:] + done.stderr[-3000:])
                    failures += 1
                    break
            else:
                statements = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
                bad = []
                for statement in statements:
                    try:
                        sqlglot.parse_one(statement["sql"], read=target)
                    except sqlglot.errors.ParseError as error:
                        bad.append(f"  {statement['macro']}: {str(error).splitlines()[0]}")
                print(f"{target}: dbt parse ok; {len(statements)} rendered macros, {len(bad)} do not parse")
                if bad:
                    print("\n".join(bad))
                failures += len(bad) + (len(statements) == 0)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
