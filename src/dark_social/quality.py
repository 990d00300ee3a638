"""Great Expectations quality gate, run after `dbt build` by `make run` or an orchestrator.

Suites are Great Expectations JSON files kept beside the marts they guard
(`models/marts/expectations/<mart>.json`) and shipped inside the Python package (found without a
checkout). They are the one definition of what the gate checks: Great Expectations loads and
validates each suite (an unknown expectation type or a malformed argument is refused), and the
gate evaluates each expectation with the semantics Great Expectations gives it, in SQL inside the
warehouse: one aggregate query per mart (plus one per uniqueness expectation, and a sample of
offending values when one fails), so memory stays flat whatever the size of the marts, and DuckDB
and PostgreSQL give the same verdicts. (GX's own SQL route returns empty metrics over
duckdb-engine, and its pandas route loads whole marts into memory: 10 GB at 10 million hits.)

Bounds and value sets come from the build itself: the vars it resolved (mart
dim_dark_social_settings, the user's vars over the package's defaults) and seed
dark_social_enumerations, so the gate checks what the dbt tests of that build checked. Results are
written as Great Expectations validation results and rendered as static Data Docs.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from dark_social import PROJECT_DIR
from dark_social.profiles import ConfigurationError, Warehouse, WarehouseError, identifier, literal

#: Where a checkout keeps the suites (an editable install reads them there).
CHECKOUT_SUITES_DIR = PROJECT_DIR / "models" / "marts" / "expectations"


def suites_dir() -> Path:
    """The suites shipped in the package (a wheel install), else the checkout's (an editable one)."""
    shipped = Path(str(resources.files("dark_social") / "expectations"))
    if any(shipped.glob("*.json")) or not any(CHECKOUT_SUITES_DIR.glob("*.json")):
        return shipped
    return CHECKOUT_SUITES_DIR


SUITES_DIR = suites_dir()


@dataclass(frozen=True)
class Outcome:
    """One expectation's verdict, with what was observed."""

    suite: str
    type: str
    kwargs: dict[str, Any]
    success: bool
    result: dict[str, Any]

    def line(self) -> str:
        kwargs = self.kwargs
        column = (
            f"{kwargs['column_A']}>={kwargs['column_B']}" if "column_A" in kwargs else kwargs.get("column")
        )
        if "observed_value" in self.result:
            observed = f"observed {self.result['observed_value']!r}"
        else:
            observed = (
                f"{self.result['unexpected_count']} of {self.result['element_count']} rows unexpected, "
                f"e.g. {self.result['partial_unexpected_list']}"
            )
        return f"FAILED {self.suite}: {self.type} on {column or '<table>'}: {observed}"


def result_path(project_dir: Path) -> Path:
    """The latest result of `dark-social gate`, read by `dark-social report`: in the dbt project's
    target/, beside the gate's Data Docs."""
    return project_dir / "target" / "dark_social_gate_result.json"


@dataclass(frozen=True)
class GateResult:
    evaluated: int
    failures: list[str] = field(default_factory=list)
    docs_index: Path | None = None
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def success(self) -> bool:
        return not self.failures


def build_settings(warehouse: Warehouse) -> dict[str, Any]:
    """The vars the build resolved (mart dim_dark_social_settings): the bounds the dbt tests used."""
    rows = warehouse.query(
        f"select setting_name, setting_value from {warehouse.relation('dim_dark_social_settings')}"
    )
    return {name: json.loads(value) for name, value in rows}


def enumeration_parameters(warehouse: Warehouse) -> dict[str, list[str]]:
    """The value sets of the suites, from seed dark_social_enumerations (the one list the dbt tests read).

    `enumeration__<name>` holds every value of an enumeration, `enumeration__<name>__visits` the
    values that can reach the marts.
    """
    rows = warehouse.query(
        "select enumeration, value, in_marts "
        f"from {warehouse.relation('dark_social_enumerations')} order by 1, 2"
    )
    parameters: dict[str, list[str]] = {}
    for enumeration, value, in_marts in rows:
        parameters.setdefault(f"enumeration__{enumeration}", []).append(value)
        if in_marts in (True, 1, "true", "True"):
            parameters.setdefault(f"enumeration__{enumeration}__visits", []).append(value)
    return parameters


def load_suite(path: Path) -> Any:
    """The suite as Great Expectations reads it (types and arguments validated by GX)."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx

    content = json.loads(path.read_text())
    suite = gx.ExpectationSuite(**content)
    # GX drops an expectation of an unknown type with a log line only: refuse the suite instead.
    if len(suite.expectations) != len(content.get("expectations", [])):
        raise ValueError(
            f"{path}: an expectation type is not known to Great Expectations; check the spelling."
        )
    return suite


def resolve(value: Any, parameters: dict[str, Any], where: str) -> Any:
    """Substitute a `{"$PARAMETER": name}` argument, as GX does."""
    if isinstance(value, dict) and "$PARAMETER" in value:
        name = value["$PARAMETER"]
        if name not in parameters:
            raise ConfigurationError(f"{where}: unknown $PARAMETER {name!r} (known: {sorted(parameters)})")
        return parameters[name]
    return value


# ---- the expectations' semantics, in SQL ----------------------------------------------------
#
# Each supported type maps to the condition that makes a row unexpected (map expectations) or to
# the aggregate it observes (table and column aggregate expectations), as Great Expectations
# defines them: map expectations skip rows whose column is null (`not_be_null` excepted; a pair
# skips rows where both are null), `mostly` is the share of counted rows that must pass, bounds
# are inclusive unless `strict_min` / `strict_max`.

#: The arguments the gate honours; any other argument in a suite is refused rather than ignored.
COMMON_KWARGS = {"column", "mostly", "result_format", "meta", "notes", "catch_exceptions", "description"}
BOUND_KWARGS = {"min_value", "max_value", "strict_min", "strict_max"}


def _bound_condition(column: str, kwargs: dict[str, Any]) -> str:
    """The SQL condition of a value outside [min_value, max_value] (strictness honoured)."""
    parts = []
    if kwargs.get("min_value") is not None:
        operator = "<=" if kwargs.get("strict_min") else "<"
        parts.append(f"{column} {operator} {literal(kwargs['min_value'])}")
    if kwargs.get("max_value") is not None:
        operator = ">=" if kwargs.get("strict_max") else ">"
        parts.append(f"{column} {operator} {literal(kwargs['max_value'])}")
    if not parts:
        raise ConfigurationError("a between expectation needs min_value or max_value")
    return " or ".join(parts)


def _map_in_set(kwargs: dict[str, Any]) -> tuple[str, str, str]:
    column = identifier(kwargs["column"])
    values = list(kwargs["value_set"] or [])
    outside = f"{column} not in ({', '.join(literal(v) for v in values)})" if values else "true"
    return f"{column} is not null and {outside}", f"{column} is not null", column


def _map_between(kwargs: dict[str, Any]) -> tuple[str, str, str]:
    column = identifier(kwargs["column"])
    return f"{column} is not null and ({_bound_condition(column, kwargs)})", f"{column} is not null", column


def _map_not_null(kwargs: dict[str, Any]) -> tuple[str, str, str]:
    column = identifier(kwargs["column"])
    return f"{column} is null", "true", column


def _map_pair_greater(kwargs: dict[str, Any]) -> tuple[str, str, str]:
    a, b = identifier(kwargs["column_A"]), identifier(kwargs["column_B"])
    operator = ">=" if kwargs.get("or_equal") else ">"
    counted = f"not ({a} is null and {b} is null)"
    return f"{counted} and not coalesce({a} {operator} {b}, false)", counted, f"{a}, {b}"


#: map expectations: type -> (allowed kwargs, builder of (unexpected condition, counted condition, sample))
MAP_EXPECTATIONS: dict[str, tuple[set[str], Callable[[dict[str, Any]], tuple[str, str, str]]]] = {
    "expect_column_values_to_be_in_set": (COMMON_KWARGS | {"value_set"}, _map_in_set),
    "expect_column_values_to_be_between": (COMMON_KWARGS | BOUND_KWARGS, _map_between),
    "expect_column_values_to_not_be_null": (COMMON_KWARGS, _map_not_null),
    "expect_column_pair_values_a_to_be_greater_than_b": (
        (COMMON_KWARGS - {"column"}) | {"column_A", "column_B", "or_equal", "ignore_row_if"},
        _map_pair_greater,
    ),
}

#: aggregate expectations: type -> (allowed kwargs, SQL of the observed value)
AGGREGATE_EXPECTATIONS: dict[str, tuple[set[str], Callable[[dict[str, Any]], str]]] = {
    "expect_table_row_count_to_be_between": (COMMON_KWARGS | BOUND_KWARGS, lambda kwargs: "count(*)"),
    "expect_column_max_to_be_between": (
        COMMON_KWARGS | BOUND_KWARGS,
        lambda kwargs: f"max({identifier(kwargs['column'])})",
    ),
    "expect_column_min_to_be_between": (
        COMMON_KWARGS | BOUND_KWARGS,
        lambda kwargs: f"min({identifier(kwargs['column'])})",
    ),
    "expect_column_mean_to_be_between": (
        COMMON_KWARGS | BOUND_KWARGS,
        lambda kwargs: f"avg(cast({identifier(kwargs['column'])} as double precision))",
    ),
}

UNIQUE = "expect_column_values_to_be_unique"
SUPPORTED = sorted({*MAP_EXPECTATIONS, *AGGREGATE_EXPECTATIONS, UNIQUE})


def _comparable(observed: Any, bound: Any) -> Any:
    """A bound in the observed value's type (a date bound given as an ISO string, as GX allows)."""
    if isinstance(observed, dt.datetime) and isinstance(bound, str):
        return dt.datetime.fromisoformat(bound)
    if isinstance(observed, dt.date) and isinstance(bound, str):
        return dt.date.fromisoformat(bound)
    return bound


def _within(observed: Any, kwargs: dict[str, Any]) -> bool:
    if observed is None or (isinstance(observed, float) and math.isnan(observed)):
        return False
    low, high = kwargs.get("min_value"), kwargs.get("max_value")
    if low is not None:
        low = _comparable(observed, low)
        if observed < low or (kwargs.get("strict_min") and observed == low):
            return False
    if high is not None:
        high = _comparable(observed, high)
        if observed > high or (kwargs.get("strict_max") and observed == high):
            return False
    return True


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _map_outcome(unexpected: int, counted: int, kwargs: dict[str, Any]) -> bool:
    mostly = kwargs.get("mostly", 1.0)
    if counted == 0:
        return True
    return unexpected == 0 if mostly >= 1 else (counted - unexpected) / counted >= mostly


def validate_table(
    warehouse: Warehouse, suite_name: str, table: str, expectations: list[dict[str, Any]]
) -> list[Outcome]:
    """Every expectation of one suite, evaluated in the warehouse: one aggregate scan of the table,
    one grouped query per uniqueness expectation, a sample of offending rows for each failure."""
    relation = warehouse.relation(table)
    selects: list[str] = []
    plans: list[tuple[str, dict[str, Any], Any]] = []
    for expectation in expectations:
        kind, kwargs = expectation["type"], expectation["kwargs"]
        allowed = (
            MAP_EXPECTATIONS.get(kind, (None,))[0]
            or AGGREGATE_EXPECTATIONS.get(kind, (None,))[0]
            or (COMMON_KWARGS if kind == UNIQUE else None)
        )
        if allowed is None:
            raise ConfigurationError(
                f"suite {suite_name}: {kind} is a Great Expectations type the gate does not evaluate in SQL "
                f"(it evaluates {', '.join(SUPPORTED)}): use one of these or add its SQL to quality.py"
            )
        unknown = set(kwargs) - allowed
        if kind == "expect_column_pair_values_a_to_be_greater_than_b" and kwargs.get("ignore_row_if") not in (
            None,
            "both_values_are_missing",
        ):
            unknown.add("ignore_row_if")
        if unknown:
            raise ConfigurationError(
                f"suite {suite_name}: {kind} argument(s) {sorted(unknown)} not supported"
            )
        if kind in MAP_EXPECTATIONS:
            unexpected, counted, sample = MAP_EXPECTATIONS[kind][1](kwargs)
            index = len(selects)
            selects += [
                f"count(case when {unexpected} then 1 end)",
                f"count(case when {counted} then 1 end)",
            ]
            plans.append((kind, kwargs, ("map", index, unexpected, sample)))
        elif kind in AGGREGATE_EXPECTATIONS:
            plans.append((kind, kwargs, ("aggregate", len(selects))))
            selects.append(AGGREGATE_EXPECTATIONS[kind][1](kwargs))
        else:
            plans.append((kind, kwargs, ("unique",)))
    [row] = warehouse.query(f"select {', '.join(selects)} from {relation}") if selects else [()]

    outcomes = []
    for kind, kwargs, plan in plans:
        if plan[0] == "aggregate":
            observed = row[plan[1]]
            observed = float(observed) if isinstance(observed, Decimal) else observed
            success = _within(observed, kwargs)
            result: dict[str, Any] = {"observed_value": _plain(observed)}
        elif plan[0] == "map":
            _, index, condition, sample = plan
            unexpected, counted = int(row[index]), int(row[index + 1])
            success = _map_outcome(unexpected, counted, kwargs)
            examples = []
            if unexpected:
                rows = warehouse.query(f"select {sample} from {relation} where {condition} limit 3")
                examples = [_plain(r[0]) if len(r) == 1 else [_plain(v) for v in r] for r in rows]
            result = _map_result(unexpected, counted, examples)
        else:
            column = identifier(kwargs["column"])
            duplicated = (
                f"select {column} as value, count(*) as n from {relation} "
                f"where {column} is not null group by {column} having count(*) > 1"
            )
            [(unexpected, counted)] = warehouse.query(
                f"select (select coalesce(sum(n), 0) from ({duplicated}) as d), "
                f"(select count({column}) from {relation})"
            )
            unexpected, counted = int(unexpected), int(counted)
            success = _map_outcome(unexpected, counted, kwargs)
            examples = []
            if unexpected:
                examples = [
                    _plain(r[0]) for r in warehouse.query(f"select value from ({duplicated}) as d limit 3")
                ]
            result = _map_result(unexpected, counted, examples)
        outcomes.append(Outcome(suite_name, kind, kwargs, success, result))
    return outcomes


def _map_result(unexpected: int, counted: int, examples: list[Any]) -> dict[str, Any]:
    return {
        "element_count": counted,
        "unexpected_count": unexpected,
        "unexpected_percent": 100.0 * unexpected / counted if counted else 0.0,
        "partial_unexpected_list": examples,
    }


def write_data_docs(docs_dir: Path, suites: list[tuple[Any, list[Outcome]]], run_name: str) -> Path | None:
    """Static Data Docs (HTML) from the outcomes, written by Great Expectations' own site builder."""
    import great_expectations as gx
    from great_expectations.core.expectation_validation_result import (
        ExpectationSuiteValidationResult,
        ExpectationValidationResult,
    )
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import ProgressBarsConfig
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )
    from great_expectations.expectations.expectation_configuration import ExpectationConfiguration

    context = gx.get_context(mode="ephemeral")
    context.enable_analytics(False)
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    for site in list(context.list_data_docs_sites()):
        context.delete_data_docs_site(site)
    docs_dir.mkdir(parents=True, exist_ok=True)
    context.add_data_docs_site(
        site_name="dark_social",
        site_config={
            "class_name": "SiteBuilder",
            "show_how_to_buttons": False,
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(docs_dir.resolve()),
            },
        },
    )
    run_id = RunIdentifier(run_name=run_name, run_time=dt.datetime.now(dt.UTC))
    for suite, outcomes in suites:
        results = [
            ExpectationValidationResult(
                success=outcome.success,
                expectation_config=ExpectationConfiguration(type=outcome.type, kwargs=outcome.kwargs),
                result=outcome.result,
            )
            for outcome in outcomes
        ]
        passed = sum(outcome.success for outcome in outcomes)
        validation = ExpectationSuiteValidationResult(
            success=passed == len(outcomes),
            results=results,
            suite_name=suite.name,
            statistics={
                "evaluated_expectations": len(outcomes),
                "successful_expectations": passed,
                "unsuccessful_expectations": len(outcomes) - passed,
                "success_percent": 100.0 * passed / len(outcomes) if outcomes else 100.0,
            },
            meta={"run_id": run_id, "batch_spec": {"data_asset_name": suite.meta["table"]}},
        )
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=suite.name),
            run_id=run_id,
            batch_identifier=suite.meta["table"],
        )
        context.validation_results_store.set(key, validation)
    context.build_data_docs(site_names=["dark_social"])
    index = docs_dir / "index.html"
    return index if index.exists() else None


def run_gate(
    warehouse: Warehouse | Path,
    as_of: dt.date | None = None,
    max_age_days: int | None = None,
    dark_share_bounds: tuple[float, float] | None = None,
    suites: Path | None = None,
    docs_dir: Path | None = None,
) -> GateResult:
    """Validate every suite against the warehouse's marts; `docs_dir` None writes no Data Docs.

    `max_age_days` None: from the build's `dark_social__freshness_error_after_hours` (the bound
    `dbt source freshness` errors at), rounded up to whole days.
    """
    if isinstance(warehouse, Path | str):
        warehouse = Warehouse.duckdb(warehouse)
    as_of = as_of or dt.datetime.now(dt.UTC).date()
    folder = suites or SUITES_DIR
    try:
        loaded = [(load_suite(path), path) for path in sorted(folder.glob("*.json"))]
    except (ValueError, TypeError, KeyError) as error:  # GX's own validation errors are ValueErrors
        message = " ".join(str(error).split())
        raise ConfigurationError(f"a suite in {folder} is not valid: {message}") from error
    if not loaded:
        raise ConfigurationError(f"no expectation suites in {folder}: the installation is incomplete")
    checked: list[tuple[Any, list[Outcome]]] = []
    with warehouse.connect():
        try:
            settings = build_settings(warehouse)
            enumerations = enumeration_parameters(warehouse)
        except Exception as error:  # a partial build: the marker is there, the rest is not
            raise WarehouseError(
                f"the build in {warehouse.schema} is incomplete ({' '.join(str(error).split())[:300]}): "
                "run `dbt build` first"
            ) from error
        low, high = dark_share_bounds or (
            float(settings["dark_social__dark_share_of_direct_min"]),
            float(settings["dark_social__dark_share_of_direct_max"]),
        )
        if max_age_days is None:
            max_age_days = math.ceil(float(settings.get("dark_social__freshness_error_after_hours", 48)) / 24)
        parameters = {
            "freshness_min_day": (as_of - dt.timedelta(days=max_age_days)).isoformat(),
            "dark_share_of_direct_min": low,
            "dark_share_of_direct_max": high,
            **enumerations,
        }
        for suite, path in loaded:
            expectations = [
                {
                    "type": expectation["type"],
                    "kwargs": {
                        name: resolve(value, parameters, f"{path.name}: {expectation['type']}")
                        for name, value in expectation["kwargs"].items()
                    },
                }
                for expectation in json.loads(path.read_text())["expectations"]
            ]
            try:
                checked.append(
                    (suite, validate_table(warehouse, suite.name, suite.meta["table"], expectations))
                )
            except GateErrors as error:
                relation = warehouse.relation(suite.meta["table"])
                raise WarehouseError(
                    f"suite {suite.name} could not be evaluated on {relation}: "
                    f"{' '.join(str(error).split())[:400]}"
                ) from error
    outcomes = [outcome for _, suite_outcomes in checked for outcome in suite_outcomes]
    index = write_data_docs(docs_dir, checked, f"gate-{as_of.isoformat()}") if docs_dir else None
    return GateResult(
        evaluated=len(outcomes),
        failures=[outcome.line() for outcome in outcomes if not outcome.success],
        docs_index=index,
        outcomes=outcomes,
    )


def _database_errors() -> tuple[type[BaseException], ...]:
    errors: list[type[BaseException]] = []
    try:
        import duckdb

        errors.append(duckdb.Error)
    except ImportError:  # pragma: no cover - duckdb is a dependency
        pass
    try:
        import psycopg2

        errors.append(psycopg2.Error)
    except ImportError:
        pass
    return tuple(errors)


#: a query that fails on a mart (a missing column or table): the build is not the one the suites guard
GateErrors = _database_errors()


def store_result(result: GateResult, database: Path | str, as_of: dt.date, path: Path) -> Path:
    """Write the gate's result as JSON (which database, when, the verdict) for the report to show."""
    path.parent.mkdir(parents=True, exist_ok=True)
    content = {
        "database": str(database),
        "checked_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "as_of": as_of.isoformat(),
        "evaluated": result.evaluated,
        "success": result.success,
        "failures": result.failures,
        "docs_index": str(result.docs_index) if result.docs_index else None,
    }
    path.write_text(json.dumps(content, indent=2))
    return path
