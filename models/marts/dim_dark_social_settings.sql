{#-
    The settings this build resolved (the user's vars over the package's defaults), one row each,
    for the tools that read the warehouse rather than the dbt project: the quality gate takes its
    bounds (dark share of direct, freshness) from here, so the gate and the dbt tests of the same
    build can never disagree. Values are JSON. The client-id salt is never written.
-#}
{{ config(materialized='table') }}
{%- set names = [
    'dark_social__source_adapter',
    'dark_social__reporting_timezone',
    'dark_social__raw_timestamps_timezone',
    'dark_social__session_timeout_minutes',
    'dark_social__preview_visit_window_minutes',
    'dark_social__dark_share_of_direct_min',
    'dark_social__dark_share_of_direct_max',
    'dark_social__dark_share_severity',
    'dark_social__dq_severity',
    'dark_social__freshness_warn_after_hours',
    'dark_social__freshness_error_after_hours',
] -%}

with

settings as (
    {%- for name in names %}
    select
        {{ dark_social.sql_string_literal(name) }} as setting_name,
        {{ dark_social.sql_string_literal(tojson(var(name))) }} as setting_value
    {{- '\n    union all' if not loop.last }}
    {%- endfor %}
),

final as (
    select
        cast(setting_name as {{ dbt.type_string() }}) as setting_name,
        cast(setting_value as {{ dbt.type_string() }}) as setting_value
    from settings
)

select * from final
