{#-
    One row per raw hit, every raw row kept (validation and deduplication come next, in
    int_hits__validated). Maps the user's columns onto the contract, casts the timestamp to UTC,
    trims text and keys each hit. URLs are parsed once per distinct value downstream
    (macros/url/parse.sql), not once per hit.
-#}
{%- set raw_hits = dark_social.raw_hits_relation() -%}

with

source as (
    select * from {{ raw_hits }}
),

renamed as (
    select
        {{ dark_social.raw_hits_columns(raw_hits) | join(',\n        ') }}
    from source
),

trimmed as (
    select
        -- keys
        nullif(trim(hit_id), '') as hit_id,
        nullif(trim(client_id), '') as client_id,
        nullif(trim(session_id), '') as provided_session_id,
        nullif(trim(user_id), '') as user_id,
        nullif(trim(ip_address), '') as ip_address,
        -- timestamps
        hit_at,
        has_raw_hit_at,
        -- event
        coalesce(nullif(trim(event_name), ''), 'page_view') as event_name,
        -- urls and agent
        nullif(trim(page_url), '') as page_url,
        nullif(trim(referrer_url), '') as referrer_url,
        nullif(trim(user_agent), '') as user_agent,
        -- set by a source adapter for a raw row it cannot use
        nullif(trim(source_quarantine_reason), '') as source_quarantine_reason
    from renamed
),

final as (
    select
        -- keys
        -- (a case, not coalesce: engines then hash only the rows without an id)
        case
            when hit_id is not null then hit_id
            else {{ dbt.hash(dbt.concat([
                "coalesce(client_id, '')", "'|'",
                "coalesce(" ~ dbt.safe_cast('hit_at', dbt.type_string()) ~ ", '')", "'|'",
                "coalesce(page_url, '')", "'|'",
                "coalesce(referrer_url, '')", "'|'",
                "coalesce(user_agent, '')", "'|'",
                "event_name",
            ])) }}
        end as hit_key,
        hit_id,
        client_id,
        provided_session_id,
        user_id,
        ip_address,

        -- timestamps
        hit_at,
        has_raw_hit_at,

        -- event
        event_name,

        -- page, referrer and agent, as collected
        page_url,
        referrer_url,
        user_agent,

        -- source adapter verdict
        source_quarantine_reason
    from trimmed
)

select * from final
