{#-
    JSON and number text, read the same way on every engine: the event value and currency of the
    generic contract (var `dark_social__event_json_column`) and of every source adapter.
-#}

{% macro json_extract_text(json_text, path) -%}
    {#-
        The value at the dotted key path `path` (e.g. `revenue`, `ecommerce.value`) of the JSON
        text `json_text`, as text; null when the text is not JSON or has no such key. Never
        fails on malformed JSON. Dispatched: each engine parses JSON its own way.
    -#}
    {{ return(adapter.dispatch('json_extract_text', 'dark_social')(json_text, path)) }}
{%- endmacro %}

{% macro default__json_extract_text(json_text, path) -%}
    json_value({{ json_text }}, {{ dark_social.sql_string_literal('$.' ~ path) }})
{%- endmacro %}

{% macro duckdb__json_extract_text(json_text, path) -%}
    case
        when json_valid({{ json_text }})
            then json_extract_string({{ json_text }}, {{ dark_social.sql_string_literal('$.' ~ path) }})
    end
{%- endmacro %}

{% macro postgres__json_extract_text(json_text, path) -%}
    {#- PostgreSQL before 16 cannot test JSON validity in SQL (a cast of malformed text fails the
        query), so the value is read with a regular expression: the first scalar under the path's
        last key, a string's quotes dropped. Exact for flat event objects such as shop_events'. -#}
    {%- set key = path.split('.')[-1] -%}
    {{ dark_social.regexp_extract(
        json_text, '"' ~ key ~ '"\\s*:\\s*"?([^]",} ]*)', 1
    ) }}
{%- endmacro %}

{% macro spark__json_extract_text(json_text, path) -%}
    get_json_object({{ json_text }}, {{ dark_social.sql_string_literal('$.' ~ path) }})
{%- endmacro %}

{% macro bigquery__json_extract_text(json_text, path) -%}
    safe.json_value({{ json_text }}, {{ dark_social.sql_string_literal('$.' ~ path) }})
{%- endmacro %}

{% macro snowflake__json_extract_text(json_text, path) -%}
    get_path(try_parse_json({{ json_text }}), {{ dark_social.sql_string_literal(path) }})::string
{%- endmacro %}


{% macro parse_number(text) -%}
    {#- A decimal number written as text (`245`, `19.99`, `-1e3`) as an 8-byte float; null for
        anything else (no engine fails on `abc` or a blank). -#}
    case
        when {{ dark_social.regexp_matches(
            'trim(' ~ text ~ ')', '^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$'
        ) }}
            then cast(trim({{ text }}) as {{ dark_social.type_double() }})
    end
{%- endmacro %}


{% macro relation_has_column(relation, name) -%}
    {#- Whether a relation (or a file read in place) has column `name` (any case), at compile time. -#}
    {%- if not execute -%}{{ return(false) }}{%- endif -%}
    {%- if relation is not string -%}
        {#- a table that does not exist (yet) has no column: asked first, so nothing fails (a unit
            test's fixture stands in for a source without database, schema or name) -#}
        {%- if relation.database is none or relation.schema is none or relation.identifier is none -%}
            {{ return(false) }}
        {%- endif -%}
        {%- set existing = adapter.get_relation(
            database=relation.database, schema=relation.schema, identifier=relation.identifier) -%}
        {%- if existing is none -%}{{ return(false) }}{%- endif -%}
    {%- endif -%}
    {%- for column_name, data_type in dark_social.get_raw_hits_columns(relation) -%}
        {%- if column_name | lower == name | lower -%}{{ return(true) }}{%- endif -%}
    {%- endfor -%}
    {{ return(false) }}
{%- endmacro %}
