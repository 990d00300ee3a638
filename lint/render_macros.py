"""Render every SQL-producing macro of the package into standalone statements, for sqlfluff.

sqlfluff's dbt templater lints models, analyses and singular tests, and skips macro files (and
generic tests, which are macros too). This renders each macro with sample arguments through
dbt itself (one `dbt compile --inline`, on the DuckDB target of profiles.example.yml with an
in-memory database), one statement per macro call, and writes them to OUT_DIR/<dialect>/ with an
index (index.json) that names the macro, its file and the call. lint/lint_sql.py lints them.

What is rendered:
  - every public macro, through its dispatcher (`dark_social.x(...)`): the SQL DuckDB runs,
    linted in the duckdb dialect;
  - every engine variant (`postgres__x`, `spark__x`, `bigquery__x`, `snowflake__x`) and the
    portable `default__x` when DuckDB has its own, called directly, linted in that engine's
    sqlfluff dialect (default__: ansi). Macros such a variant calls are dispatched for DuckDB,
    since the target is DuckDB: an engine variant is checked for its own text.
What cannot be rendered is listed in NOT_SQL (returns a value, a relation, a list, or sets a
config, no SQL text) and NOT_RENDERABLE (needs a context a compile of one inline query does not
have), each with its reason. A macro in none of the three tables fails the lint: add a sample.

    .venv/bin/python lint/render_macros.py OUT_DIR
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[1]

# Rendered statement shapes: `{call}` is the Jinja expression of the macro call.
SHAPES = {
    # an SQL expression (or predicate)
    "expression": "select\n    {{{{ {call} }}}} as sample_value\nfrom sample_rows",
    # select items with their aliases
    "select_items": "select\n    {{{{ {call} }}}}\nfrom sample_rows",
    # a type name
    "type": "select cast(sample_rows.sample_column as {{{{ {call} }}}}) as sample_value\nfrom sample_rows",
    # written between a CTE's name and its body
    "cte_modifier": (
        "with\n\nsample_cte as {{{{ {call} }}}} (\n    select 1 as sample_value\n)\n\n"
        "select * from sample_cte"
    ),
    # a relation, or a parenthesised query standing for one
    "relation": "select sample_relation.*\nfrom {{{{ {call} }}}} as sample_relation",
    # the items of an `in (...)` list
    "in_list": (
        "select\n    sample_rows.sample_column in ({{{{ {call} }}}}) as sample_value\nfrom sample_rows"
    ),
    # a whole statement (select, with ... select, delete)
    "statement": "{{{{ {call} }}}}",
    # a list of select items
    "item_list": "select\n    {{{{ {call} | join(',\\n    ') }}}}\nfrom sample_rows",
}

SINCE = "\"cast('2025-03-01 00:00:00' as timestamp)\""
MART = "ref('fct_dark_social_daily')"

# macro -> [(shape, arguments)], one rendered statement per entry. Arguments are Jinja.
SAMPLES: dict[str, list[tuple[str, str]]] = {
    # adapters/access_log.sql
    "parse_access_log_time": [("expression", "'log_time'")],
    "access_log_loaded_at_query": [("statement", "")],
    # adapters/ga4.sql
    "ga4_event_param": [("expression", "'page_location', 'event_params'")],
    "_ga4_param_value_as_text": [("expression", "'param.value'")],
    "ga4_field": [("expression", "'device.category'")],
    "ga4_shard_filter": [("expression", "'20250301', none"), ("expression", "'20250301', '20250305'")],
    "_ga4_text_range": [("expression", "'_table_suffix', '20250301', none")],
    "_ga4_date_partition_filter": [("expression", "'event_day', '20250301', none")],
    "timestamp_from_micros": [("expression", "'event_timestamp'")],
    # source/source_adapters.sql
    "read_in_place": [
        ("relation", "source('dark_social', 'raw_hits'), none"),
        ("relation", "source('dark_social', 'raw_hits'), \"read_parquet('hits/*.parquet')\""),
    ],
    "source_relation": [("relation", "'hits'")],
    "source_loaded_at_query": [("statement", "'hits', 'hit_at'")],
    # classification
    "device_category": [("expression", "'user_agent'")],
    "ga4_default_channel_group": [("expression", "'source', 'medium', 'campaign', 'source_category'")],
    "user_agent_matches": [
        ("expression", "'signatures.token', 'signatures.match_type', 'agents.user_agent'")
    ],
    "host_matches": [("expression", "'entries.host', 'entries.match_type', 'sessions.referrer_host'")],
    "source_match_rank": [
        ("expression", "'entries.host', 'entries.match_type', 'entries.source', 'names.name'")
    ],
    "source_lookup_key": [("expression", "'sessions.utm_source'")],
    "source_lookup": [("statement", "'names', 'entries'")],
    "path_matches": [("expression", "'entries.pattern', 'entries.match_type', 'sessions.landing_path'")],
    "path_match_rank": [("expression", "'entries.pattern', 'entries.match_type'")],
    "user_agent_types": [("statement", "'agents', 'signatures'")],
    "rule_match_type": [("expression", "'entries.match_type'")],
    "traffic_origin": [("expression", "")],
    "attribution_kind": [("expression", "")],
    "dark_social_signal": [("expression", "")],
    "dark_social_confidence": [("expression", "")],
    "share_fragment_kind": [("expression", "'page_fragment'")],
    "share_fragment_service": [("expression", "'page_fragment'")],
    "simple_urls": [
        ("statement", "ref('fct_dark_social_sessions'), 'landing_page_url', none, none, none, false"),
        ("statement", "ref('fct_dark_social_sessions'), 'landing_path', 'landing_host', none, 2, true"),
    ],
    "path_depth": [("expression", "'landing_path'")],
    # incremental/incremental.sql
    "loaded_at": [("expression", "")],
    "timestamp_literal": [("expression", "'2025-03-01 00:00:00'")],
    "hit_window_filter": [("expression", "'hit_at', " + SINCE)],
    "changed_since": [("expression", "'parent', none"), ("expression", "'parent', " + SINCE)],
    "delete_rebuilt_sessions": [
        (
            "statement",
            "ref('int_dark_social_hits__sessionized'), 'session_started_at', "
            + SINCE
            + ", 'client_id', 'client_id'",
        )
    ],
    "delete_rebuilt_days": [("statement", "ref('fct_dark_social_sessions'), " + SINCE)],
    "rebuilt_days_filter": [
        ("expression", "'parent', ref('fct_dark_social_sessions'), none"),
        ("expression", "'parent', ref('fct_dark_social_sessions'), " + SINCE),
    ],
    "client_key": [("expression", "'client_id'")],
    "salted_hash": [("expression", "'client_id'")],
    "session_public_key": [("expression", "'session_key'")],
    # url/redact.sql (the list read from the warehouse is empty here: a sample list instead)
    "redact_segments": [("expression", "'page_path', [('[0-9]{5,}', '{id}'), ('[^/]*@[^/]*', '{email}')]")],
    # config/settings.sql
    "setting": [("expression", "'dark_social__client_id_salt'")],
    # marts/measures.sql
    "dark_social_counts": [("select_items", "")],
    "dark_social_measure_casts": [("select_items", "")],
    "dark_social_measure_type": [("type", "'revenue'"), ("type", "'sessions'")],
    "dark_social_ratios": [("select_items", "")],
    # marts/daily_counts.sql
    "reporting_days": [
        ("statement", "ref('int_dark_social_hits__sessionized'), none, none"),
        ("statement", "ref('int_dark_social_hits__sessionized'), " + SINCE + ", \"date '2025-01-01'\""),
    ],
    "zero_filled_daily_counts": [
        ("statement", "'sessions', 'days', ['sessions', 'revenue']"),
        (
            "statement",
            "'sessions', 'days', ['sessions'], dimension='channel_group', dimension_values='channel_groups', "
            "dimension_expression=\"case when is_dark_social then 'Dark social' else channel end\"",
        ),
    ],
    # seeds/spark_load_csv_rows.sql (Spark only: linted in the sparksql dialect, see DIALECT_OF)
    "spark_seed_literal": [("expression", '"it\'s"')],
    # source/raw_hits.sql
    "raw_hits_columns": [("item_list", "dark_social.source_relation('hits')")],
    "raw_hits_loaded_at_query": [("statement", "")],
    # sql/
    "day_spine": [("statement", "\"'2025-01-01'\", \"'2025-01-31'\"")],
    "regexp_extract": [("expression", "'page_url', '^[^?#]*[?]([^#]*)', 1")],
    "regexp_replace_all": [("expression", "'page_path', '(.)/+$', '\\\\1'")],
    "regexp_matches": [
        ("expression", "'page_url', '^https?://'"),
        ("expression", "'user_agent', '(ipad|tablet)', ignore_case=true"),
    ],
    "regexp_matches_ignoring_case": [("expression", "'user_agent', '(ipad|tablet)'")],
    "sql_string_list": [("in_list", "['a', \"it's\"]")],
    "matches_regex": [("expression", "'user_agent', 'signatures.token'")],
    "sql_string_literal": [("expression", '"it\'s a \\\\d"')],
    "seconds_between": [("expression", "'session_started_at', 'session_ended_at'")],
    "from_utc_timestamp": [
        ("expression", "'session_started_at', 'Europe/Paris'"),
        ("expression", "'session_started_at', 'UTC'"),
    ],
    "to_utc_timestamp": [
        ("expression", "'hit_at', 'TIMESTAMP'"),
        ("expression", "'hit_at', 'TIMESTAMP WITH TIME ZONE'"),
        ("expression", "'hit_at', 'VARCHAR'"),
    ],
    "parse_timestamp_string": [("expression", "'hit_at'"), ("expression", "'hit_at', 'Europe/Paris'")],
    "timestamp_tz_to_utc": [("expression", "'hit_at'")],
    "naive_timestamp_to_utc": [("expression", "'hit_at', 'UTC'"), ("expression", "'hit_at', 'Europe/Paris'")],
    "cast_offset_text_to_utc": [("expression", "'hit_at'")],
    "cast_naive_text": [("expression", "'hit_at'")],
    "lag_ignore_nulls": [("expression", "'referrer_host', 'partition by client_id order by hit_at'")],
    "format_timestamp": [("expression", "'hit_at'")],
    "format_date": [("expression", "'session_date'")],
    "utc_now": [("expression", "")],
    "utc_today": [("expression", "")],
    "earliest_hit_at": [("expression", "")],
    "epoch_microseconds_to_timestamp": [("expression", "'epoch_ms * 1000'")],
    "type_double": [("type", "")],
    "type_money": [("type", "")],
    "json_extract_text": [
        ("expression", "'event_data', 'revenue'"),
        ("expression", "'event_data', 'ecommerce.value'"),
    ],
    "parse_number": [("expression", "'event_value'")],
    "inline_cte": [("cte_modifier", "")],
    "byte_order": [("expression", "'signatures.token'")],
    # url/
    "url_scheme": [("expression", "'page_url'")],
    "url_host": [("expression", "'page_url'")],
    "url_path": [("expression", "'page_url'")],
    "url_query": [("expression", "'page_url'")],
    "url_fragment": [("expression", "'page_url'")],
    "normalize_host": [("expression", "'page_host'")],
    "normalize_path": [("expression", "'page_path'")],
    "query_parameter": [("expression", "'page_query', 'utm_source'")],
    "decode_query_value": [("expression", "'utm_source_raw'")],
    "url_decode": [("expression", "'page_path'")],
    "url_with_allowed_parameters": [
        ("expression", "'landing_scheme', 'landing_host', 'landing_path', 'landing_query'"),
        ("expression", "'landing_scheme', 'landing_host', 'landing_path', 'landing_query', []"),
    ],
    "parsed_page_urls": [("statement", "ref('stg_dark_social__hits'), 'page_url'")],
    "parsed_referrer_urls": [("statement", "ref('stg_dark_social__hits'), 'referrer_url'")],
    "is_external_referrer": [
        ("expression", "'referrer_host', 'page_host', none"),
        ("expression", "'referrer_host', 'page_host', ['example.com', 'shop.example.com']"),
    ],
    # tests/generic/ (generic tests are macros `test_<name>`)
    "test_counts_are_ordered": [
        ("statement", "model=" + MART + ", columns=['dark_social_sessions', 'direct_sessions', 'sessions']")
    ],
    "test_no_missing_days": [("statement", "model=" + MART + ", column_name='session_date'")],
    "test_share_between_0_and_1": [("statement", "model=" + MART + ", column_name='dark_share_of_direct'")],
    "test_share_within_bounds": [
        (
            "statement",
            "model=" + MART + ", column_name='dark_social_sessions', denominator='direct_sessions', "
            "min_share=0, max_share=0.95",
        )
    ],
    "test_accepted_enumeration": [
        (
            "statement",
            "model=ref('fct_dark_social_sessions'), column_name='traffic_origin', "
            "enumeration='traffic_origin'",
        ),
        (
            "statement",
            "model=ref('fct_dark_social_sessions'), column_name='traffic_origin', "
            "enumeration='traffic_origin', visits_only=true",
        ),
    ],
    "test_totals_match": [
        (
            "statement",
            "model=" + MART + ", column_name='sessions', compare_model=ref('fct_dark_social_sessions'), "
            "compare_expression='count(*)'",
        )
    ],
}

# Macros that produce no SQL text: nothing to lint.
NOT_SQL = {
    "access_log_line_pattern": "returns a regular expression (a Python string)",
    "_only_group": "returns a regular expression",
    "iso_timestamp_pattern": "returns a regular expression",
    "iso_offset_pattern": "returns a regular expression",
    "reserved_escape_pattern": "returns a regular expression",
    "utf8_percent_sequence_pattern": "returns a regular expression",
    "source_adapters": "returns a dict",
    "source_adapter": "returns the adapter's name",
    "source_adapter_enabled": "returns a boolean",
    "base_model": "returns a model name",
    "is_utc_timezone": "returns a boolean",
    "raw_timestamps_timezone": "returns a zone name",
    "full_rebuild_strategy": "returns a strategy name",
    "dark_social_count_measures": "returns a dict of measure names and conditions",
    "incremental_windows": "returns a boolean",
    "session_incremental_strategy": "returns a strategy name",
    "incremental_scalar": "runs a query and returns its value",
    "dark_social_count_columns": "returns a list of column names",
    "dark_social_value_measures": "returns a dict of measure names, summed columns, conditions and kinds",
    "relation_has_column": "returns a boolean (whether a relation has a column)",
    "raw_hits_contract": "returns a dict",
    "get_raw_hits_columns": "introspects a relation and returns (name, type) pairs",
    "is_text_type": "returns a boolean",
    "is_numeric_type": "returns a boolean",
    "earliest_hit_date": "returns a date (a Python value)",
    "day_spine_capacity": "returns a number of days",
    "epoch_column_to_utc": "returns epoch_microseconds_to_timestamp's SQL (rendered) or raises an error",
    "render_engine_sql": "prints the rendered samples of other macros (all sampled here)",
    "ga4_shard_days": "returns a dict of export days (reads the graph and, on an incremental run, a max())",
    "day_partition": "returns a partition_by config (a dict or none)",
    "clustering": "returns a cluster_by config (a list or none)",
    "check_client_id_salt": "warns or raises about the salt; returns ''",
    "revenue_currency": "returns a string literal (one quoted value)",
    "redaction_patterns": "runs a query and returns (pattern, placeholder) pairs",
}

# Macros that produce SQL but cannot be rendered by one inline compile, and why.
NOT_RENDERABLE = {
    "hit_window_start": "renders only on an incremental run (is_incremental() and a max() read "
    "from the existing table); its pieces (dbt.dateadd, timestamp_literal) are rendered",
    "earliest_late_hit_day": "runs only on an incremental run (counts per day in `this` and the "
    "source, run_query); returns a day or raises an error",
    "last_loaded_at": "renders only on an incremental run (reads max(dbt_loaded_at) of `this`); "
    "timestamp_literal, which writes it, is rendered",
    "spark__load_csv_rows": "runs inside `dbt seed` on Spark: needs the seed node, its agate table "
    "and adapter.add_query(); spark_seed_literal, which writes its values, is rendered",
    "get_fixture_sql": "runs inside a unit test (needs the unit test's model and rows)",
    "spark_fixture_sql": "runs inside a unit test on Spark (model, this, format_row)",
}

ENGINES = ("postgres", "spark", "bigquery", "snowflake")
# sqlfluff dialect of each rendering: the dispatcher on DuckDB, a variant in its own engine's.
DIALECTS = {
    "duckdb": "duckdb",
    "default": "ansi",
    "postgres": "postgres",
    "spark": "sparksql",
    "bigquery": "bigquery",
    "snowflake": "snowflake",
}
# Macros that only exist for one engine and are not dispatched.
DIALECT_OF = {"spark_seed_literal": "spark"}

RAW_HITS_LOCATION = "read_csv('lint/raw_hits.csv')"
MARKER = "-- @@sample {index}"
MARKER_RE = re.compile(r"^-- @@sample (\d+)$", re.MULTILINE)


def dbt_args(*args: str) -> list[str]:
    dbt_vars = json.dumps({"dark_social__raw_hits_location": RAW_HITS_LOCATION})
    return [*args, "--project-dir", str(PROJECT_DIR), "--target", "duckdb", "--vars", dbt_vars]


def package_macros(manifest) -> dict[str, str]:
    """name -> file of every macro of this package (generic tests included)."""
    return {
        macro.name: macro.original_file_path
        for macro in manifest.macros.values()
        if macro.package_name == "dark_social"
    }


def renderings(macros: dict[str, str]) -> tuple[list[dict], list[str]]:
    """Every statement to render, and the macros that no table accounts for."""
    items: list[dict] = []
    covered: set[str] = set()
    for name, entries in SAMPLES.items():
        if name not in macros:
            # a stale sample fails loudly, so the table follows renames
            items.append({"macro": name, "missing": True})
            continue
        covered.add(name)
        variants = [("duckdb", name)]
        for engine in ("default", *ENGINES):
            variant = f"{engine}__{name}"
            if variant in macros:
                covered.add(variant)
                # default__ is what DuckDB runs when it has no duckdb__ version: already rendered
                if engine != "default" or f"duckdb__{name}" in macros:
                    variants.append((engine, variant))
        if f"duckdb__{name}" in macros:
            covered.add(f"duckdb__{name}")
        for engine, macro in variants:
            engine = DIALECT_OF.get(name, engine)
            for number, (shape, arguments) in enumerate(entries, start=1):
                call = f"dark_social.{macro}({arguments})"
                items.append(
                    {
                        "macro": macro,
                        "file": macros[macro],
                        "engine": engine,
                        "dialect": DIALECTS[engine],
                        "call": call,
                        "sample": number,
                        "template": SHAPES[shape].format(call=call),
                    }
                )
    unaccounted = []
    for name in sorted(macros):
        base = name.split("__", 1)[1] if name.split("__", 1)[0] in ("default", "duckdb", *ENGINES) else name
        if name in covered or name in NOT_SQL or name in NOT_RENDERABLE:
            continue
        if base in NOT_SQL or base in NOT_RENDERABLE:
            continue
        unaccounted.append(f"{name} ({macros[name]})")
    return items, unaccounted


def main() -> int:
    out_dir = Path(sys.argv[1]).resolve()
    from dbt.cli.main import dbtRunner

    parsed = dbtRunner().invoke(dbt_args("--log-level", "none", "parse"))
    if not parsed.success:
        print(f"render_macros: dbt parse failed: {parsed.exception}", file=sys.stderr)
        return 2
    manifest = parsed.result
    macros = package_macros(manifest)
    items, unaccounted = renderings(macros)
    missing = [item["macro"] for item in items if item.get("missing")]
    items = [item for item in items if not item.get("missing")]
    problems = [
        f"sampled macro {name} no longer exists: update SAMPLES in lint/render_macros.py" for name in missing
    ]
    problems += [
        f"macro {name} has no sample: add it to SAMPLES (or NOT_SQL / NOT_RENDERABLE with a reason) "
        "in lint/render_macros.py"
        for name in unaccounted
    ]

    document = "\n".join(
        MARKER.format(index=index) + "\n" + item["template"] for index, item in enumerate(items)
    )
    compiled = dbtRunner(manifest=manifest).invoke(
        dbt_args("--log-level", "none", "compile", "--inline", document)
    )
    if not compiled.success:
        print(f"render_macros: a macro sample does not render: {compiled.exception}", file=sys.stderr)
        return 2
    text = compiled.result.results[0].node.compiled_code
    parts = MARKER_RE.split(text)
    rendered = {int(parts[i]): parts[i + 1].strip() + "\n" for i in range(1, len(parts), 2)}

    index = []
    for number, item in enumerate(items):
        folder = out_dir / item["dialect"]
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{item['macro']}__{item['sample']}.sql"
        path.write_text(rendered[number])
        index.append(
            {key: item[key] for key in ("macro", "file", "engine", "dialect", "call")} | {"path": str(path)}
        )
    (out_dir / "index.json").write_text(json.dumps(index, indent=1))
    print(
        f"render_macros: {len(index)} statements from {len({item['macro'] for item in index})} macros; "
        f"not SQL: {len(NOT_SQL)}, not renderable: {len(NOT_RENDERABLE)}"
    )
    for problem in problems:
        print(f"render_macros: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
