{#-
    One row per visit (bots and link previews left out), ready for BI. No IP address, user id or
    raw client id; both keys are salted hashes (macros/incremental/incremental.sql, `salted_hash`). Incremental: the sessions int_dark_social_sessions__classified rebuilt since this model's
    last run replace this client's sessions from the earliest of them on.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy=dark_social.session_incremental_strategy(),
    on_schema_change='fail',
    pre_hook="{{ dark_social.delete_rebuilt_sessions(ref('dark_social', 'int_dark_social_sessions__classified'), 'session_started_at', dark_social.last_loaded_at(), client_column='client_key', parent_client=dark_social.client_key('client_id')) }}",
) }}
{%- set since = dark_social.last_loaded_at() -%}
{%- do dark_social.check_client_id_salt() -%}

with

sessions as {{ dark_social.inline_cte() }} (
    select * from {{ ref('dark_social', 'int_dark_social_sessions__classified') }} as classified
    where {{ dark_social.changed_since('classified', since) }}
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

        -- lineage
        cast(sessions.dbt_loaded_at as {{ dbt.type_timestamp() }}) as dbt_loaded_at
    from sessions
    inner join landing_urls
        on sessions.landing_page_url = landing_urls.landing_page_url
    left join devices
        on sessions.user_agent = devices.user_agent
    where not sessions.is_bot
)

select * from final
