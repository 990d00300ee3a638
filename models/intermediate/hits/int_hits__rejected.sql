{#- Raw hits set aside, each with a machine-readable reason: nothing is lost silently. -#}

with

validated as (
    select * from {{ ref('int_hits__validated') }}
),

final as (
    select
        hit_key,
        rejection_reason,
        hit_id,
        client_id,
        hit_at,
        event_name,
        page_url,
        referrer_url,
        user_agent
    from validated
    where rejection_reason is not null
)

select * from final
