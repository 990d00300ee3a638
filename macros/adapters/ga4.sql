{#-
    GA4 BigQuery export: nested fields. Each engine reads the repeated `event_params` record and
    the `device` struct differently (BigQuery: a correlated UNNEST; DuckDB and Spark: a list
    filter; Snowflake: FILTER on a VARIANT array; PostgreSQL: jsonb), so both are dispatched.
-#}

{% macro ga4_event_param(key, column='event_params') -%}
    {#-
        The value of event parameter `key` as text, whatever field holds it (`string_value`,
        `int_value`, `double_value`, `float_value`, first non-null); null when the event has no
        such parameter. Integer ids such as `ga_session_id` come back as their digits.
    -#}
    {{ return(adapter.dispatch('ga4_event_param', 'dark_social')(key, column)) }}
{%- endmacro %}

{#- the SQL-standard form: a correlated subquery over the unnested array (a key appears once per
    event; `max` makes the one row explicit, where `limit 1` would leave the choice to the engine) -#}
{% macro default__ga4_event_param(key, column) -%}
    (
        select max({{ dark_social._ga4_param_value_as_text('param.value') }})
        from unnest({{ column }}) as param
        where param.key = {{ dark_social.sql_string_literal(key) }}
    )
{%- endmacro %}

{#- BigQuery: the UNNEST form Google documents for event_params -#}
{% macro bigquery__ga4_event_param(key, column) -%}
    (
        select max({{ dark_social._ga4_param_value_as_text('param.value') }})
        from unnest({{ column }}) as param
        where param.key = {{ dark_social.sql_string_literal(key) }}
    )
{%- endmacro %}

{#- DuckDB (Parquet with the same nested shape): a list filter, no correlated subquery per event -#}
{% macro duckdb__ga4_event_param(key, column) -%}
    {{ dark_social._ga4_param_value_as_text(
        '(list_filter(' ~ column ~ ', lambda p: p.key = ' ~ dark_social.sql_string_literal(key) ~ ')[1]).value') }}
{%- endmacro %}

{% macro spark__ga4_event_param(key, column) -%}
    {{ dark_social._ga4_param_value_as_text(
        'try_element_at(filter(' ~ column ~ ', p -> p.key = ' ~ dark_social.sql_string_literal(key) ~ '), 1).value') }}
{%- endmacro %}

{% macro snowflake__ga4_event_param(key, column) -%}
    {#- the export loaded as a VARIANT array of {key, value: {string_value, int_value...}} -#}
    {%- set value = 'get(filter(' ~ column ~ ', p -> p:key::string = ' ~ dark_social.sql_string_literal(key) ~ '), 0):value' -%}
    coalesce(
        {{ value }}:string_value::string,
        {{ value }}:int_value::string,
        {{ value }}:double_value::string,
        {{ value }}:float_value::string
    )
{%- endmacro %}

{% macro postgres__ga4_event_param(key, column) -%}
    {#- the export loaded as a jsonb array of {key, value: {string_value, int_value...}} -#}
    (
        select max(coalesce(
            param -> 'value' ->> 'string_value',
            param -> 'value' ->> 'int_value',
            param -> 'value' ->> 'double_value',
            param -> 'value' ->> 'float_value'
        ))
        from jsonb_array_elements({{ column }}) as param
        where param ->> 'key' = {{ dark_social.sql_string_literal(key) }}
    )
{%- endmacro %}

{% macro _ga4_param_value_as_text(value) -%}
    coalesce(
        {{ value }}.string_value,
        cast({{ value }}.int_value as {{ dbt.type_string() }}),
        cast({{ value }}.double_value as {{ dbt.type_string() }}),
        cast({{ value }}.float_value as {{ dbt.type_string() }})
    )
{%- endmacro %}


{% macro ga4_field(path) -%}
    {#- A field of a GA4 struct column by its dotted path, e.g. `device.web_info.browser`, as text. -#}
    {{ return(adapter.dispatch('ga4_field', 'dark_social')(path)) }}
{%- endmacro %}

{% macro default__ga4_field(path) -%}
    cast({{ path }} as {{ dbt.type_string() }})
{%- endmacro %}

{% macro snowflake__ga4_field(path) -%}
    {%- set parts = path.split('.') -%}
    {{ parts[0] }}:{{ parts[1:] | join(':') }}::string
{%- endmacro %}

{% macro postgres__ga4_field(path) -%}
    {%- set parts = path.split('.') -%}
    ({{ parts[0] }}{% for part in parts[1:] %} {{ '->>' if loop.last else '->' }} '{{ part }}'{% endfor %})
{%- endmacro %}


{% macro timestamp_from_micros(expression) -%}
    {#- A UTC timestamp (without time zone) from microseconds since the epoch (GA4 `event_timestamp`). -#}
    {{ return(adapter.dispatch('timestamp_from_micros', 'dark_social')(expression)) }}
{%- endmacro %}

{% macro default__timestamp_from_micros(expression) -%}
    cast(to_timestamp({{ expression }} / 1000000.0) at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__timestamp_from_micros(expression) -%}
    make_timestamp(cast({{ expression }} as bigint))
{%- endmacro %}

{% macro bigquery__timestamp_from_micros(expression) -%}
    timestamp_micros({{ expression }})
{%- endmacro %}

{% macro spark__timestamp_from_micros(expression) -%}
    timestamp_micros({{ expression }})
{%- endmacro %}

{% macro snowflake__timestamp_from_micros(expression) -%}
    to_timestamp_ntz({{ expression }}, 6)
{%- endmacro %}


{#-
    Warehouse scale: the GA4 export is one table per day (`events_YYYYMMDD`, and
    `events_intraday_YYYYMMDD` for today), read through the wildcard `events_*`. BigQuery bills
    every shard a query names unless a constant `_TABLE_SUFFIX` predicate prunes them; a filter
    on `event_date` or on the hit time does not. So the base model reads only the shards of the
    run's window (README, "Source adapters").
-#}

{% macro ga4_shard_days() -%}
    {#-
        The export days a run reads, as {'first': 'YYYYMMDD' or none, 'last': 'YYYYMMDD' or none};
        none when it reads every day. An incremental run reads the window int_dark_social_hits__validated
        reprocesses (its latest valid hit minus `dark_social__incremental_lookback_hours`, or
        `dark_social__backfill_start` when earlier, up to `dark_social__backfill_end`), widened by a
        day on each side (shards are days in the property's time zone, hits are UTC). A full build
        (`--full-refresh`, or no hits built yet) reads from `dark_social__ga4_start_date` (every
        day when null), which is also the floor of every run.
    -#}
    {%- if not execute -%}{{ return(none) }}{%- endif -%}
    {%- set datetime = modules.datetime -%}
    {%- set day = datetime.timedelta(days=1) -%}
    {%- set floor = var('dark_social__ga4_start_date') -%}
    {%- set floor = datetime.date.fromisoformat(floor | string) if floor else none -%}
    {%- set first = none -%}
    {%- set last = none -%}
    {%- set validated = (graph.get('nodes') or {}).values() | selectattr('resource_type', 'equalto', 'model')
        | selectattr('package_name', 'equalto', 'dark_social')
        | selectattr('name', 'equalto', 'int_dark_social_hits__validated') | first -%}
    {%- set relation = adapter.get_relation(validated.database, validated.schema, validated.alias)
        if validated and not flags.FULL_REFRESH and dark_social.incremental_windows() else none -%}
    {%- if relation is not none -%}
        {%- set latest = dark_social.incremental_scalar(
            'select max(hit_at) from ' ~ relation ~ ' where quarantine_reason is null') -%}
        {%- set starts = [] -%}
        {%- if latest is not none -%}
            {%- do starts.append((latest - datetime.timedelta(hours=var('dark_social__incremental_lookback_hours'))).date()) -%}
        {%- endif -%}
        {%- if var('dark_social__backfill_start') is not none -%}
            {%- do starts.append(datetime.date.fromisoformat((var('dark_social__backfill_start') | string)[:10])) -%}
        {%- endif -%}
        {%- set first = (starts | min) - day if starts else none -%}
        {%- if var('dark_social__backfill_end') is not none -%}
            {%- set last = datetime.date.fromisoformat((var('dark_social__backfill_end') | string)[:10]) + day -%}
        {%- endif -%}
    {%- endif -%}
    {%- if floor is not none and (first is none or first < floor) -%}{%- set first = floor -%}{%- endif -%}
    {%- if first is none and last is none -%}{{ return(none) }}{%- endif -%}
    {{ return({
        'first': first.strftime('%Y%m%d') if first is not none else none,
        'last': last.strftime('%Y%m%d') if last is not none else none,
    }) }}
{%- endmacro %}


{% macro ga4_shard_filter(first_day, last_day) -%}
    {#-
        The predicate that keeps export days `first_day` to `last_day` ('YYYYMMDD', either may be
        none) where the export is read. With var `dark_social__ga4_date_partition_column` set, the
        export is one date-partitioned table and the predicate is on that DATE column. Dispatched.
    -#}
    {{ return(adapter.dispatch('ga4_shard_filter', 'dark_social')(first_day, last_day)) }}
{%- endmacro %}

{#- elsewhere (Parquet files of the export read in place...): the export's own `event_date` text -#}
{% macro default__ga4_shard_filter(first_day, last_day) -%}
    {%- set partition_column = var('dark_social__ga4_date_partition_column') -%}
    {%- if partition_column -%}
        {{ dark_social._ga4_date_partition_filter(partition_column, first_day, last_day) }}
    {%- else -%}
        {{ dark_social._ga4_text_range('event_date', first_day, last_day) }}
    {%- endif -%}
{%- endmacro %}

{#- BigQuery: `_TABLE_SUFFIX`, a constant range per kind of shard (daily and intraday), so that
    BigQuery prunes the shards outside it before it reads them -#}
{% macro bigquery__ga4_shard_filter(first_day, last_day) -%}
    {%- set partition_column = var('dark_social__ga4_date_partition_column') -%}
    {%- if partition_column -%}
        {{ dark_social._ga4_date_partition_filter(partition_column, first_day, last_day) }}
    {%- else -%}
        ({{ dark_social._ga4_text_range('_table_suffix', first_day, last_day) }}
        or {{ dark_social._ga4_text_range(
            '_table_suffix', 'intraday_' ~ (first_day or '00000000'), 'intraday_' ~ (last_day or '99999999')) }})
    {%- endif -%}
{%- endmacro %}

{% macro _ga4_text_range(column, first_day, last_day) -%}
    {{ column }} between '{{ first_day or "00000000" }}' and '{{ last_day or "99999999" }}'
{%- endmacro %}

{% macro _ga4_date_partition_filter(column, first_day, last_day) -%}
    {%- set first = first_day[:4] ~ '-' ~ first_day[4:6] ~ '-' ~ first_day[6:] if first_day else none -%}
    {%- set last = last_day[:4] ~ '-' ~ last_day[4:6] ~ '-' ~ last_day[6:] if last_day else none -%}
    {%- if first and last -%}
        {{ column }} between date '{{ first }}' and date '{{ last }}'
    {%- elif first -%}
        {{ column }} >= date '{{ first }}'
    {%- else -%}
        {{ column }} <= date '{{ last }}'
    {%- endif -%}
{%- endmacro %}
