{#- The hits the package uses: valid, one copy each. -#}
{{ config(materialized='view') }}

with

validated as (
    select * from {{ ref('dark_social', 'int_dark_social_hits__validated') }}
),

final as (
    select
        -- keys
        hit_key,
        hit_id,
        client_id,
        provided_session_id,
        user_id,
        -- timestamps
        hit_at,
        -- event
        event_name,
        event_value,
        event_currency,
        -- page
        page_url,
        page_scheme,
        page_host,
        page_path,
        page_query,
        page_fragment,
        -- referrer
        referrer_url,
        referrer_scheme,
        referrer_host,
        referrer_path,
        -- campaign tags and click id
        utm_source,
        utm_medium,
        utm_campaign,
        utm_term,
        utm_content,
        click_id_parameter,
        click_id,
        -- device
        user_agent,
        -- when the row was (re)built
        dbt_loaded_at
    from validated
    where quarantine_reason is null
)

select * from final
