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


{% macro is_utc_timezone(timezone) -%}
    {#-
        Whether an IANA zone name is UTC itself (or an alias with no offset and no daylight
        saving), so that a conversion can be skipped. The one list every time macro asks.
    -#}
    {{ return((timezone or 'UTC') | upper in (
        'UTC', 'Z', 'ETC/UTC', 'UCT', 'ETC/UCT', 'ZULU', 'ETC/ZULU', 'UNIVERSAL', 'ETC/UNIVERSAL',
        'GMT', 'ETC/GMT', 'GMT0', 'ETC/GMT0', 'GMT+0', 'ETC/GMT+0', 'GMT-0', 'ETC/GMT-0',
        'GREENWICH', 'ETC/GREENWICH')) }}
{%- endmacro %}


{% macro raw_timestamps_timezone(timezone=none) -%}
    {#- The zone raw timestamps without an offset are in: `timezone`, else var `dark_social__raw_timestamps_timezone`. -#}
    {{ return(timezone if timezone is not none else var('dark_social__raw_timestamps_timezone')) }}
{%- endmacro %}


{% macro from_utc_timestamp(timestamp, timezone) -%}
    {{ return(adapter.dispatch('from_utc_timestamp', 'dark_social')(timestamp, timezone)) }}
{%- endmacro %}

{% macro default__from_utc_timestamp(timestamp, timezone) -%}
    {%- if dark_social.is_utc_timezone(timezone) -%}
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


{% macro to_utc_timestamp(expression, data_type=none, raw_timezone=none) -%}
    {#-
        A raw timestamp of any type as a UTC timestamp without time zone. Typed timestamps with a
        time zone keep their instant; typed timestamps without one are read in `raw_timezone`
        (default: var `dark_social__raw_timestamps_timezone`); text goes through
        `parse_timestamp_string`.
    -#}
    {%- set zone = dark_social.raw_timestamps_timezone(raw_timezone) -%}
    {%- set type = (data_type or '') | lower -%}
    {%- if 'with time zone' in type or type in ('timestamptz', 'timestamp_tz', 'timestamp_ltz') -%}
        {{ return(dark_social.timestamp_tz_to_utc(expression)) }}
    {%- elif type.startswith('timestamp') or type in ('datetime', 'date') -%}
        {{ return(dark_social.naive_timestamp_to_utc(expression, zone)) }}
    {%- else -%}
        {{ return(dark_social.parse_timestamp_string(expression, zone)) }}
    {%- endif -%}
{%- endmacro %}

{% macro timestamp_tz_to_utc(expression) -%}
    {#- A timestamp with a time zone as a UTC timestamp without one. -#}
    {{ return(adapter.dispatch('timestamp_tz_to_utc', 'dark_social')(expression)) }}
{%- endmacro %}

{% macro default__timestamp_tz_to_utc(expression) -%}
    cast(({{ expression }}) at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__timestamp_tz_to_utc(expression) -%}
    timezone('UTC', {{ expression }})
{%- endmacro %}

{% macro spark__timestamp_tz_to_utc(expression) -%}
    {#- Spark timestamps are instants shown in the session time zone (UTC, see the profile). -#}
    cast({{ expression }} as timestamp)
{%- endmacro %}

{% macro naive_timestamp_to_utc(expression, timezone) -%}
    {#- A timestamp without a time zone, read as wall-clock time in `timezone`, as UTC. -#}
    {{ return(adapter.dispatch('naive_timestamp_to_utc', 'dark_social')(expression, timezone)) }}
{%- endmacro %}

{% macro default__naive_timestamp_to_utc(expression, timezone) -%}
    {%- if dark_social.is_utc_timezone(timezone) -%}
        cast({{ expression }} as {{ dbt.type_timestamp() }})
    {%- else -%}
        cast((({{ expression }}) at time zone {{ dark_social.sql_string_literal(timezone) }}) at time zone 'UTC' as {{ dbt.type_timestamp() }})
    {%- endif -%}
{%- endmacro %}

{% macro duckdb__naive_timestamp_to_utc(expression, timezone) -%}
    {%- if dark_social.is_utc_timezone(timezone) -%}
        cast({{ expression }} as timestamp)
    {%- else -%}
        timezone('UTC', timezone({{ dark_social.sql_string_literal(timezone) }}, cast({{ expression }} as timestamp)))
    {%- endif -%}
{%- endmacro %}

{% macro spark__naive_timestamp_to_utc(expression, timezone) -%}
    {%- if dark_social.is_utc_timezone(timezone) -%}
        cast({{ expression }} as timestamp)
    {%- else -%}
        to_utc_timestamp(cast({{ expression }} as timestamp), {{ dark_social.sql_string_literal(timezone) }})
    {%- endif -%}
{%- endmacro %}


{% macro parse_timestamp_string(expression, raw_timezone=none) -%}
    {#-
        Text to a UTC timestamp, the same way on every engine: text that is not ISO-8601
        (`iso_timestamp_pattern`) is null (set aside as `unparseable_timestamp`, never read by a
        lenient cast that would drop an offset); text with an offset (`iso_offset_pattern`) keeps
        its instant; text without one is read in `raw_timezone` (default: var
        `dark_social__raw_timestamps_timezone`), a date alone included. Only the casts differ by
        engine (`cast_offset_text_to_utc`, `cast_naive_text`).
    -#}
    {%- set zone = dark_social.raw_timestamps_timezone(raw_timezone) -%}
    {%- set text = "replace(trim(cast(" ~ expression ~ " as " ~ dbt.type_string() ~ ")), '/', '-')" -%}
    case
        when not {{ dark_social.regexp_matches(text, dark_social.iso_timestamp_pattern()) }} then null
        when {{ dark_social.regexp_matches(text, dark_social.iso_offset_pattern()) }}
            then {{ dark_social.cast_offset_text_to_utc(text) }}
        else {{ dark_social.to_utc_timestamp(dark_social.cast_naive_text(text), 'timestamp', zone) }}
    end
{%- endmacro %}

{% macro iso_timestamp_pattern() -%}
    {#-
        The ISO-8601 text every engine reads the same way: a date (`-` or `/` between its parts),
        optionally a time (` ` or `T`, seconds and up to 9 fractional digits optional) and an
        offset (`Z`, `+05`, `+0530`, `+05:30`). Text is checked against it first, so an
        unparseable value becomes null (quarantined) instead of failing the run (PostgreSQL) or
        being misread (Spark reads `1735725600` as a year; DuckDB drops an offset it does not
        expect).
    -#}
    {{ return('^[0-9]{4}[-/](0?[1-9]|1[0-2])[-/](0?[1-9]|[12][0-9]|3[01])'
              ~ '([ T]([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]{1,9})?)?'
              ~ '([zZ]|[+-]([01][0-9]|2[0-3])(:?[0-5][0-9])?)?)?$') }}
{%- endmacro %}

{% macro iso_offset_pattern() -%}
    {#- An offset after the time (a date alone, `2025-01-01`, ends in `-01` but has none). -#}
    {{ return(':[0-9]{2}([.][0-9]+)?([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$') }}
{%- endmacro %}

{% macro cast_offset_text_to_utc(text) -%}
    {#- ISO text with an offset (already checked against the patterns) as a UTC timestamp. -#}
    {{ return(adapter.dispatch('cast_offset_text_to_utc', 'dark_social')(text)) }}
{%- endmacro %}

{#- PostgreSQL: a cast of bad text fails the whole statement (no try_cast before version 16's
    pg_input_is_valid); the ISO check comes first. A date that passes the pattern but does not
    exist (2025-02-30) still fails the run, loudly. -#}
{% macro default__cast_offset_text_to_utc(text) -%}
    cast(cast({{ text }} as timestamp with time zone) at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__cast_offset_text_to_utc(text) -%}
    timezone('UTC', try_cast({{ text }} as timestamptz))
{%- endmacro %}

{#- Spark: the session time zone must be UTC (spark.sql.session.timeZone, profiles.example.yml). -#}
{% macro spark__cast_offset_text_to_utc(text) -%}
    cast({{ text }} as timestamp)
{%- endmacro %}

{% macro cast_naive_text(text) -%}
    {#- ISO text without an offset (already checked against the pattern) as a timestamp without time zone. -#}
    {{ return(adapter.dispatch('cast_naive_text', 'dark_social')(text)) }}
{%- endmacro %}

{% macro default__cast_naive_text(text) -%}
    cast({{ text }} as {{ dbt.type_timestamp() }})
{%- endmacro %}

{#- DuckDB: try_cast, so a date that passes the pattern but does not exist (2025-02-30) is null. -#}
{% macro duckdb__cast_naive_text(text) -%}
    try_cast({{ text }} as timestamp)
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


{% macro earliest_hit_at() -%}
    {#-
        The earliest plausible hit time, a SQL timestamp literal (var `dark_social__earliest_hit_date`,
        a `YYYY-MM-DD` date read as UTC midnight). Earlier hits are set aside (`before_earliest_timestamp`).
    -#}
    {{ return(dark_social.timestamp_literal(dark_social.earliest_hit_date().isoformat() ~ ' 00:00:00')) }}
{%- endmacro %}

{% macro earliest_hit_date() -%}
    {#- Var `dark_social__earliest_hit_date` as a date, or a clear error when it is not `YYYY-MM-DD`. -#}
    {%- set text = dark_social.setting('dark_social__earliest_hit_date') | string -%}
    {%- set parsed = none -%}
    {%- if modules.re.match('^[0-9]{4}-[0-9]{2}-[0-9]{2}$', text) -%}
        {%- set parsed = modules.datetime.date(text[0:4] | int, text[5:7] | int, text[8:10] | int) -%}
    {%- endif -%}
    {%- if parsed is none -%}
        {{ exceptions.raise_compiler_error(
            "dark_social: var dark_social__earliest_hit_date is '" ~ text ~ "'; it must be a date, YYYY-MM-DD "
            ~ "(hits stamped before it are quarantined as before_earliest_timestamp).") }}
    {%- endif -%}
    {{ return(parsed) }}
{%- endmacro %}

{% macro utc_today() -%}
    {#- Today's date in UTC. -#}
    cast({{ dark_social.utc_now() }} as date)
{%- endmacro %}


{% macro epoch_microseconds_to_timestamp(expression) -%}
    {#- A number of microseconds since 1970-01-01 UTC as a UTC timestamp without time zone (null when out of range). -#}
    {{ return(adapter.dispatch('epoch_microseconds_to_timestamp', 'dark_social')(expression)) }}
{%- endmacro %}

{% macro default__epoch_microseconds_to_timestamp(expression) -%}
    cast(to_timestamp(({{ expression }}) / 1000000.0) at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__epoch_microseconds_to_timestamp(expression) -%}
    make_timestamp(try_cast({{ expression }} as bigint))
{%- endmacro %}

{% macro spark__epoch_microseconds_to_timestamp(expression) -%}
    timestamp_micros(cast({{ expression }} as bigint))
{%- endmacro %}

{% macro bigquery__epoch_microseconds_to_timestamp(expression) -%}
    datetime(timestamp_micros(cast({{ expression }} as int64)))
{%- endmacro %}

{% macro snowflake__epoch_microseconds_to_timestamp(expression) -%}
    to_timestamp_ntz(cast({{ expression }} as bigint), 6)
{%- endmacro %}
