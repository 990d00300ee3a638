{#-
    Server access logs (Apache / Nginx "combined" or "common" format) read as raw text lines:
    the pattern of a line, and the parsing of its time stamp, which every engine spells differently.
-#}

{% macro access_log_line_pattern() -%}
    {#-
        One log line: `ip ident user [time] "request" status bytes` optionally followed by
        `"referer" "user-agent"` (combined format), then nothing but blanks. Quoted fields may hold
        backslash-escaped quotes. Groups: 1 ip, 2 user, 3 time, 4 request, 5 status, 6 bytes,
        7 referer, 8 user agent. A line that does not match is `unparseable_log_line`.
    -#}
    {%- set quoted = '"((?:[^"\\\\]|\\\\.)*)"' -%}
    {{ return('^(\\S+) \\S+ (\\S+) \\[([^\\]]+)\\] ' ~ quoted ~ ' ([0-9]{3}) (\\S+)(?: ' ~ quoted ~ ' ' ~ quoted ~ ')?\\s*$') }}
{%- endmacro %}


{% macro parse_access_log_time(text) -%}
    {#- `17/May/2015:10:05:03 +0000` -> UTC timestamp without time zone; null when it does not parse. -#}
    {{ return(adapter.dispatch('parse_access_log_time', 'dark_social')(text)) }}
{%- endmacro %}

{% macro default__parse_access_log_time(text) -%}
    cast(to_timestamp({{ text }}, 'DD/Mon/YYYY:HH24:MI:SS TZHTZM') at time zone 'UTC' as {{ dbt.type_timestamp() }})
{%- endmacro %}

{% macro duckdb__parse_access_log_time(text) -%}
    timezone('UTC', try_strptime({{ text }}, '%d/%b/%Y:%H:%M:%S %z'))
{%- endmacro %}

{% macro spark__parse_access_log_time(text) -%}
    to_utc_timestamp(to_timestamp({{ text }}, 'dd/MMM/yyyy:HH:mm:ss Z'), current_timezone())
{%- endmacro %}

{% macro bigquery__parse_access_log_time(text) -%}
    safe.parse_timestamp('%d/%b/%Y:%H:%M:%S %z', {{ text }})
{%- endmacro %}

{% macro snowflake__parse_access_log_time(text) -%}
    cast(convert_timezone('UTC', try_to_timestamp_tz({{ text }}, 'DD/MON/YYYY:HH24:MI:SS TZHTZM')) as timestamp_ntz)
{%- endmacro %}


{% macro access_log_loaded_at_query() -%}
    {#- `dbt source freshness` on the log lines: the latest parsed request time. -#}
    {%- set line = adapter.quote(var('dark_social__access_log_line_column')) -%}
    {{ return(dark_social.source_loaded_at_query('access_log',
        dark_social.parse_access_log_time(dark_social.regexp_extract(line, '\\[([^\\]]+)\\]', 1)))) }}
{%- endmacro %}
