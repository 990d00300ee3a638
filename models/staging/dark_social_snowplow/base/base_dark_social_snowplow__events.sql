{#-
    Base model of source adapter `snowplow`: Snowplow atomic events (`atomic.events`, canonical column names)
    mapped onto the raw hits contract, one row per event. The event time is `derived_tstamp`
    (Snowplow's best estimate, corrected for device clocks), else `collector_tstamp`. The
    visitor is the first-party cookie `domain_userid` (else `network_userid`), the session
    Snowplow's `domain_sessionid`. Snowplow keeps the fragment apart (`page_urlfragment`): it is
    put back on the URL so share fragments (`#.xxxx`, `#sthash...`) are seen downstream.
-#}
{{ config(
    materialized='view',
    enabled=dark_social.source_adapter_enabled('snowplow'),
) }}

{%- set snowplow_events = dark_social.read_in_place(
    source('dark_social_snowplow', 'events'), var('dark_social__snowplow_events_location')
) -%}

with

source as (
    select *
    from {{ dark_social.read_in_place(
        source('dark_social_snowplow', 'events'), var('dark_social__snowplow_events_location')
    ) }}
),

final as (
    select
        -- keys
        cast(event_id as {{ dbt.type_string() }}) as hit_id,
        cast(coalesce(domain_userid, network_userid) as {{ dbt.type_string() }}) as client_id,
        cast(domain_sessionid as {{ dbt.type_string() }}) as session_id,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(user_ipaddress as {{ dbt.type_string() }}) as ip_address,

        -- timestamps (UTC in Snowplow)
        cast(coalesce(derived_tstamp, collector_tstamp) as {{ dbt.type_timestamp() }}) as hit_at,
        coalesce(derived_tstamp, collector_tstamp) is not null as has_raw_hit_at,

        -- event: the self-describing name (page_view, page_ping, link_click...), else the legacy type
        cast(coalesce(event_name, event) as {{ dbt.type_string() }}) as event_name,
        -- value: the transaction's total and currency (ecommerce `transaction` events), when the
        -- table has the columns
        {%- set transaction_fields = [('event_value', 'tr_total'), ('event_currency', 'tr_currency')] %}
        {%- for contract_name, snowplow_name in transaction_fields %}
        {%- if dark_social.relation_has_column(snowplow_events, snowplow_name) %}
        cast({{ snowplow_name }} as {{ dbt.type_string() }}) as {{ contract_name }},
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as {{ contract_name }},
        {%- endif %}
        {%- endfor %}

        -- page, with its fragment put back when the URL lacks it
        case
            when nullif(page_urlfragment, '') is not null and {{ dbt.position("'#'", 'page_url') }} = 0
                then {{ dbt.concat(['page_url', "'#'", 'page_urlfragment']) }}
            else page_url
        end as page_url,
        cast(page_referrer as {{ dbt.type_string() }}) as referrer_url,
        cast(useragent as {{ dbt.type_string() }}) as user_agent,

        -- no server request in a tracker's events
        cast(null as {{ dbt.type_string() }}) as http_method,
        cast(null as {{ dbt.type_string() }}) as http_status,
        cast(null as {{ dbt.type_string() }}) as file_extension,
        cast(null as {{ dbt.type_string() }}) as source_quarantine_reason,

        -- Snowplow's own verdicts, kept for reference
        cast(refr_medium as {{ dbt.type_string() }}) as snowplow_referrer_medium,
        cast(mkt_source as {{ dbt.type_string() }}) as snowplow_marketing_source,
        cast(mkt_medium as {{ dbt.type_string() }}) as snowplow_marketing_medium
    from source
)

select * from final
