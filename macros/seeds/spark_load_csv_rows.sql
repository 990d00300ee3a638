{#-
    dbt-spark's `session` method loads seeds by pasting each value into the SQL as '<value>':
    an empty cell becomes the text 'None', and backslashes in regular expressions are read as
    string escapes (`^google\.` arrives as `^google.`). This version writes every value as a
    proper Spark literal: null, numbers, booleans, and strings through `sql_string_literal`.
    It is used while this package is the root project; a project that installs the package picks
    it up with `dispatch: [{macro_namespace: dbt, search_order: [<your project>, dark_social, dbt]}]`
    in its dbt_project.yml (README, "Engines").
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set batch_size = get_batch_size() -%}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(batch_size) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for col_name in agate_table.column_names -%}
                    {%- set inferred_type = adapter.convert_type(agate_table, loop.index0) -%}
                    {%- set type = column_override.get(col_name, inferred_type) -%}
                    cast({{ dark_social.spark_seed_literal(row[loop.index0]) }} as {{ type }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}{%- do statements.append(sql) -%}{%- endif -%}
    {%- endfor -%}
    {{ return(statements[0]) }}
{% endmacro %}

{% macro spark_seed_literal(value) -%}
    {%- if value is none -%}null
    {%- elif value is sameas true -%}true
    {%- elif value is sameas false -%}false
    {%- elif value is number -%}{{ value }}
    {%- else -%}{{ dark_social.sql_string_literal(value | string) }}
    {%- endif -%}
{%- endmacro %}
