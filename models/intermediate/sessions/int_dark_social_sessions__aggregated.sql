{#-
    One row per session: its span and size, and its landing hit ready for classification.
    Incremental: the sessions whose hits int_dark_social_hits__sessionized rebuilt since this model's last
    run replace this client's sessions from the earliest of them on.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy=dark_social.session_incremental_strategy(),
    on_schema_change='fail',
    partition_by=dark_social.day_partition('session_started_at'),
    cluster_by=dark_social.clustering(['client_id']),
    pre_hook="{{ dark_social.delete_rebuilt_sessions(ref('dark_social', 'int_dark_social_hits__sessionized'), 'hit_at', dark_social.last_loaded_at()) }}",
) }}
{%- set since = dark_social.last_loaded_at() -%}
{%- set page_view_events = dark_social.sql_string_list(
    var('dark_social__page_view_event_names'), lower=true
) -%}
{%- set conversion_events = dark_social.sql_string_list(
    var('dark_social__conversion_event_names'), lower=true
) -%}
{%- set revenue_currency = dark_social.revenue_currency() -%}
{%- set currency = 'coalesce(deduplicated.event_currency, ' ~ revenue_currency ~ ')' -%}

with

hits as {{ dark_social.inline_cte() }} (
    select * from {{ ref('dark_social', 'int_dark_social_hits__sessionized') }} as sessionized
    where {{ dark_social.changed_since('sessionized', since) }}
),

-- the landing hit's URLs and agent come from the hits by key (sessionization carries only the
-- narrow columns it needs)
deduplicated_hits as (
    select * from {{ ref('dark_social', 'int_dark_social_hits__deduplicated') }}
),

spans as (
    select
        session_key,
        client_id,
        min(hit_at) as session_started_at,
        max(hit_at) as session_ended_at,
        count(*) as hit_count,
        sum(
            case
                when lower(event_name) in ({{ page_view_events }}) then 1
                else 0
            end
        ) as page_view_count,
        sum(
            case
                when lower(event_name) in ({{ conversion_events }}) then 1
                else 0
            end
        ) as conversions,
        max(user_id) as user_id,
        max(dbt_loaded_at) as dbt_loaded_at
    from hits
    -- a session key belongs to one client (it derives from the client key)
    group by session_key, client_id
),

-- the key events' values (var dark_social__conversion_event_names), from the hits by key: amounts
-- in the revenue currency (or with none) are added, others only counted, never converted
key_event_values as (
    select
        hits.session_key,
        cast(
            sum(
                case
                    when {{ currency }} = {{ revenue_currency }}
                        then cast(deduplicated.event_value as {{ dark_social.type_money() }})
                end
            )
            as {{ dark_social.type_money() }}
        ) as revenue,
        sum(
            case
                when {{ currency }} <> {{ revenue_currency }}
                    then 1
                else 0
            end
        ) as other_currency_conversions
    from hits
    inner join deduplicated_hits as deduplicated
        on hits.hit_key = deduplicated.hit_key
    where lower(hits.event_name) in ({{ conversion_events }})
    group by hits.session_key
),

-- new visitor: the client's first session. On an incremental run the client's sessions before
-- the rebuilt ones are still in this table (the pre-hook deleted only the rebuilt range)
{%- if since is not none %}

earlier_clients as (
    select distinct client_id
    from {{ this }}
    where client_id in (select hits.client_id from hits)
),
{%- endif %}

client_firsts as (
    select
        client_id,
        min(session_started_at) as first_session_started_at
    from spans
    group by client_id
),

landing_hits as (
    select
        hits.session_key,
        hits.client_id,
        hits.provided_session_id,
        hits.hit_key,
        hits.hit_date_local,
        deduplicated.page_url,
        deduplicated.page_scheme,
        deduplicated.page_host,
        deduplicated.page_path,
        deduplicated.page_query,
        deduplicated.page_fragment,
        deduplicated.referrer_url,
        deduplicated.referrer_scheme,
        deduplicated.referrer_host,
        deduplicated.referrer_path,
        deduplicated.utm_source,
        deduplicated.utm_medium,
        deduplicated.utm_campaign,
        deduplicated.utm_term,
        deduplicated.utm_content,
        deduplicated.click_id_parameter,
        deduplicated.click_id,
        deduplicated.user_agent
    from hits
    inner join deduplicated_hits as deduplicated
        on hits.hit_key = deduplicated.hit_key
    where hits.hit_number = 1
    {%- if since is not none %}
        -- incremental: only the hits of the rebuilt sessions' time range are worth probing
        and deduplicated.hit_at >= (select min(hit_at) from hits)
    {%- endif %}
),

final as (
    select
        -- keys
        spans.session_key,
        landing_hits.client_id,
        landing_hits.provided_session_id,
        spans.user_id,
        landing_hits.hit_key as landing_hit_key,

        -- timestamps
        spans.session_started_at,
        spans.session_ended_at,
        {{ dark_social.seconds_between('spans.session_started_at', 'spans.session_ended_at') }}
            as session_duration_seconds,
        landing_hits.hit_date_local as session_date_local,

        -- size
        spans.hit_count,
        spans.page_view_count,

        -- value (GA4's engaged session: long enough, or 2 page views, or a key event)
        spans.conversions,
        cast(coalesce(key_event_values.revenue, 0) as {{ dark_social.type_money() }}) as revenue,
        coalesce(key_event_values.other_currency_conversions, 0) as other_currency_conversions,
        (
            {{ dark_social.seconds_between('spans.session_started_at', 'spans.session_ended_at') }}
            >= {{ var('dark_social__engaged_session_seconds') }}
            or spans.page_view_count >= 2
            or spans.conversions > 0
        ) as is_engaged,
        (
            spans.session_started_at = client_firsts.first_session_started_at
            {%- if since is not none %}
            and landing_hits.client_id not in (select earlier_clients.client_id from earlier_clients)
            {%- endif %}
        ) as is_new_visitor,

        -- landing page
        landing_hits.page_url as landing_page_url,
        landing_hits.page_scheme as landing_scheme,
        landing_hits.page_host as landing_host,
        landing_hits.page_path as landing_path,
        landing_hits.page_query as landing_query,
        landing_hits.page_fragment as landing_fragment,

        -- attribution of the landing hit
        landing_hits.referrer_url,
        landing_hits.referrer_scheme,
        landing_hits.referrer_host,
        landing_hits.referrer_path,
        landing_hits.utm_source,
        landing_hits.utm_medium,
        landing_hits.utm_campaign,
        landing_hits.utm_term,
        landing_hits.utm_content,
        landing_hits.click_id_parameter,
        landing_hits.click_id,

        -- device
        landing_hits.user_agent,

        -- when the session was (re)built
        spans.dbt_loaded_at
    from spans
    inner join landing_hits
        on spans.session_key = landing_hits.session_key
    inner join client_firsts
        on landing_hits.client_id = client_firsts.client_id
    left join key_event_values
        on spans.session_key = key_event_values.session_key
)

select * from final
