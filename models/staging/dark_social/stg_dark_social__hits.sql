{#-
    One row per raw hit, every raw row kept (validation and deduplication come next, in
    int_dark_social_hits__validated), from the chosen source adapter's base model (var
    `dark_social__source_adapter`), already on the raw hits contract: text trimmed, blanks as
    nulls (and user-agent placeholders such as `-`, var `dark_social__user_agent_placeholders`, as
    no agent), a default event name and a key for each hit. URLs are parsed once per distinct value
    downstream (macros/url/parse.sql), not once per hit.
-#}
{{ config(materialized='view') }}
{%- set parsed_value = dark_social.parse_number('cast(event_value as ' ~ dbt.type_string() ~ ')') %}
{%- set user_agent_placeholders = var('dark_social__user_agent_placeholders') %}

with

base_hits as (
    select * from {{ ref(dark_social.base_model()) }}
),

trimmed as (
    select
        -- keys
        nullif(trim(cast(hit_id as {{ dbt.type_string() }})), '') as hit_id,
        nullif(trim(cast(client_id as {{ dbt.type_string() }})), '') as client_id,
        nullif(trim(cast(session_id as {{ dbt.type_string() }})), '') as provided_session_id,
        nullif(trim(cast(user_id as {{ dbt.type_string() }})), '') as user_id,
        nullif(trim(cast(ip_address as {{ dbt.type_string() }})), '') as ip_address,
        -- timestamps
        cast(hit_at as {{ dbt.type_timestamp() }}) as hit_at,
        has_raw_hit_at,
        -- event
        coalesce(nullif(trim(cast(event_name as {{ dbt.type_string() }})), ''), 'page_view') as event_name,
        -- urls and agent
        nullif(trim(cast(page_url as {{ dbt.type_string() }})), '') as page_url,
        nullif(trim(cast(referrer_url as {{ dbt.type_string() }})), '') as referrer_url,
        -- a placeholder a collector writes for "no agent" (`-`, `null`...) is no agent
        {%- if user_agent_placeholders | length > 0 %}
        case
            when lower(trim(cast(user_agent as {{ dbt.type_string() }})))
                not in ({{ dark_social.sql_string_list(user_agent_placeholders, lower=true) }})
                then nullif(trim(cast(user_agent as {{ dbt.type_string() }})), '')
        end as user_agent,
        {%- else %}
        nullif(trim(cast(user_agent as {{ dbt.type_string() }})), '') as user_agent,
        {%- endif %}
        -- the server request, when the hits are server logs
        nullif(trim(cast(http_method as {{ dbt.type_string() }})), '') as http_method,
        nullif(trim(cast(http_status as {{ dbt.type_string() }})), '') as http_status,
        lower(trim(cast(file_extension as {{ dbt.type_string() }}))) as file_extension,
        -- the event's value and currency: a number below 10^15 (else null: not an amount) and an
        -- upper-case ISO 4217 code
        case
            when abs({{ parsed_value }}) < 1e15 then {{ parsed_value }}
        end as event_value,
        upper(nullif(trim(cast(event_currency as {{ dbt.type_string() }})), '')) as event_currency,
        -- set by a source adapter for a raw row it cannot read
        nullif(trim(cast(source_quarantine_reason as {{ dbt.type_string() }})), '')
            as source_quarantine_reason
    from base_hits
),

final as (
    select
        -- keys
        case
            when hit_id is not null then hit_id -- not coalesce: only rows without an id hash -- noqa: ST02
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
        event_value,
        event_currency,

        -- page, referrer and agent, as collected
        page_url,
        referrer_url,
        user_agent,

        -- server request
        http_method,
        http_status,
        file_extension,

        -- source adapter verdict
        source_quarantine_reason
    from trimmed
)

select * from final
