{#- Hits set aside, counted by day (UTC, `(unknown)` day when the timestamp is missing) and reason. -#}
{{ config(materialized='table') }}

with

quarantined as (
    select * from {{ ref('dark_social', 'int_dark_social_hits__quarantined') }}
),

counted as (
    select
        cast(hit_at as date) as hit_date,
        quarantine_reason,
        count(*) as hits
    from quarantined
    group by cast(hit_at as date), quarantine_reason
),

final as (
    select
        cast(
            {{ dbt.hash(dbt.concat([
                "coalesce(" ~ dark_social.format_date('hit_date') ~ ", '(unknown)')", "'|'", 'quarantine_reason',
            ])) }}
            as {{ dbt.type_string() }}
        ) as quarantine_day_key,
        cast(hit_date as date) as hit_date,
        cast(quarantine_reason as {{ dbt.type_string() }}) as quarantine_reason,
        cast(hits as {{ dbt.type_bigint() }}) as hits
    from counted
)

select * from final
