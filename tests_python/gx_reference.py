"""Great Expectations' own verdicts (its pandas route), the reference the gate's SQL must agree with.

Test-only: it loads whole marts into pandas, which is what the gate no longer does (10 GB at 10
million hits); on the 20k-hit fixture it is cheap and tells whether the gate's SQL gives each
expectation the semantics Great Expectations gives it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb

from dark_social.quality import load_suite


def read_table(connection: duckdb.DuckDBPyConnection, relation: str) -> Any:
    """The whole table as a DataFrame, DATE columns as Python dates (GX compares them with date bounds)."""
    result = connection.sql(f"select * from {relation}")
    dates = [name for name, kind in zip(result.columns, result.types, strict=True) if str(kind) == "DATE"]
    frame = result.df()
    for name in dates:
        frame[name] = frame[name].dt.date
    return frame


def gx_verdicts(database: Path, schema: str, parameters: dict[str, Any], suites: Path) -> list[tuple]:
    """(suite, type, kwargs as JSON, success, unexpected_count or observed value) for every expectation."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.enable_analytics(False)
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas(name="reference")
    out = []
    with duckdb.connect(str(database), read_only=True) as connection:
        for path in sorted(suites.glob("*.json")):
            suite = context.suites.add(load_suite(path))
            table = suite.meta["table"]
            batch = source.add_dataframe_asset(name=table).add_batch_definition_whole_dataframe(name=table)
            frame = read_table(connection, f'"{schema}"."{table}"')
            validation = batch.get_batch(batch_parameters={"dataframe": frame}).validate(
                suite, expectation_parameters=parameters, result_format="SUMMARY"
            )
            for result in validation.results:
                config = result.expectation_config
                outcome = result.result or {}
                observed = outcome.get("unexpected_count", outcome.get("observed_value"))
                out.append((suite.name, config.type, columns(config.kwargs), result.success, plain(observed)))
    return sorted(out, key=repr)


def columns(kwargs: dict[str, Any]) -> str:
    return ",".join(str(kwargs[name]) for name in ("column", "column_A", "column_B") if name in kwargs)


def plain(value: Any) -> Any:
    """Observed values compared across routes: dates as ISO text, numbers as Python floats."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "item"):
        return value.item()
    return value


def gate_verdicts(outcomes: list[Any]) -> list[tuple]:
    """The same tuples from the gate's outcomes."""
    out = []
    for outcome in outcomes:
        observed = outcome.result.get("unexpected_count", outcome.result.get("observed_value"))
        out.append((outcome.suite, outcome.type, columns(outcome.kwargs), outcome.success, plain(observed)))
    return sorted(out, key=repr)
