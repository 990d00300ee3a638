"""Build the project on one engine and read its marts back: DuckDB, PostgreSQL, Spark (session)."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pyarrow as pa
import pyarrow.parquet as pq

from dark_social import PROJECT_DIR
from fixture import POSTGRES_NUL_REPLACEMENT

SEEDS = [
    "dark_social_simple_urls",
    "dark_social_referrer_sources",
    "dark_social_user_agents",
    "dark_social_click_ids",
    "dark_social_share_sources",
    "dark_social_campaign_pages",
    "dark_social_redaction_patterns",
    "dark_social_enumerations",
]
RAW_TABLE = "raw_hits"
#: the package's custom schema (dbt_project.yml `+schema`), appended to the target's by dbt
PACKAGE_SCHEMA_SUFFIX = "_dark_social"


@dataclass(frozen=True)
class Build:
    returncode: int
    output: str
    seconds: float


def postgres_settings() -> dict[str, str]:
    return {
        "host": os.environ.get("DARK_SOCIAL_PG_HOST", "127.0.0.1"),
        "port": os.environ.get("DARK_SOCIAL_PG_PORT", "5432"),
        "user": os.environ.get("DARK_SOCIAL_PG_USER", "dark_social"),
        "password": os.environ.get("DARK_SOCIAL_PG_PASSWORD", "dark_social"),
        "dbname": os.environ.get("DARK_SOCIAL_PG_DATABASE", "dark_social"),
    }


class Engine:
    """One engine's dbt target, in a folder of its own (profiles, target, logs, data)."""

    name = ""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        # the shipped example profile, unchanged: the test proves its targets work
        shutil.copyfile(PROJECT_DIR / "profiles.example.yml", folder / "profiles.yml")

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DBT_PROFILES_DIR": str(self.folder),
            "DBT_TARGET_PATH": str(self.folder / "target"),
            "DBT_LOG_PATH": str(self.folder / "logs"),
        }

    def raw_vars(self, raw_file: Path) -> dict[str, object]:
        raise NotImplementedError

    def load(self, raw_file: Path) -> None:
        """Make the raw hits readable by the engine (nothing to do when it reads the file in place)."""

    def dbt(self, args: list[str], dbt_vars: dict[str, object] | None = None) -> Build:
        command = [str(Path(sys.executable).with_name("dbt")), *args, "--target", self.name]
        if dbt_vars:
            command += ["--vars", json.dumps(dbt_vars)]
        started = time.monotonic()
        completed = subprocess.run(
            command, cwd=PROJECT_DIR, env=self.env(), capture_output=True, text=True, check=False
        )
        return Build(completed.returncode, completed.stdout + completed.stderr, time.monotonic() - started)

    def read(self, relation: str) -> pa.Table:
        raise NotImplementedError


class DuckDB(Engine):
    name = "duckdb"

    def env(self) -> dict[str, str]:
        return {**super().env(), "DARK_SOCIAL_DUCKDB_PATH": str(self.folder / "dark_social.duckdb")}

    def raw_vars(self, raw_file: Path) -> dict[str, object]:
        return {"dark_social__raw_hits_location": f"read_parquet('{raw_file.as_posix()}')"}

    def read(self, relation: str) -> pa.Table:
        from dark_social.warehouse import connect

        with connect(self.folder / "dark_social.duckdb") as connection:
            return connection.sql(f"select * from {relation}").to_arrow_table()


class Postgres(Engine):
    """A real PostgreSQL server (engines/ensure_postgres.sh); each run gets schemas of its own."""

    name = "postgres"

    def __init__(self, folder: Path, schema: str) -> None:
        super().__init__(folder)
        self.schema = schema
        self.raw_schema = f"{schema}_raw"
        self.package_schema = schema + PACKAGE_SCHEMA_SUFFIX

    def env(self) -> dict[str, str]:
        return {**super().env(), "DARK_SOCIAL_PG_SCHEMA": self.schema}

    def connect(self):  # noqa: ANN201 - psycopg2 connection
        return psycopg2.connect(**postgres_settings())

    def raw_vars(self, raw_file: Path) -> dict[str, object]:
        return {"dark_social__raw_schema": self.raw_schema, "dark_social__raw_hits_identifier": RAW_TABLE}

    def load(self, raw_file: Path) -> int:
        """COPY the rows into <schema>_raw.raw_hits (text columns); return how many had a NUL replaced."""
        table = pq.read_table(raw_file)
        table = table.cast(pa.schema([(name, pa.string()) for name in table.column_names]))
        columns = table.column_names
        altered = 0
        lines = []
        for row in table.to_pylist():
            fields = []
            for name in columns:
                value = row[name]
                if value is None:
                    fields.append("")
                    continue
                if "\x00" in value:
                    value = value.replace("\x00", POSTGRES_NUL_REPLACEMENT)
                    altered += 1
                fields.append('"' + value.replace('"', '""') + '"')
            lines.append(",".join(fields))
        with self.connect() as connection, connection.cursor() as cursor:
            cursor.execute(f"drop schema if exists {self.raw_schema} cascade")
            cursor.execute(f"drop schema if exists {self.schema} cascade")
            cursor.execute(f"drop schema if exists {self.package_schema} cascade")
            cursor.execute(f"create schema {self.raw_schema}")
            text_columns = ", ".join(f"{name} text" for name in columns)
            cursor.execute(f"create table {self.raw_schema}.{RAW_TABLE} ({text_columns})")
            cursor.copy_expert(
                f"copy {self.raw_schema}.{RAW_TABLE} ({', '.join(columns)}) from stdin with (format csv)",
                io.StringIO("\n".join(lines) + "\n"),
            )
        return altered

    def drop_schemas(self) -> None:
        with self.connect() as connection, connection.cursor() as cursor:
            for schema in (self.schema, self.raw_schema, self.package_schema):
                cursor.execute(f"drop schema if exists {schema} cascade")

    def read(self, relation: str) -> pa.Table:
        with self.connect() as connection, connection.cursor() as cursor:
            cursor.execute(f"select * from {self.package_schema}.{relation}")
            names = [column.name for column in cursor.description]
            rows = cursor.fetchall()
        return pa.Table.from_pylist([dict(zip(names, row, strict=True)) for row in rows])


class Spark(Engine):
    """dbt-spark's session method: a local pyspark in the dbt process, a Derby metastore on disk."""

    name = "spark"

    def env(self) -> dict[str, str]:
        return {**super().env(), "DARK_SOCIAL_SPARK_DIR": str(self.folder / "spark")}

    def raw_vars(self, raw_file: Path) -> dict[str, object]:
        return {"dark_social__raw_hits_location": f"parquet.`{raw_file.as_posix()}`"}

    def read(self, relation: str) -> pa.Table:
        # dbt-spark writes parquet tables under the warehouse directory: read the files directly
        schema = "dark_social" + PACKAGE_SCHEMA_SUFFIX
        # Spark writes timestamps as INT96: read them in microseconds, so that year 1 (hostile
        # corpus) does not overflow pyarrow's default nanoseconds
        return pq.read_table(
            self.folder / "spark" / "warehouse" / f"{schema}.db" / relation, coerce_int96_timestamp_unit="us"
        )
