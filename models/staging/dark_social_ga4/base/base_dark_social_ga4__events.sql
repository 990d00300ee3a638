{#-
    Base model of source adapter `ga4`: the GA4 BigQuery export (`events_YYYYMMDD` tables, one row
    per event) mapped onto the raw hits contract that `stg_dark_social__hits` reads. Nested fields are read by dispatched macros
    (`dark_social.ga4_event_param`, `dark_social.ga4_field`): BigQuery's UNNEST form, a list
    filter on DuckDB (the same nested shape read from Parquet). GA4 exports no user-agent
    string; a descriptive stand-in is built from the `device` record so the device category still works.
-#}
{{ config(
    materialized='view',
    enabled=dark_social.source_adapter_enabled('ga4'),
) }}
{#- only the export days of the run's window (macros/adapters/ga4.sql): BigQuery prunes the shards -#}
{%- set shard_days = dark_social.ga4_shard_days() -%}

{%- set ga4_events = dark_social.read_in_place(
    source('dark_social_ga4', 'events'), var('dark_social__ga4_events_location')
) -%}

with

source as (
    select *
    from {{ dark_social.read_in_place(
        source('dark_social_ga4', 'events'), var('dark_social__ga4_events_location')
    ) }} as events
    {%- if shard_days is not none %}
    where {{ dark_social.ga4_shard_filter(shard_days.first, shard_days.last) }}
    {%- endif %}
),

params as (
    select
        -- raw fields
        event_timestamp,
        event_name,
        user_pseudo_id,
        user_id,

        -- event parameters (text, whatever value field holds them)
        {{ dark_social.ga4_event_param('ga_session_id') }} as ga_session_id,
        {{ dark_social.ga4_event_param('page_location') }} as page_location,
        {{ dark_social.ga4_event_param('page_referrer') }} as page_referrer,
        -- value: the purchase's revenue (`ecommerce.purchase_revenue`, when the export has the
        -- record), else the `value` parameter GA4's key events carry; `currency` parameter
        {%- if target.type == 'bigquery' or dark_social.relation_has_column(ga4_events, 'ecommerce') %}
        coalesce(
            {{ dark_social.ga4_field('ecommerce.purchase_revenue') }},
            {{ dark_social.ga4_event_param('value') }}
        ) as event_value,
        {%- else %}
        {{ dark_social.ga4_event_param('value') }} as event_value,
        {%- endif %}
        {{ dark_social.ga4_event_param('currency') }} as event_currency,

        -- device
        {{ dark_social.ga4_field('device.category') }} as device_category,
        {{ dark_social.ga4_field('device.operating_system') }} as operating_system,
        {{ dark_social.ga4_field('device.operating_system_version') }} as operating_system_version,
        coalesce(
            {{ dark_social.ga4_field('device.web_info.browser') }},
            {{ dark_social.ga4_field('device.browser') }}
        ) as browser,
        coalesce(
            {{ dark_social.ga4_field('device.web_info.browser_version') }},
            {{ dark_social.ga4_field('device.browser_version') }}
        ) as browser_version,

        -- attribution as GA4 itself collected it (for comparison; the tags are read from page_location)
        {{ dark_social.ga4_field('collected_traffic_source.manual_source') }} as ga4_manual_source,
        {{ dark_social.ga4_field('collected_traffic_source.manual_medium') }} as ga4_manual_medium,
        {{ dark_social.ga4_field('collected_traffic_source.manual_campaign_name') }}
            as ga4_manual_campaign_name,
        {{ dark_social.ga4_field('collected_traffic_source.gclid') }} as ga4_gclid,
        {{ dark_social.ga4_field('traffic_source.source') }} as ga4_first_user_source,
        {{ dark_social.ga4_field('traffic_source.medium') }} as ga4_first_user_medium
    from source
),

final as (
    select
        -- keys: GA4 has no event id (the hit key hashes the event's fields downstream)
        cast(null as {{ dbt.type_string() }}) as hit_id,
        cast(user_pseudo_id as {{ dbt.type_string() }}) as client_id,
        -- ga_session_id is unique per user only
        case
            when ga_session_id is not null
                then {{ dbt.concat(['user_pseudo_id', "'.'", 'ga_session_id']) }}
        end as session_id,
        cast(user_id as {{ dbt.type_string() }}) as user_id,
        cast(null as {{ dbt.type_string() }}) as ip_address,

        -- timestamps: microseconds since the epoch, UTC
        cast({{ dark_social.timestamp_from_micros('event_timestamp') }} as {{ dbt.type_timestamp() }})
            as hit_at,
        event_timestamp is not null as has_raw_hit_at,

        -- event
        cast(event_name as {{ dbt.type_string() }}) as event_name,
        event_value,
        event_currency,

        -- page and referrer
        page_location as page_url,
        page_referrer as referrer_url,

        -- a stand-in user agent, `<browser>/<version> (<os> <version>; <device category>)`
        case when coalesce(browser, operating_system, device_category) is not null then
            {{ dbt.concat([
                "coalesce(browser, '(not set)')", "'/'", "coalesce(browser_version, '')",
                "' ('", "coalesce(operating_system, '(not set)')", "' '", "coalesce(operating_system_version, '')",
                "'; '", "coalesce(device_category, '(not set)')", "')'",
            ]) }}
        end as user_agent,

        -- no server request in an analytics export
        cast(null as {{ dbt.type_string() }}) as http_method,
        cast(null as {{ dbt.type_string() }}) as http_status,
        cast(null as {{ dbt.type_string() }}) as file_extension,
        cast(null as {{ dbt.type_string() }}) as source_quarantine_reason,

        -- GA4's own attribution, kept for comparison
        ga_session_id,
        ga4_manual_source,
        ga4_manual_medium,
        ga4_manual_campaign_name,
        ga4_gclid,
        ga4_first_user_source,
        ga4_first_user_medium
    from params
)

select * from final
