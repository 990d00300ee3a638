"""Great Expectations quality gate, run after `dbt build` by `make run` or an orchestrator.

Suites are JSON files in version control beside the marts they guard
(`models/marts/expectations/<mart>.json`). Each mart is read from the DuckDB file in read-only
mode through pandas (GX's SQL route over duckdb-engine returns empty metric results), validated,
and written to static Data Docs. Bounds and value sets come from the build itself: the vars it
resolved (mart dim_dark_social_settings) and seed dark_social_enumerations, so the gate checks
what the dbt tests checked. The gate fails (non-zero exit) when any expectation fails and
prints one line per failed expectation.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from dark_social import PROJECT_DIR
from dark_social.warehouse import connect

SUITES_DIR = PROJECT_DIR / "models" / "marts" / "expectations"
DOCS_DIR = PROJECT_DIR / "data" / "quality" / "data_docs"
#: the latest result of `dark-social gate`, read by `dark-social report`
RESULT_PATH = PROJECT_DIR / "data" / "quality" / "gate_result.json"


@dataclass(frozen=True)
class GateResult:
    evaluated: int
    failures: list[str] = field(default_factory=list)
    docs_index: Path | None = None

    @property
    def success(self) -> bool:
        return not self.failures


def build_settings(connection: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The vars the build resolved (mart dim_dark_social_settings): the bounds the dbt tests used."""
    try:
        rows = connection.execute(
            "select setting_name, setting_value from dim_dark_social_settings"
        ).fetchall()
    except duckdb.CatalogException as error:
        raise SystemExit(
            "The warehouse has no dim_dark_social_settings: build the package first (dbt build), "
            f"then run the gate. ({error})"
        ) from error
    return {name: json.loads(value) for name, value in rows}


def enumeration_parameters(connection: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The value sets of the suites, from seed dark_social_enumerations (the one list the dbt tests read).

    `enumeration__<name>` holds every value of an enumeration, `enumeration__<name>__visits` the
    values that can reach the marts.
    """
    rows = connection.execute("select enumeration, value, in_marts from dark_social_enumerations").fetchall()
    parameters: dict[str, list[str]] = {}
    for enumeration, value, in_marts in rows:
        parameters.setdefault(f"enumeration__{enumeration}", []).append(value)
        if in_marts:
            parameters.setdefault(f"enumeration__{enumeration}__visits", []).append(value)
    return parameters


def load_suite(path: Path) -> Any:
    import great_expectations as gx

    content = json.loads(path.read_text())
    suite = gx.ExpectationSuite(**content)
    # GX drops an expectation of an unknown type with a log line only: refuse the suite instead.
    if len(suite.expectations) != len(content.get("expectations", [])):
        raise ValueError(
            f"{path}: an expectation type is not known to Great Expectations; check the spelling."
        )
    return suite


def read_table(connection: duckdb.DuckDBPyConnection, table: str) -> Any:
    """The whole table as a DataFrame, DATE columns as Python dates (GX compares them with date bounds).

    A date Python cannot hold (before year 1 or after 9999: a quarantined hit of year 10000 in
    fct_dark_social_quarantined_hits_daily) is read as null rather than crashing the gate.
    """
    relation = connection.sql(f"select * from {table}")
    date_columns = {
        name for name, kind in zip(relation.columns, relation.types, strict=True) if str(kind) == "DATE"
    }
    items = [
        f"case when {quoted} between date '0001-01-01' and date '9999-12-31' then {quoted} end as {quoted}"
        if name in date_columns
        else quoted
        for name in relation.columns
        for quoted in ['"' + name.replace('"', '""') + '"']
    ]
    frame = connection.sql(f"select {', '.join(items)} from {table}").df()
    for name in date_columns:
        frame[name] = [None if value is None or value != value else value.date() for value in frame[name]]
    return frame


def describe_failure(suite_name: str, result: Any) -> str:
    kwargs = result.expectation_config.kwargs
    if "column_A" in kwargs:
        column = f"{kwargs['column_A']}>={kwargs['column_B']}"
    else:
        column = kwargs.get("column") or "<table>"
    outcome = result.result or {}
    info = result.exception_info or {}
    raised = [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, dict)]
    messages = [item.get("exception_message") for item in raised if item.get("raised_exception")]
    if messages:
        observed = "error: " + "; ".join(str(message) for message in messages)
    elif "observed_value" in outcome:
        observed = f"observed {outcome['observed_value']!r}"
    else:
        observed = (
            f"{outcome.get('unexpected_count')} of {outcome.get('element_count')} rows unexpected, "
            f"e.g. {outcome.get('partial_unexpected_list')}"
        )
    return f"FAILED {suite_name}: {result.expectation_config.type} on {column}: {observed}"


def run_gate(
    database: Path,
    as_of: dt.date | None = None,
    max_age_days: int = 2,
    dark_share_bounds: tuple[float, float] | None = None,
    suites_dir: Path = SUITES_DIR,
    docs_dir: Path = DOCS_DIR,
) -> GateResult:
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.checkpoint import UpdateDataDocsAction
    from great_expectations.data_context.types.base import ProgressBarsConfig

    as_of = as_of or dt.datetime.now(dt.UTC).date()

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
    source = context.data_sources.add_pandas(name="dark_social_marts")

    failures: list[str] = []
    evaluated = 0
    with connect(database) as connection:
        settings = build_settings(connection)
        low, high = dark_share_bounds or (
            float(settings["dark_social__dark_share_of_direct_min"]),
            float(settings["dark_social__dark_share_of_direct_max"]),
        )
        parameters = {
            "freshness_min_day": (as_of - dt.timedelta(days=max_age_days)).isoformat(),
            "dark_share_of_direct_min": low,
            "dark_share_of_direct_max": high,
            **enumeration_parameters(connection),
        }
        for path in sorted(suites_dir.glob("*.json")):
            suite = context.suites.add(load_suite(path))
            table = suite.meta["table"]
            batch = source.add_dataframe_asset(name=table).add_batch_definition_whole_dataframe(name=table)
            validation = context.validation_definitions.add(
                gx.ValidationDefinition(name=table, data=batch, suite=suite)
            )
            checkpoint = context.checkpoints.add(
                gx.Checkpoint(
                    name=table,
                    validation_definitions=[validation],
                    actions=[UpdateDataDocsAction(name="data_docs", site_names=["dark_social"])],
                    result_format={"result_format": "SUMMARY", "partial_unexpected_count": 3},
                )
            )
            outcome = checkpoint.run(
                batch_parameters={"dataframe": read_table(connection, table)},
                expectation_parameters=parameters,
            )
            for run in outcome.run_results.values():
                for result in run.results:
                    evaluated += 1
                    if not result.success:
                        failures.append(describe_failure(suite.name, result))
    index = docs_dir / "index.html"
    return GateResult(evaluated=evaluated, failures=failures, docs_index=index if index.exists() else None)


def store_result(result: GateResult, database: Path, as_of: dt.date, path: Path = RESULT_PATH) -> Path:
    """Write the gate's result as JSON (which database, when, the verdict) for the report to show."""
    path.parent.mkdir(parents=True, exist_ok=True)
    content = {
        "database": str(Path(database).resolve()),
        "checked_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "as_of": as_of.isoformat(),
        "evaluated": result.evaluated,
        "success": result.success,
        "failures": result.failures,
        "docs_index": str(result.docs_index) if result.docs_index else None,
    }
    path.write_text(json.dumps(content, indent=2))
    return path
