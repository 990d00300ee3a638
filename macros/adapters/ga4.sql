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
