{#-
    Base model of source adapter `segment`: Segment's `pages` warehouse table (one row per `page` call) mapped
    onto the raw hits contract. The URL and referrer are the page call's properties (`url`,
    `referrer`), else the context Segment's library collected (`context_page_url`,
    `context_page_referrer`). Campaign tags are read from the URL, the same query string Segment
    parses `context_campaign_*` from.
-#}
{{ config(
    materialized='view',
    enabled=dark_social.source_adapter_enabled('segment'),
) }}

{%- set segment_pages = dark_social.read_in_place(
    source('dark_social_segment', 'pages'), var('dark_social__segment_pages_location')
) -%}

with

source as (
    select *
    from {{ dark_social.read_in_place(
        source('dark_social_segment', 'pages'), var('dark_social__segment_pages_location')
    ) }}
),

final as (
    select
        -- keys
        cast(id as {{ dbt.type_string() }}) as hit_id,
        cast(anonymous_id as {{ dbt.type_string() }}) as client_id,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(context_ip as {{ dbt.type_string() }}) as ip_address,

        -- timestamps: Segment's `timestamp` (corrected for the device clock, UTC)
        cast({{ adapter.quote('timestamp') }} as {{ dbt.type_timestamp() }}) as hit_at,
        {{ adapter.quote('timestamp') }} is not null as has_raw_hit_at,

        -- event
        'page_view' as event_name,
        -- value: the call's `properties.revenue` and `properties.currency`, which Segment's loader
        -- writes as the columns `revenue` and `currency` when calls carry them
        {%- for contract_name, segment_name in [('event_value', 'revenue'), ('event_currency', 'currency')] %}
        {%- if dark_social.relation_has_column(segment_pages, segment_name) %}
        cast({{ segment_name }} as {{ dbt.type_string() }}) as {{ contract_name }},
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as {{ contract_name }},
        {%- endif %}
        {%- endfor %}

        -- page and referrer: the call's properties, else its context
        cast(coalesce(nullif(url, ''), context_page_url) as {{ dbt.type_string() }}) as page_url,
        cast(coalesce(nullif(referrer, ''), context_page_referrer) as {{ dbt.type_string() }})
            as referrer_url,
        cast(context_user_agent as {{ dbt.type_string() }}) as user_agent,

        -- no server request in a tracker's page calls
        cast(null as {{ dbt.type_string() }}) as http_method,
        cast(null as {{ dbt.type_string() }}) as http_status,
        cast(null as {{ dbt.type_string() }}) as file_extension,
        cast(null as {{ dbt.type_string() }}) as source_quarantine_reason,

        -- Segment's parsed campaign, kept for comparison
        cast(context_campaign_source as {{ dbt.type_string() }}) as segment_campaign_source,
        cast(context_campaign_medium as {{ dbt.type_string() }}) as segment_campaign_medium,
        cast(context_campaign_name as {{ dbt.type_string() }}) as segment_campaign_name
    from source
)

select * from final
