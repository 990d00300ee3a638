{#-
    One row per reporting day and channel group, every day and every group (zeros included): GA4's
    default channel group with dark social split out of Direct as its own `Dark social` group
    (Chartbeat's "Email, apps, IM"), so Direct is what is left of it. The groups are the `channel`
    and `channel_group` values of seed dark_social_enumerations.
    Incremental: the days from the earliest day fct_dark_social_sessions rebuilt since the last run are rebuilt.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy=dark_social.session_incremental_strategy(),
    on_schema_change='fail',
    pre_hook="{{ dark_social.delete_rebuilt_days(ref('dark_social', 'fct_dark_social_sessions'), dark_social.last_loaded_at()) }}",
) }}
{%- set since = dark_social.last_loaded_at() -%}
{%- set measures = ['sessions', 'engaged_sessions', 'new_visitor_sessions', 'conversions', 'revenue'] -%}

with

sessions as {{ dark_social.inline_cte() }} (
    select * from {{ ref('dark_social', 'fct_dark_social_sessions') }} as fct_dark_social_sessions
    where {{ dark_social.rebuilt_days_filter(
        'fct_dark_social_sessions', ref('dark_social', 'fct_dark_social_sessions'), since
    ) }}
),

enumerations as (
    select * from {{ ref('dark_social', 'dark_social_enumerations') }}
),

days as (
    {{ dark_social.reporting_days(
        ref('dark_social', 'int_dark_social_hits__sessionized'), since, '(select min(session_date) from sessions)'
    ) }}
),

channel_groups as (
    select distinct value as channel_group
    from enumerations
    where enumeration in ('channel', 'channel_group')
),

completed as (
    {{ dark_social.zero_filled_daily_counts(
        'sessions', 'days', measures, dimension='channel_group', dimension_values='channel_groups',
        dimension_expression="case when is_dark_social then 'Dark social' else channel end",
    ) }}
),

final as (
    select
        cast(
            {{ dbt.hash(dbt.concat([dark_social.format_date('session_date'), "'|'", 'channel_group'])) }}
            as {{ dbt.type_string() }}
        ) as channel_day_key,
        cast(session_date as date) as session_date,
        cast(channel_group as {{ dbt.type_string() }}) as channel_group,
        {%- for column in measures %}
        cast({{ column }} as {{ dark_social.dark_social_measure_type(column) }}) as {{ column }},
        {%- endfor %}
        cast(dbt_loaded_at as {{ dbt.type_timestamp() }}) as dbt_loaded_at
    from completed
)

select * from final
