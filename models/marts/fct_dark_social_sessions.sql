{#-
    One row per visit (bots and link previews left out), ready for BI. No IP address, user id or
    raw client id; both keys are salted hashes (macros/incremental/incremental.sql, `salted_hash`).
    Incremental: the sessions int_dark_social_sessions__classified rebuilt since this model's
    last run replace this client's sessions, starting one conversion window (var
    dark_social__conversion_window_days) before the earliest of them (a dark social session's
    assisted conversions read the client's later sessions).
-#}
{{ config(
    materialized='incremental',
    incremental_strategy=dark_social.session_incremental_strategy(),
    on_schema_change='fail',
    partition_by=dark_social.day_partition('session_started_at'),
    cluster_by=dark_social.clustering(['client_key']),
    pre_hook="{{ dark_social.delete_rebuilt_sessions(ref('dark_social', 'int_dark_social_sessions__classified'), 'session_started_at', dark_social.last_loaded_at(), client_column='client_key', parent_client=dark_social.client_key('client_id'), rewind_days=var('dark_social__conversion_window_days')) }}",
) }}
{%- set since = dark_social.last_loaded_at() -%}
{%- set conversion_window_days = var('dark_social__conversion_window_days') -%}
{%- set revenue_currency = dark_social.revenue_currency() -%}
{%- set classified = ref('dark_social', 'int_dark_social_sessions__classified') -%}
{%- do dark_social.check_client_id_salt() -%}

with

sessions as {{ dark_social.inline_cte() }} (
    select * from {{ classified }} as classified
    {%- if since is not none %}
    -- incremental: the clients' sessions from the window before their earliest rebuilt one on
    where exists (
        select 1
        from (
            select client_id, min(session_started_at) as rebuilt_from
            from {{ classified }}
            where dbt_loaded_at > {{ since }}
            group by client_id
        ) as rebuilt
        where rebuilt.client_id = classified.client_id
            and classified.session_started_at
            >= {{ dbt.dateadd('day', -1 * conversion_window_days, 'rebuilt.rebuilt_from') }}
    )
    {%- endif %}
),

-- assisted conversions: the client's conversions in later sessions that start within
-- var dark_social__conversion_window_days of a dark social session
assisted as (
    select
        dark_sessions.session_key,
        sum(later_sessions.conversions) as assisted_conversions
    from sessions as dark_sessions
    inner join sessions as later_sessions
        on dark_sessions.client_id = later_sessions.client_id
        and dark_sessions.session_started_at < later_sessions.session_started_at
        and {{ dbt.dateadd('day', conversion_window_days, 'dark_sessions.session_started_at') }}
        >= later_sessions.session_started_at
    where dark_sessions.is_dark_social
        and not later_sessions.is_bot
        and later_sessions.conversions > 0
    group by dark_sessions.session_key
),

-- the landing URL for BI (allow-listed parameters only) once per distinct landing URL
landing_urls as (
    select
        landing_page_url,
        {{ dark_social.url_with_allowed_parameters(
            'landing_scheme', 'landing_host', 'landing_path', 'landing_query'
        ) }} as public_landing_page_url
    from (
        select distinct landing_page_url, landing_scheme, landing_host, landing_path, landing_query
        from sessions
    ) as distinct_landings
),

-- device category once per distinct user agent (far fewer than sessions)
devices as (
    select
        user_agent,
        {{ dark_social.device_category('user_agent') }} as device_category
    from (select distinct user_agent from sessions where user_agent is not null) as distinct_agents
),

final as (
    select
        -- keys
        -- salted: no key here can be recomputed from a raw client id without the salt
        cast(
            {{ dark_social.session_public_key('sessions.session_key') }} as {{ dbt.type_string() }}
        ) as session_key,
        cast({{ dark_social.client_key('sessions.client_id') }} as {{ dbt.type_string() }}) as client_key,

        -- time
        cast(sessions.session_started_at as {{ dbt.type_timestamp() }}) as session_started_at,
        cast(sessions.session_date_local as date) as session_date,

        -- landing page
        cast(sessions.landing_host as {{ dbt.type_string() }}) as landing_host,
        cast(sessions.landing_path as {{ dbt.type_string() }}) as landing_path,
        cast(landing_urls.public_landing_page_url as {{ dbt.type_string() }}) as landing_page_url,
        cast(sessions.is_simple_landing_page as {{ dbt.type_boolean() }}) as is_simple_landing_page,

        -- attribution
        cast(sessions.channel as {{ dbt.type_string() }}) as channel,
        cast(sessions.source as {{ dbt.type_string() }}) as source,
        cast(sessions.medium as {{ dbt.type_string() }}) as medium,
        cast(sessions.traffic_origin as {{ dbt.type_string() }}) as traffic_origin,
        cast(sessions.campaign as {{ dbt.type_string() }}) as campaign,
        cast(sessions.campaign_attribution as {{ dbt.type_string() }}) as campaign_attribution,

        -- dark social
        cast(sessions.channel = 'Direct' as {{ dbt.type_boolean() }}) as is_direct,
        cast(sessions.is_dark_social as {{ dbt.type_boolean() }}) as is_dark_social,
        cast(sessions.traffic_origin = 'tracked_messaging' as {{ dbt.type_boolean() }})
            as is_tracked_messaging,
        cast(sessions.dark_social_signal as {{ dbt.type_string() }}) as dark_social_signal,
        cast(sessions.dark_social_confidence as {{ dbt.type_string() }}) as dark_social_confidence,
        cast(sessions.dark_social_app as {{ dbt.type_string() }}) as dark_social_app,

        -- device and size
        cast(
            coalesce(
                devices.device_category,
                {{ dark_social.device_category('cast(null as ' ~ dbt.type_string() ~ ')') }}
            )
            as {{ dbt.type_string() }}
        ) as device_category,
        cast(sessions.hit_count as {{ dbt.type_bigint() }}) as hit_count,
        cast(sessions.page_view_count as {{ dbt.type_bigint() }}) as page_view_count,

        -- engagement and value
        cast(floor(sessions.session_duration_seconds) as {{ dbt.type_bigint() }}) as session_duration_seconds,
        cast(sessions.is_engaged as {{ dbt.type_boolean() }}) as is_engaged,
        cast(sessions.is_new_visitor as {{ dbt.type_boolean() }}) as is_new_visitor,
        cast(sessions.conversions as {{ dbt.type_bigint() }}) as conversions,
        cast(sessions.revenue as {{ dark_social.type_money() }}) as revenue,
        cast({{ revenue_currency }} as {{ dbt.type_string() }}) as revenue_currency,
        cast(sessions.other_currency_conversions as {{ dbt.type_bigint() }}) as other_currency_conversions,
        cast(coalesce(assisted.assisted_conversions, 0) as {{ dbt.type_bigint() }}) as assisted_conversions,

        -- lineage
        cast(sessions.dbt_loaded_at as {{ dbt.type_timestamp() }}) as dbt_loaded_at
    from sessions
    inner join landing_urls
        on sessions.landing_page_url = landing_urls.landing_page_url
    left join devices
        on sessions.user_agent = devices.user_agent
    left join assisted
        on sessions.session_key = assisted.session_key
    where not sessions.is_bot
)

select * from final
