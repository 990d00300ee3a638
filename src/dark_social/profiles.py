"""The warehouse a dbt project builds into, read from the same dbt profile and target dbt uses.

The quality gate runs after `dbt build` wherever that build ran: it takes `--profiles-dir`,
`--profile`, `--target` and `--project-dir` as dbt does (and the same environment variables:
DBT_PROFILES_DIR, DBT_PROFILE, DBT_TARGET, DBT_PROJECT_DIR), renders profiles.yml with dbt's own
renderer (so `env_var()` works as in dbt), and opens the target read-only: DuckDB (the file, in
read-only mode) or PostgreSQL (psycopg2, which dbt-postgres brings). Inside the warehouse the
package's relations are found as the schema holding `dim_dark_social_settings`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from dark_social.warehouse import MARKER

#: The schema dbt gives the package's relations by default: the target's schema + `_dark_social`
#: (`+schema: dark_social` in the package's dbt_project.yml).
PACKAGE_SCHEMA_SUFFIX = "_dark_social"


class GateError(Exception):
    """An error the gate reports in one line, with the exit code a scheduler can act on."""

    exit_code = 2


class ConfigurationError(GateError):
    """Usage or configuration: no profile, an unknown target, an unsupported adapter, a bad suite (exit 2)."""

    exit_code = 2


class WarehouseError(GateError):
    """The warehouse cannot be reached, or holds no build of the package (exit 3)."""

    exit_code = 3


def default_profiles_dir() -> Path:
    """dbt's rule: DBT_PROFILES_DIR, else the working directory when it has profiles.yml, else ~/.dbt."""
    if os.environ.get("DBT_PROFILES_DIR"):
        return Path(os.environ["DBT_PROFILES_DIR"])
    if Path("profiles.yml").exists():
        return Path.cwd()
    return Path.home() / ".dbt"


def project_profile_name(project_dir: Path) -> str:
    project_file = project_dir / "dbt_project.yml"
    if not project_file.exists():
        raise ConfigurationError(
            f"no dbt_project.yml in {project_dir}: pass --project-dir (the dbt project you build) "
            "or --profile (the profile name in profiles.yml)"
        )
    name = (yaml.safe_load(project_file.read_text()) or {}).get("profile")
    if not name:
        raise ConfigurationError(f"{project_file} names no profile: pass --profile")
    return str(name)


def render_target(profiles_dir: Path, profile: str, target: str | None) -> tuple[str, dict[str, Any]]:
    """The target's rendered settings (env_var() and all), with dbt's own profile renderer."""
    from dbt.config.profile import Profile, read_profile
    from dbt.config.renderer import ProfileRenderer
    from dbt.exceptions import DbtProfileError
    from dbt_common.context import set_invocation_context
    from dbt_common.exceptions import DbtRuntimeError

    if not (profiles_dir / "profiles.yml").exists():
        raise ConfigurationError(
            f"no profiles.yml in {profiles_dir}: pass --profiles-dir (as for dbt) or set DBT_PROFILES_DIR"
        )
    set_invocation_context(dict(os.environ))
    try:
        raw = read_profile(str(profiles_dir))
        if profile not in raw:
            raise ConfigurationError(
                f"profile {profile!r} is not in {profiles_dir / 'profiles.yml'} (it has {sorted(raw)}): "
                "pass --profile"
            )
        return Profile.render_profile(raw[profile], profile, target, ProfileRenderer({}))
    except (DbtProfileError, DbtRuntimeError) as error:
        raise ConfigurationError(" ".join(str(error).split())) from error


@dataclass
class Warehouse:
    """A read-only way into the warehouse of one dbt target."""

    adapter: str  # "duckdb" or "postgres"
    settings: dict[str, Any]
    target_schema: str
    schema: str | None = None  # the package's schema, found by `locate` unless named
    description: str = ""
    _connection: Any = field(default=None, repr=False)
    _columns: dict[str, set[str]] = field(default_factory=dict, repr=False)

    @classmethod
    def duckdb(cls, path: Path | str, schema: str | None = None, target_schema: str = "main") -> Warehouse:
        return cls("duckdb", {"path": str(path)}, target_schema, schema, f"DuckDB file {path}")

    @classmethod
    def from_target(cls, target: dict[str, Any], project_dir: Path, schema: str | None = None) -> Warehouse:
        adapter = target.get("type")
        if adapter == "duckdb":
            path = Path(str(target.get("path", ":memory:")))
            if str(path) == ":memory:" or str(path).startswith("md:"):
                raise ConfigurationError(f"the gate reads a DuckDB file; this target's path is {path}")
            # dbt-duckdb opens a relative path from where dbt runs: the project directory
            path = path if path.is_absolute() else project_dir / path
            return cls.duckdb(path, schema, str(target.get("schema", "main")))
        if adapter == "postgres":
            settings = {
                "host": target.get("host"),
                "port": int(target.get("port", 5432)),
                "user": target.get("user"),
                "password": target.get("password") or target.get("pass"),
                "dbname": target.get("dbname") or target.get("database"),
                "connect_timeout": int(target.get("connect_timeout", 10)),
            }
            if target.get("sslmode"):
                settings["sslmode"] = target["sslmode"]
            where = (
                f"PostgreSQL {settings['user']}@{settings['host']}:{settings['port']}/{settings['dbname']}"
            )
            return cls("postgres", settings, str(target.get("schema", "public")), schema, where)
        raise ConfigurationError(
            f"the gate runs on DuckDB and PostgreSQL targets; this target is {adapter!r}. "
            "Run it against a DuckDB or PostgreSQL copy, or validate with the dbt tests alone."
        )

    def open(self, require_build: bool = True) -> Warehouse:
        """Connect read-only and find the package's schema (`close()` when done). Unqualified names
        then resolve to the package's relations. With `require_build=False` a warehouse that holds
        no build opens with `schema` None (the report's "no data yet" page) instead of failing."""
        if self.adapter == "duckdb":
            import duckdb

            path = Path(self.settings["path"])
            if not path.exists():
                raise WarehouseError(f"no DuckDB file at {path}: run `dbt build` first (or check the target)")
            # the gate's and the report's queries are aggregates: a small memory cap (DuckDB spills
            # beyond it) keeps them light beside the BI readers of the same file
            config = {"memory_limit": os.environ.get("DARK_SOCIAL_GATE_DUCKDB_MEMORY_LIMIT", "512MB")}
            try:
                connection = duckdb.connect(str(path), read_only=True, config=config)
            except duckdb.Error as error:
                raise WarehouseError(
                    f"cannot open {path} read-only ({error}); a DuckDB file has one writer at a time: "
                    "read it after dbt has finished"
                ) from error
        else:
            try:
                import psycopg2
            except ImportError as error:
                raise ConfigurationError(
                    "a PostgreSQL target needs psycopg2: pip install dbt-postgres"
                ) from error
            try:
                connection = psycopg2.connect(**self.settings)
            except psycopg2.Error as error:
                raise WarehouseError(
                    f"cannot reach {self.description}: {' '.join(str(error).split())}"
                ) from error
            connection.set_session(readonly=True, autocommit=True)
        self._connection = connection
        self._columns.clear()
        try:
            self.schema = self.locate()
        except WarehouseError:
            if require_build:
                self.close()
                raise
            self.schema = None
        except BaseException:
            self.close()
            raise
        if self.schema is not None:
            if self.adapter == "duckdb":
                connection.execute(f"set search_path = {literal(self.schema)}")
            else:
                self.query(f"select set_config('search_path', {literal(self.schema)}, false)")
        return self

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @contextmanager
    def connect(self) -> Iterator[Warehouse]:
        self.open()
        try:
            yield self
        finally:
            self.close()

    @property
    def location(self) -> str:
        """Which warehouse this is, as the gate's result file records it: the DuckDB file's resolved
        path, or the PostgreSQL connection's description."""
        if self.adapter == "duckdb":
            return str(Path(self.settings["path"]).resolve())
        return self.description

    def records(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        """The rows of a query with `?` parameters, as dicts (the same SQL on both engines)."""
        if self.adapter == "duckdb":
            # on the connection itself: a DuckDB cursor is a new connection, without the search path
            result = self._connection.execute(sql, list(params))
            names = [column[0] for column in result.description]
            return [dict(zip(names, row, strict=True)) for row in result.fetchall()]
        cursor = self._connection.cursor()
        try:
            cursor.execute(sql.replace("?", "%s"), list(params))
            names = [column.name for column in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
        finally:
            cursor.close()

    def columns(self, relation: str) -> set[str]:
        """A relation's columns in the package's schema; empty when it does not exist (or no build)."""
        if self.schema is None:
            return set()
        if relation not in self._columns:
            rows = self.query(
                "select column_name from information_schema.columns "
                f"where table_schema = {literal(self.schema)} and table_name = {literal(relation)}"
            )
            self._columns[relation] = {str(row[0]).lower() for row in rows}
        return self._columns[relation]

    def has(self, relation: str, *columns: str) -> bool:
        found = self.columns(relation)
        return bool(found) and all(column in found for column in columns)

    def query(self, sql: str) -> list[tuple]:
        cursor = self._connection.cursor()
        try:
            cursor.execute(sql)
            return cursor.fetchall()
        finally:
            cursor.close()

    def locate(self) -> str:
        """The package's schema: named, else the one holding the marker relation (the target's own
        `<schema>_dark_social`, or `<schema>`, first when there are several)."""
        found = [
            row[0]
            for row in self.query(
                "select distinct table_schema from information_schema.tables "
                f"where table_name = {literal(MARKER)} order by 1"
            )
        ]
        if self.schema:
            if self.schema not in found:
                raise WarehouseError(
                    f"no {MARKER} in schema {self.schema} of {self.description}: run `dbt build` first"
                )
            return self.schema
        if not found:
            raise WarehouseError(
                f"no build of dark_social in {self.description} (no {MARKER} in any schema): "
                "run `dbt build` first"
            )
        if len(found) == 1:
            return found[0]
        for preferred in (self.target_schema + PACKAGE_SCHEMA_SUFFIX, self.target_schema):
            if preferred in found:
                return preferred
        raise ConfigurationError(
            f"several builds of dark_social in {self.description}, in schemas {found}: pass --schema"
        )

    def relation(self, name: str) -> str:
        return f"{identifier(self.schema or '')}.{identifier(name)}"


def identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def literal(value: object) -> str:
    """A SQL literal both DuckDB and PostgreSQL read the same way."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def warehouse_from_profile(
    project_dir: Path | None = None,
    profiles_dir: Path | None = None,
    profile: str | None = None,
    target: str | None = None,
    schema: str | None = None,
) -> Warehouse:
    project_dir = (project_dir or Path(os.environ.get("DBT_PROJECT_DIR") or Path.cwd())).resolve()
    profiles_dir = profiles_dir or default_profiles_dir()
    profile = profile or os.environ.get("DBT_PROFILE") or project_profile_name(project_dir)
    target = target or os.environ.get("DBT_TARGET") or None
    target_name, settings = render_target(profiles_dir, profile, target)
    warehouse = Warehouse.from_target(settings, project_dir, schema)
    warehouse.description = f"{warehouse.description} (profile {profile}, target {target_name})"
    return warehouse
