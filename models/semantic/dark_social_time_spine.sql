{#-
    MetricFlow's time spine (dbt's semantic layer needs one): one row per day, every day from the
    first to the last day with sessions (today alone before any), so every day of the metrics has
    its row and no implausible date stretches it (those hits are quarantined upstream).
-#}
{{ config(materialized='table') }}

with

sessions as (
    select session_date from {{ ref('dark_social', 'fct_dark_social_sessions') }}
),

bounds as (
    select
        coalesce(min(session_date), {{ dark_social.utc_today() }}) as first_day,
        coalesce(max(session_date), {{ dark_social.utc_today() }}) as last_day
    from sessions
),

days as (
    {{ dark_social.day_spine('(select first_day from bounds)', '(select last_day from bounds)') }}
),

final as (
    select cast(date_day as date) as date_day from days
)

select * from final
