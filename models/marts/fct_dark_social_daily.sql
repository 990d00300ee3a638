{#-
    One row per reporting day, every day from the first to the last day with hits, zeros included.
    Incremental: the days from the earliest day fct_dark_social_sessions rebuilt since the last run are rebuilt.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy=dark_social.session_incremental_strategy(),
    on_schema_change='fail',
    pre_hook="{{ dark_social.delete_rebuilt_days(ref('dark_social', 'fct_dark_social_sessions'), dark_social.last_loaded_at()) }}",
) }}
{%- set since = dark_social.last_loaded_at() -%}

with

sessions as {{ dark_social.inline_cte() }} (
    select * from {{ ref('dark_social', 'fct_dark_social_sessions') }} as fct_dark_social_sessions
    where {{ dark_social.rebuilt_days_filter(
        'fct_dark_social_sessions', ref('dark_social', 'fct_dark_social_sessions'), since
    ) }}
),

hits as (
    select * from {{ ref('dark_social', 'int_dark_social_hits__sessionized') }}
),

days as (
    {#- every day from the first (on an incremental run: the first rebuilt) to the last day with hits -#}
    {%- set first_day = '(select min(session_date) from sessions)' if since is not none
        else '(select min(hit_date_local) from hits)' %}
    {{ dark_social.day_spine(first_day, '(select max(hit_date_local) from hits)') }}
),

daily as (
    select
        session_date,
        {{ dark_social.dark_social_counts() }},
        max(dbt_loaded_at) as dbt_loaded_at
    from sessions
    group by session_date
),

completed as (
    select
        days.date_day as session_date,
        {%- for column in dark_social.dark_social_count_columns() %}
        coalesce(daily.{{ column }}, 0) as {{ column }},
        {%- endfor %}
        daily.dbt_loaded_at
    from days
    left join daily
        on days.date_day = daily.session_date
),

final as (
    select
        cast(session_date as date) as session_date,
        {{ dark_social.dark_social_measure_casts() }},
        {{ dark_social.dark_social_ratios() }},
        cast(dbt_loaded_at as {{ dbt.type_timestamp() }}) as dbt_loaded_at
    from completed
)

select * from final
