{#-
    Base model of source adapter `segment`: Segment's `pages` warehouse table (one row per `page` call) mapped
    onto the raw hits contract. The URL and referrer are the page call's properties (`url`,
    `referrer`), else the context Segment's library collected (`context_page_url`,
    `context_page_referrer`). Campaign tags are read from the URL, the same query string Segment
    parses `context_campaign_*` from.
    Segment's key events are track calls, which its loader writes to a table per event, not to
    `pages`: when var `dark_social__segment_order_completed_identifier` names the Order Completed
    table, its calls are hits too (event `order_completed`, on the page the call was made on),
    with their `revenue` (else `total`) and `currency` properties as the event's value.
-#}
{{ config(
    materialized='view',
    enabled=dark_social.source_adapter_enabled('segment'),
) }}
{%- set read_orders = var('dark_social__segment_order_completed_identifier') is not none -%}

with

source as (
    select *
    from {{ dark_social.read_in_place(
        source('dark_social_segment', 'pages'), var('dark_social__segment_pages_location')
    ) }}
),
{%- if read_orders %}
{%- set segment_orders = dark_social.read_in_place(
    source('dark_social_segment', 'order_completed'), var('dark_social__segment_order_completed_location')
) %}
{#- Segment writes a property's column only once a call carries it: each may be missing -#}
{%- set order_columns = {} %}
{%- for name in ['revenue', 'total', 'currency', 'context_page_referrer', 'context_user_agent', 'user_id',
    'context_ip', 'context_campaign_source', 'context_campaign_medium', 'context_campaign_name'] %}
{%- do order_columns.update({
    name: name if dark_social.relation_has_column(segment_orders, name) else 'cast(null as ' ~ dbt.type_string() ~ ')'
}) %}
{%- endfor %}

order_completed as (
    select * from {{ segment_orders }}
),
{%- endif %}

page_calls as (
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

        -- event: a page call is a page view, never a key event (no value)
        'page_view' as event_name,
        cast(null as {{ dbt.type_string() }}) as event_value,
        cast(null as {{ dbt.type_string() }}) as event_currency,

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
),
{%- if read_orders %}

order_calls as (
    select
        -- keys
        cast(id as {{ dbt.type_string() }}) as hit_id,
        cast(anonymous_id as {{ dbt.type_string() }}) as client_id,
        cast(null as {{ dbt.type_string() }}) as session_id,
        cast({{ order_columns.user_id }} as {{ dbt.type_string() }}) as user_id,
        cast({{ order_columns.context_ip }} as {{ dbt.type_string() }}) as ip_address,

        -- timestamps
        cast({{ adapter.quote('timestamp') }} as {{ dbt.type_timestamp() }}) as hit_at,
        {{ adapter.quote('timestamp') }} is not null as has_raw_hit_at,

        -- event: the call's slug (`order_completed`); value: `revenue` (Segment's ecommerce spec:
        -- without shipping and tax), else `total`, in `currency`
        cast(event as {{ dbt.type_string() }}) as event_name,
        cast(
            coalesce(
                cast({{ order_columns.revenue }} as {{ dbt.type_string() }}),
                cast({{ order_columns.total }} as {{ dbt.type_string() }})
            ) as {{ dbt.type_string() }}
        ) as event_value,
        cast({{ order_columns.currency }} as {{ dbt.type_string() }}) as event_currency,

        -- page and referrer: the page the call was made on (a track call has no url property)
        cast(context_page_url as {{ dbt.type_string() }}) as page_url,
        cast({{ order_columns.context_page_referrer }} as {{ dbt.type_string() }}) as referrer_url,
        cast({{ order_columns.context_user_agent }} as {{ dbt.type_string() }}) as user_agent,

        -- no server request
        cast(null as {{ dbt.type_string() }}) as http_method,
        cast(null as {{ dbt.type_string() }}) as http_status,
        cast(null as {{ dbt.type_string() }}) as file_extension,
        cast(null as {{ dbt.type_string() }}) as source_quarantine_reason,

        -- Segment's parsed campaign
        cast({{ order_columns.context_campaign_source }} as {{ dbt.type_string() }})
            as segment_campaign_source,
        cast({{ order_columns.context_campaign_medium }} as {{ dbt.type_string() }})
            as segment_campaign_medium,
        cast({{ order_columns.context_campaign_name }} as {{ dbt.type_string() }})
            as segment_campaign_name
    from order_completed
),
{%- endif %}

final as (
    select * from page_calls
    {%- if read_orders %}
    union all
    select * from order_calls
    {%- endif %}
)

select * from final
