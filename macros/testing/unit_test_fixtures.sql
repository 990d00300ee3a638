{#-
    dbt unit tests write each fixture row as its own `select ... union all`. On Spark every such
    select becomes a partition, and joins of the seed fixtures (hundreds of rows) multiply them
    into stages of hundreds of tasks: the classification unit tests took 85-135 s each. On Spark
    the rows are written as one inline table (`values (...), (...)`), one partition, a few
    seconds. Other engines keep dbt's own fixture SQL. This override applies only while this
    package is the root project (its own test runs); installed as a package it changes nothing.
-#}
{% macro get_fixture_sql(rows, column_name_to_data_types) %}
    {%- if target.type in ('spark', 'databricks') and rows | length > 0 -%}
        {{ return(dark_social.spark_fixture_sql(rows, column_name_to_data_types)) }}
    {%- endif -%}
    {{ return(dbt.get_fixture_sql(rows, column_name_to_data_types)) }}
{% endmacro %}

{% macro spark_fixture_sql(rows, column_name_to_data_types) %}
-- Fixture for {{ model.name }}
{%- if not column_name_to_data_types -%}
    {#- as dbt's own macro: the column types of the input's relation -#}
    {%- set this_or_defer_relation = defer_relation if (defer_relation and not load_relation(this)) else this -%}
    {%- set column_name_to_data_types = {} -%}
    {%- for column in adapter.get_columns_in_relation(this_or_defer_relation) -%}
        {%- do column_name_to_data_types.update({column.name | lower: column.data_type}) -%}
    {%- endfor -%}
{%- endif -%}
{%- if not column_name_to_data_types -%}
    {{ exceptions.raise_compiler_error("Not able to get columns for unit test '" ~ model.name ~ "' from relation " ~ this) }}
{%- endif -%}
{%- set default_row = {} -%}
{%- for column_name, column_type in column_name_to_data_types.items() -%}
    {%- do default_row.update({column_name: (safe_cast("null", column_type) | trim)}) -%}
{%- endfor -%}
{{ validate_fixture_rows(rows, row_number) }}
{%- set names = default_row.keys() | list %}
select * from values
{%- for row in rows %}
    {%- set values = default_row.copy() -%}
    {%- do values.update(format_row(row, column_name_to_data_types)) %}
    ({% for name in names %}{{ values[name] }}{{ ', ' if not loop.last }}{% endfor %}){{ ',' if not loop.last }}
{%- endfor %}
    as dark_social_fixture ({% for name in names %}{{ adapter.quote(name) }}{{ ', ' if not loop.last }}{% endfor %})
{% endmacro %}
