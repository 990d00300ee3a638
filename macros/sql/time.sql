{#- Time: exact durations and time-zone conversions differ between engines. -#}

{% macro seconds_between(start, end) -%}
    {{ return(adapter.dispatch('seconds_between', 'dark_social')(start, end)) }}
{%- endmacro %}

{% macro default__seconds_between(start, end) -%}
    extract(epoch from ({{ end }} - {{ start }}))
{%- endmacro %}

{% macro duckdb__seconds_between(start, end) -%}
    (epoch_us({{ end }}) - epoch_us({{ start }})) / 1000000.0
{%- endmacro %}

{% macro spark__seconds_between(start, end) -%}
    (unix_micros({{ end }}) - unix_micros({{ start }})) / 1000000.0
{%- endmacro %}

{% macro bigquery__seconds_between(start, end) -%}
    timestamp_diff({{ end }}, {{ start }}, microsecond) / 1000000.0
{%- endmacro %}

{% macro snowflake__seconds_between(start, end) -%}
    datediff(microsecond, {{ start }}, {{ end }}) / 1000000.0
{%- endmacro %}


{% macro from_utc_timestamp(timestamp, timezone) -%}
    {{ return(adapter.dispatch('from_utc_timestamp', 'dark_social')(timestamp, timezone)) }}
{%- endmacro %}

{% macro default__from_utc_timestamp(timestamp, timezone) -%}
    {%- if timezone | upper in ('UTC', 'ETC/UTC', 'Z') -%}
        {{ timestamp }}
    {%- else -%}
        (({{ timestamp }} at time zone 'UTC') at time zone {{ dark_social.sql_string_literal(timezone) }})
    {%- endif -%}
{%- endmacro %}

{% macro spark__from_utc_timestamp(timestamp, timezone) -%}
    from_utc_timestamp({{ timestamp }}, {{ dark_social.sql_string_literal(timezone) }})
{%- endmacro %}

{% macro snowflake__from_utc_timestamp(timestamp, timezone) -%}
    convert_timezone('UTC', {{ dark_social.sql_string_literal(timezone) }}, {{ timestamp }})
{%- endmacro %}

{% macro bigquery__from_utc_timestamp(timestamp, timezone) -%}
    datetime(timestamp({{ timestamp }}), {{ dark_social.sql_string_literal(timezone) }})
{%- endmacro %}


{% macro to_utc_timestamp(expression, data_type=none) -%}
    {{ return(adapter.dispatch('to_utc_timestamp', 'dark_social')(expression, data_type)) }}
{%- endmacro %}

{% macro default__to_utc_timestamp(expression, data_type) -%}
    {%- set raw_timezone = var('dark_social__raw_timestamps_timezone', 'UTC') -%}
    {%- set type = (data_type or '') | lower -%}
    {%- if 'with time zone' in type or type in ('timestamptz', 'timestamp_tz', 'timestamp_ltz') -%}
        cast(({{ expression }}) at time zone 'UTC' as {{ dbt.type_timestamp() }})
    {%- elif type.startswith('timestamp') or type == 'datetime' -%}
        {%- if raw_timezone | upper in ('UTC', 'ETC/UTC') -%}
            cast({{ expression }} as {{ dbt.type_timestamp() }})
        {%- else -%}
            cast((({{ expression }}) at time zone {{ dark_social.sql_string_literal(raw_timezone) }}) at time zone 'UTC' as {{ dbt.type_timestamp() }})
        {%- endif -%}
    {%- else -%}
        {{ dark_social.parse_timestamp_string(expression) }}
    {%- endif -%}
{%- endmacro %}


{% macro parse_timestamp_string(expression) -%}
    {{ return(adapter.dispatch('parse_timestamp_string', 'dark_social')(expression)) }}
{%- endmacro %}

{% macro default__parse_timestamp_string(expression) -%}
    {%- set raw_timezone = var('dark_social__raw_timestamps_timezone', 'UTC') -%}
    {%- set text = "trim(cast(" ~ expression ~ " as " ~ dbt.type_string() ~ "))" -%}
    case
        when {{ dark_social.regexp_matches(text, dark_social.iso_offset_pattern()) }}
            then cast(cast({{ text }} as timestamp with time zone) at time zone 'UTC' as {{ dbt.type_timestamp() }})
        else {{ dark_social.to_utc_timestamp('cast(' ~ text ~ ' as ' ~ dbt.type_timestamp() ~ ')', 'timestamp') }}
    end
{%- endmacro %}

{% macro iso_timestamp_pattern() -%}
    {#-
        The ISO-8601 text every engine reads the same way: a date (`-` or `/` between its parts),
        optionally a time (` ` or `T`, seconds and up to 9 fractional digits optional) and an
        offset (`Z`, `+05`, `+0530`, `+05:30`). Engines without a non-failing cast check text
        against it first, so an unparseable value becomes null (quarantined) instead of failing
        the run.
    -#}
    {{ return('^[0-9]{4}[-/](0?[1-9]|1[0-2])[-/](0?[1-9]|[12][0-9]|3[01])'
              ~ '([ T]([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?'
              ~ '([zZ]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?)?$') }}
{%- endmacro %}

{% macro iso_offset_pattern() -%}
    {#- An offset after the time (a date alone, `2025-01-01`, ends in `-01` but has none). -#}
    {{ return(':[0-9]{2}([.][0-9]+)?([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$') }}
{%- endmacro %}

{#- PostgreSQL: a cast of bad text fails the whole statement (no try_cast before version 16's
    pg_input_is_valid), so the text is checked against the ISO pattern first. A date that passes
    the pattern but does not exist (2025-02-30) still fails the run, loudly. -#}
{% macro postgres__parse_timestamp_string(expression) -%}
    {%- set raw_timezone = var('dark_social__raw_timestamps_timezone', 'UTC') -%}
    {%- set text = "replace(trim(cast(" ~ expression ~ " as text)), '/', '-')" -%}
    case
        when not {{ dark_social.regexp_matches(text, dark_social.iso_timestamp_pattern()) }} then null
        when {{ dark_social.regexp_matches(text, dark_social.iso_offset_pattern()) }}
            then cast(cast({{ text }} as timestamp with time zone) at time zone 'UTC' as timestamp)
        else {{ dark_social.to_utc_timestamp('cast(' ~ text ~ ' as timestamp)', 'timestamp') }}
    end
{%- endmacro %}

{#- Spark: a cast of bad text is null (dbt-spark turns ANSI mode off), but Spark's cast also reads
    things that are no timestamp (`1735725600` as the year 1735725600): check the ISO pattern. The
    session time zone must be UTC (spark.sql.session.timeZone, profiles.example.yml). -#}
{% macro spark__parse_timestamp_string(expression) -%}
    {%- set text = "replace(trim(cast(" ~ expression ~ " as string)), '/', '-')" -%}
    case
        when not {{ dark_social.regexp_matches(text, dark_social.iso_timestamp_pattern()) }} then null
        when {{ dark_social.regexp_matches(text, dark_social.iso_offset_pattern()) }}
            then cast({{ text }} as timestamp)
        else {{ dark_social.to_utc_timestamp('cast(' ~ text ~ ' as timestamp)', 'timestamp') }}
    end
{%- endmacro %}

{% macro spark__to_utc_timestamp(expression, data_type) -%}
    {#- Spark timestamps are instants shown in the session time zone (UTC, see the profile). -#}
    {%- set raw_timezone = var('dark_social__raw_timestamps_timezone', 'UTC') -%}
    {%- set type = (data_type or '') | lower -%}
    {%- if type.startswith('timestamp') or type == 'date' -%}
        {%- if raw_timezone | upper in ('UTC', 'ETC/UTC') -%}
            cast({{ expression }} as timestamp)
        {%- else -%}
            to_utc_timestamp(cast({{ expression }} as timestamp), {{ dark_social.sql_string_literal(raw_timezone) }})
        {%- endif -%}
    {%- else -%}
        {{ dark_social.parse_timestamp_string(expression) }}
    {%- endif -%}
{%- endmacro %}

{#- DuckDB: try_cast so that an unparseable value becomes null instead of failing the run. -#}
{% macro duckdb__parse_timestamp_string(expression) -%}
    {%- set raw_timezone = var('dark_social__raw_timestamps_timezone', 'UTC') -%}
    {%- set text = "trim(cast(" ~ expression ~ " as varchar))" -%}
    case
        when {{ dark_social.regexp_matches(text, '([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$') }}
            then timezone('UTC', try_cast({{ text }} as timestamptz))
        {%- if raw_timezone | upper in ('UTC', 'ETC/UTC') %}
        else try_cast({{ text }} as timestamp)
        {%- else %}
        else timezone('UTC', timezone({{ dark_social.sql_string_literal(raw_timezone) }}, try_cast({{ text }} as timestamp)))
        {%- endif %}
    end
{%- endmacro %}

{% macro duckdb__to_utc_timestamp(expression, data_type) -%}
    {%- set raw_timezone = var('dark_social__raw_timestamps_timezone', 'UTC') -%}
    {%- set type = (data_type or '') | upper -%}
    {%- if type == 'TIMESTAMP WITH TIME ZONE' or type == 'TIMESTAMPTZ' -%}
        timezone('UTC', {{ expression }})
    {%- elif type.startswith('TIMESTAMP') or type == 'DATE' -%}
        {%- if raw_timezone | upper in ('UTC', 'ETC/UTC') -%}
            cast({{ expression }} as timestamp)
        {%- else -%}
            timezone('UTC', timezone({{ dark_social.sql_string_literal(raw_timezone) }}, cast({{ expression }} as timestamp)))
        {%- endif -%}
    {%- else -%}
        {{ dark_social.parse_timestamp_string(expression) }}
    {%- endif -%}
{%- endmacro %}


{% macro lag_ignore_nulls(expression, window=none) -%}
    {#-
        The last non-null value of `expression` before the current row. With `window` (the text
        inside `over (...)`: partition and order) the macro writes the whole window call, which
        engines without `ignore nulls` need; without it, the caller appends `over (...)`.
    -#}
    {{ return(adapter.dispatch('lag_ignore_nulls', 'dark_social')(expression, window)) }}
{%- endmacro %}

{% macro default__lag_ignore_nulls(expression, window) -%}
    lag({{ expression }}) ignore nulls{% if window is not none %} over ({{ window }}){% endif %}
{%- endmacro %}

{% macro duckdb__lag_ignore_nulls(expression, window) -%}
    lag({{ expression }} ignore nulls){% if window is not none %} over ({{ window }}){% endif %}
{%- endmacro %}

{#- PostgreSQL has no `ignore nulls`: the non-null values of the rows before, last one taken. -#}
{% macro postgres__lag_ignore_nulls(expression, window) -%}
    {%- if window is none -%}
        {{ exceptions.raise_compiler_error("dark_social.lag_ignore_nulls needs its `window` argument on PostgreSQL.") }}
    {%- endif -%}
    {%- set previous = 'array_remove(array_agg(' ~ expression ~ ') over (' ~ window
        ~ ' rows between unbounded preceding and 1 preceding), null)' -%}
    ({{ previous }})[cardinality({{ previous }})]
{%- endmacro %}


{% macro format_timestamp(timestamp) -%}
    {#- Canonical text of a timestamp, `YYYY-MM-DDTHH:MM:SS.ffffff`, identical on every engine (used in keys). -#}
    {{ return(adapter.dispatch('format_timestamp', 'dark_social')(timestamp)) }}
{%- endmacro %}

{% macro default__format_timestamp(timestamp) -%}
    to_char({{ timestamp }}, 'YYYY-MM-DD"T"HH24:MI:SS.US')
{%- endmacro %}

{% macro duckdb__format_timestamp(timestamp) -%}
    strftime({{ timestamp }}, '%Y-%m-%dT%H:%M:%S.%f')
{%- endmacro %}

{% macro spark__format_timestamp(timestamp) -%}
    date_format({{ timestamp }}, "yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
{%- endmacro %}

{% macro bigquery__format_timestamp(timestamp) -%}
    format_timestamp('%Y-%m-%dT%H:%M:%E6S', timestamp({{ timestamp }}))
{%- endmacro %}


{% macro format_date(date) -%}
    {#- Canonical `YYYY-MM-DD` text of a date, identical on every engine (used in keys). -#}
    {{ return(adapter.dispatch('format_date', 'dark_social')(date)) }}
{%- endmacro %}

{% macro default__format_date(date) -%}
    to_char({{ date }}, 'YYYY-MM-DD')
{%- endmacro %}

{% macro duckdb__format_date(date) -%}
    strftime({{ date }}, '%Y-%m-%d')
{%- endmacro %}

{% macro spark__format_date(date) -%}
    date_format({{ date }}, 'yyyy-MM-dd')
{%- endmacro %}

{% macro bigquery__format_date(date) -%}
    format_date('%Y-%m-%d', {{ date }})
{%- endmacro %}


{% macro utc_now() -%}
    {#- The current time in UTC, as a timestamp without time zone. -#}
    {{ return(adapter.dispatch('utc_now', 'dark_social')()) }}
{%- endmacro %}

{% macro default__utc_now() -%}
    cast(current_timestamp at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__utc_now() -%}
    cast(timezone('UTC', now()) as timestamp)
{%- endmacro %}

{% macro spark__utc_now() -%}
    to_utc_timestamp(current_timestamp(), current_timezone())
{%- endmacro %}

{% macro bigquery__utc_now() -%}
    current_datetime('UTC')
{%- endmacro %}

{% macro snowflake__utc_now() -%}
    convert_timezone('UTC', current_timestamp())::timestamp_ntz
{%- endmacro %}
