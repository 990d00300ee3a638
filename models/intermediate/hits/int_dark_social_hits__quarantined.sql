{#- Raw hits set aside, each with a machine-readable reason: nothing is lost silently. -#}
{{ config(materialized='view') }}

with

validated as (
    select * from {{ ref('dark_social', 'int_dark_social_hits__validated') }}
),

final as (
    select
        hit_key,
        quarantine_reason,
        hit_id,
        client_id,
        hit_at,
        event_name,
        page_url,
        referrer_url,
        user_agent
    from validated
    where quarantine_reason is not null
)

select * from final
