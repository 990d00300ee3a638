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
        min(hit_at) as session_started_at,
        max(hit_at) as session_ended_at,
        count(*) as hit_count,
        sum(
            case
                when lower(event_name) in ({{ page_view_events }}) then 1
                else 0
            end
        ) as page_view_count,
        max(user_id) as user_id,
        max(dbt_loaded_at) as dbt_loaded_at
    from hits
    group by session_key
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
)

select * from final
