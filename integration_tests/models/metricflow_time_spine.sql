-- The project's own time spine, under the name MetricFlow's docs give it.
{{ config(materialized='table') }}

with days as (
    {{ dark_social.day_spine("cast('2000-01-01' as date)", "cast('2000-12-31' as date)") }}
)

select cast(date_day as date) as date_day from days
