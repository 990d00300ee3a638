{% macro type_double() -%}
    {#- An 8-byte floating point type (dbt.type_float() is 4 bytes on some engines). -#}
    {{ return(adapter.dispatch('type_double', 'dark_social')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro duckdb__type_double() -%}
    double
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}

{% macro bigquery__type_double() -%}
    float64
{%- endmacro %}


{% macro inline_cte() -%}
    {#-
        Written between a CTE's name and its body (`name as {{ dark_social.inline_cte() }} (...)`):
        asks engines that materialize a CTE read more than once (DuckDB, PostgreSQL) to inline it
        instead. For CTEs that are cheap to recompute (a scan, a filter) but wide and long, where
        writing them out costs far more than reading their source twice.
    -#}
    {{ return(adapter.dispatch('inline_cte', 'dark_social')()) }}
{%- endmacro %}

{% macro default__inline_cte() -%}{%- endmacro %}

{% macro duckdb__inline_cte() -%}not materialized{%- endmacro %}

{% macro postgres__inline_cte() -%}not materialized{%- endmacro %}


{% macro byte_order(expression) -%}
    {#-
        Text ordered by its bytes (code points), as DuckDB and Spark order it, whatever the
        database's collation: used where an `order by` on text picks a winner (tie-breaks between
        list entries), so that every engine picks the same one.
    -#}
    {{ return(adapter.dispatch('byte_order', 'dark_social')(expression)) }}
{%- endmacro %}

{% macro default__byte_order(expression) -%}
    {{ expression }}
{%- endmacro %}

{% macro postgres__byte_order(expression) -%}
    ({{ expression }} collate "C")
{%- endmacro %}

{% macro snowflake__byte_order(expression) -%}
    collate({{ expression }}, '')
{%- endmacro %}


{% macro type_money() -%}
    {#- The exact decimal type of amounts (revenue): 38 digits, 6 after the point, so sums are exact
        and equal on every engine. -#}
    {{ return(adapter.dispatch('type_money', 'dark_social')()) }}
{%- endmacro %}

{% macro default__type_money() -%}
    numeric(38, 6)
{%- endmacro %}

{% macro duckdb__type_money() -%}
    decimal(38, 6)
{%- endmacro %}

{% macro spark__type_money() -%}
    decimal(38, 6)
{%- endmacro %}

{% macro bigquery__type_money() -%}
    bignumeric(38, 6)
{%- endmacro %}

{% macro snowflake__type_money() -%}
    number(38, 6)
{%- endmacro %}
