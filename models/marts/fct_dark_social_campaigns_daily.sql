{#- One row per reporting day and campaign with sessions that day (zeros included; `(none)` for the rest). -#}
{{ config(
    materialized='incremental',
    incremental_strategy=dark_social.session_incremental_strategy(),
    on_schema_change='fail',
    pre_hook="{{ dark_social.delete_rebuilt_days(ref('dark_social', 'fct_dark_social_sessions'), dark_social.last_loaded_at()) }}",
) }}
{%- set since = dark_social.last_loaded_at() -%}

with

sessions as (
    select * from {{ ref('dark_social', 'fct_dark_social_sessions') }} as fct_dark_social_sessions
    where {{ dark_social.rebuilt_days_filter(
        'fct_dark_social_sessions', ref('dark_social', 'fct_dark_social_sessions'), since
    ) }}
),

daily as (
    select
        session_date,
        campaign,
        {{ dark_social.dark_social_counts() }},
        max(dbt_loaded_at) as dbt_loaded_at
    from sessions
    group by session_date, campaign
),

final as (
    select
        cast(
            {{ dbt.hash(dbt.concat([dark_social.format_date('session_date'), "'|'", 'campaign'])) }}
            as {{ dbt.type_string() }}
        ) as campaign_day_key,
        cast(session_date as date) as session_date,
        cast(campaign as {{ dbt.type_string() }}) as campaign,
        {{ dark_social.dark_social_measure_casts() }},
        {{ dark_social.dark_social_ratios() }},
        cast(dbt_loaded_at as {{ dbt.type_timestamp() }}) as dbt_loaded_at
    from daily
)

select * from final
