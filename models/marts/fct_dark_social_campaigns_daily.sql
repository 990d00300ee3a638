{#- One row per reporting day and campaign with sessions that day (zeros included; `(none)` for the rest). -#}

with

sessions as (
    select * from {{ ref('fct_sessions') }}
),

daily as (
    select
        session_date,
        campaign,
        {{ dark_social.dark_social_counts() }}
    from sessions
    group by session_date, campaign
),

final as (
    select
        cast({{ dbt.hash(dbt.concat([dark_social.format_date('session_date'), "'|'", 'campaign'])) }}
            as {{ dbt.type_string() }}) as campaign_day_key,
        cast(session_date as date) as session_date,
        cast(campaign as {{ dbt.type_string() }}) as campaign,
        {%- for column in dark_social.dark_social_count_columns() %}
        cast({{ column }} as {{ dbt.type_bigint() }}) as {{ column }},
        {%- endfor %}
        {{ dark_social.dark_social_ratios() }}
    from daily
)

select * from final
