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

days as (
    {{ dark_social.reporting_days(
        ref('dark_social', 'int_dark_social_hits__sessionized'), since, '(select min(session_date) from sessions)'
    ) }}
),

completed as (
    {{ dark_social.zero_filled_daily_counts('sessions', 'days', dark_social.dark_social_count_columns()) }}
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
