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
