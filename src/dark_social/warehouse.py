"""Where the package's relations are in a DuckDB file, whatever schema the build put them in.

The package builds into a custom schema (`+schema: dark_social` in its dbt_project.yml, which
dbt names `<target schema>_dark_social` by default, or whatever a project's own
`generate_schema_name` makes of it). Readers find it as the schema that holds the marker relation
`dim_dark_social_settings`, rather than recomputing dbt's naming.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

#: One relation every build of the package writes: the schema holding it holds the package.
MARKER = "dim_dark_social_settings"


#: Every relation of the package is named with one of these prefixes (a partial build, such as
#: `dbt run --select stg_dark_social__hits+`, may not have written the marker yet).
PREFIXES = ("stg_dark_social__", "int_dark_social_", "fct_dark_social_", "dim_dark_social_")


def package_schemas(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """The schemas holding a build of the package (normally one): those with the marker, else
    those with any relation named like the package's."""
    rows = connection.execute(
        "select distinct table_schema from information_schema.tables where table_name = ? order by 1",
        [MARKER],
    ).fetchall()
    if not rows:
        prefixes = " or ".join("starts_with(table_name, ?)" for _ in PREFIXES)
        rows = connection.execute(
            f"select distinct table_schema from information_schema.tables where {prefixes} order by 1",
            list(PREFIXES),
        ).fetchall()
    return [row[0] for row in rows]


def package_schema(connection: duckdb.DuckDBPyConnection, schema: str | None = None) -> str:
    """The schema of the package's relations; a clear error when there is none, or several and no choice."""
    if schema:
        return schema
    found = package_schemas(connection)
    if len(found) == 1:
        return found[0]
    if not found:
        raise LookupError(
            f"no build of dark_social in this database (no {MARKER} in any schema): run `dbt build` first"
        )
    raise LookupError(f"several builds of dark_social in this database, in schemas {found}: name one")


def connect(
    database: Path | str, read_only: bool = True, schema: str | None = None
) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection whose unqualified names resolve to the package's relations first."""
    connection = duckdb.connect(str(database), read_only=read_only)
    try:
        found = package_schema(connection, schema)
    except LookupError:
        return connection
    connection.execute(f"set search_path = '{found},main'")
    return connection
