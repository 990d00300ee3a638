{#- Overrides one rule of the package through dispatch (see dbt_project.yml): every device is a desktop here. -#}
{% macro default__device_category(user_agent) -%}
    'desktop'
{%- endmacro %}
