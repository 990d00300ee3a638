{#- MetricFlow's time spine: one row per day, 2015 to 2035 (dbt's semantic layer needs one). -#}
{{ config(materialized='table') }}

with

days as (
    {{ dark_social.day_spine("cast('2015-01-01' as date)", "cast('2035-12-31' as date)") }}
),

final as (
    select cast(date_day as date) as date_day from days
)

select * from final
