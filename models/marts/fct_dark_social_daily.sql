{#- One row per reporting day, every day from the first to the last day with hits, zeros included. -#}

with

sessions as (
    select * from {{ ref('fct_sessions') }}
),

hits as (
    select * from {{ ref('int_hits__sessionized') }}
),

days as (
    {{ dark_social.day_spine('(select min(hit_date_local) from hits)', '(select max(hit_date_local) from hits)') }}
),

daily as (
    select
        session_date,
        {{ dark_social.dark_social_counts() }}
    from sessions
    group by session_date
),

completed as (
    select
        days.date_day as session_date,
        {%- for column in dark_social.dark_social_count_columns() %}
        coalesce(daily.{{ column }}, 0) as {{ column }}{{ ',' if not loop.last }}
        {%- endfor %}
    from days
    left join daily
        on days.date_day = daily.session_date
),

final as (
    select
        cast(session_date as date) as session_date,
        {%- for column in dark_social.dark_social_count_columns() %}
        cast({{ column }} as {{ dbt.type_bigint() }}) as {{ column }},
        {%- endfor %}
        {{ dark_social.dark_social_ratios() }}
    from completed
)

select * from final
