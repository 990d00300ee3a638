{#-
    Every session's traffic source, and Direct split into dark social and true Direct, with the
    evidence that decided it. The rule lists are seeds (`dark_social.rule_seed`), how a list entry
    matches is in macros/classification/matching.sql, the precedence of evidence in
    macros/classification/precedence.sql, GA4's channel rules in ga4_channel.sql.
    Lists are matched against the distinct user agents, referrer hosts and landing pages, not
    against every session.
-#}
{%- set internal_hosts = var('dark_social__internal_hosts', []) -%}
{%- set preview_window_minutes = var('dark_social__preview_visit_window_minutes', 60) -%}
{%- set since = dark_social.incremental_session_model('int_sessions__aggregated', 'session_started_at') -%}

with

sessions as {{ dark_social.inline_cte() }} (
    select * from {{ ref('int_sessions__aggregated') }} as aggregated
    where {{ dark_social.changed_since('aggregated', since) }}
),

link_preview_fetches as (
    select * from {{ ref('int_link_previews__fetches') }}
),

referrer_sources as (
    select
        -- hosts compare lower-case; a regular expression keeps its case (\S is not \s)
        case when lower(trim(match_type)) = 'regex' then trim(host) else lower(trim(host)) end as host,
        lower(trim(match_type)) as match_type,
        lower(trim(source)) as source,
        lower(trim(medium)) as medium,
        lower(trim(source_category)) as source_category
    from {{ dark_social.rule_seed('referrer_sources') }}
),

click_ids as (
    select
        trim(parameter) as parameter,
        platform,
        lower(trim(source)) as source,
        lower(trim(medium)) as medium
    from {{ dark_social.rule_seed('click_ids') }}
),

share_sources as (
    select
        lower(trim(utm_source)) as utm_source,
        app
    from {{ dark_social.rule_seed('share_sources') }}
),

-- user agents: the best-ranked signature of each distinct agent
distinct_user_agents as (
    select distinct user_agent from sessions where user_agent is not null
),

user_agents as (
    select user_agent, agent_type, app as agent_app
    from ({{ dark_social.user_agent_types('distinct_user_agents') }}) as user_agent_types
),

-- referrer hosts (and android-app packages): the best-ranked source of each distinct host
distinct_referrer_hosts as (
    select distinct referrer_host from sessions where referrer_host is not null
),

referrer_matches as (
    select
        distinct_referrer_hosts.referrer_host,
        referrer_sources.source,
        referrer_sources.medium,
        referrer_sources.source_category,
        row_number() over (
            partition by distinct_referrer_hosts.referrer_host
            order by {{ dark_social.host_match_rank('referrer_sources.host', 'referrer_sources.match_type') }}, {{ dark_social.byte_order('referrer_sources.host') }}
        ) as match_rank
    from distinct_referrer_hosts
    inner join referrer_sources
        on {{ dark_social.host_matches('referrer_sources.host', 'referrer_sources.match_type', 'distinct_referrer_hosts.referrer_host') }}
),

referrers as (
    select referrer_host, source, medium, source_category
    from referrer_matches
    where match_rank = 1
),

-- GA4 source category of a source name (utm_source, click-id source): by source name, then host
source_names as (
    select source as name, source_category, 0 as preference from referrer_sources
    union all
    select host as name, source_category, 1 as preference from referrer_sources where match_type <> 'regex'
),

source_categories as (
    select name, source_category
    from (
        select
            name,
            source_category,
            row_number() over (partition by name order by preference, {{ dark_social.byte_order('source_category') }}) as name_rank
        from source_names
    ) as ranked
    where name_rank = 1
),

-- landing pages: the simple-URL rule, once per distinct page
distinct_landing_pages as (
    select distinct landing_host, landing_path from sessions
),

landing_pages as (
    {{ dark_social.simple_urls('distinct_landing_pages', 'landing_path', host_column='landing_host', normalized=true) }}
),

-- link previews: the latest preview fetch of the landing page at or before the session start, when
-- it is within the window. Found in one ordered pass per page over its fetches and sessions (a
-- running max), not by joining every session to every fetch of its page (popular pages have many).
preview_fetch_times as (
    select page_host, page_path, fetched_at, min(app) as app
    from link_preview_fetches
    group by page_host, page_path, fetched_at
),

preview_timeline as (
    select
        coalesce(page_host, '') as page_host_key,
        page_path,
        fetched_at as event_at,
        0 as event_order,   -- a fetch at the very start of a session counts
        cast(null as {{ dbt.type_string() }}) as session_key,
        fetched_at
    from preview_fetch_times
    union all
    select
        coalesce(landing_host, '') as page_host_key,
        landing_path as page_path,
        session_started_at as event_at,
        1 as event_order,
        session_key,
        cast(null as {{ dbt.type_timestamp() }}) as fetched_at
    from sessions
),

latest_fetches as (
    select
        session_key,
        page_host_key,
        page_path,
        event_at as session_started_at,
        max(fetched_at) over (
            partition by page_host_key, page_path
            order by event_at, event_order
            rows between unbounded preceding and current row
        ) as latest_fetched_at
    from preview_timeline
),

previews as (
    select
        latest_fetches.session_key,
        preview_fetch_times.app as preview_app
    from latest_fetches
    inner join preview_fetch_times
        on latest_fetches.page_path = preview_fetch_times.page_path
        and latest_fetches.page_host_key = coalesce(preview_fetch_times.page_host, '')
        and latest_fetches.latest_fetched_at = preview_fetch_times.fetched_at
    where latest_fetches.session_key is not null
        and latest_fetches.latest_fetched_at >= {{ dbt.dateadd('minute', -1 * preview_window_minutes, 'latest_fetches.session_started_at') }}
),

evidence as (
    select
        sessions.*,
        user_agents.agent_type,
        user_agents.agent_app,
        (sessions.referrer_host is not null
            and not {{ dark_social.is_external_referrer('sessions.referrer_host', 'sessions.landing_host', internal_hosts) }})
            as is_internal_referrer,
        {{ dark_social.is_external_referrer('sessions.referrer_host', 'sessions.landing_host', internal_hosts) }}
            as has_external_referrer,
        referrers.source as referrer_source,
        referrers.medium as referrer_medium,
        referrers.source_category as referrer_category,
        (sessions.utm_source is not null or sessions.utm_medium is not null or sessions.utm_campaign is not null)
            as has_campaign_tags,
        share_sources.app as share_source_app,
        click_ids.platform as click_platform,
        click_ids.source as click_source,
        click_ids.medium as click_medium,
        {{ dark_social.share_fragment_kind('sessions.landing_fragment') }} as share_fragment_kind,
        {{ dark_social.share_fragment_service('sessions.landing_fragment') }} as share_fragment_service,
        coalesce(landing_pages.is_simple_url, false) as is_simple_landing_page,
        landing_pages.simple_url_rule as landing_simple_url_rule,
        previews.preview_app
    from sessions
    left join user_agents
        on sessions.user_agent = user_agents.user_agent
    left join referrers
        on sessions.referrer_host = referrers.referrer_host
    left join share_sources
        on sessions.utm_source = share_sources.utm_source
    left join click_ids
        on sessions.click_id_parameter = click_ids.parameter
    left join landing_pages
        on sessions.landing_path = landing_pages.landing_path
        and coalesce(sessions.landing_host, '') = coalesce(landing_pages.landing_host, '')
    left join previews
        on sessions.session_key = previews.session_key
),

with_fragment_app as (
    select
        evidence.*,
        fragment_sources.app as share_fragment_app
    from evidence
    left join share_sources as fragment_sources
        on evidence.share_fragment_service = fragment_sources.utm_source
),

origins as (
    select
        *,
        {{ dark_social.traffic_origin() }} as traffic_origin,
        {{ dark_social.attribution_kind() }} as attribution_kind
    from with_fragment_app
),

attributed as (
    select
        origins.*,
        case attribution_kind
            when 'tags' then coalesce(utm_source, '(not set)')
            when 'click_id' then click_source
            when 'referrer' then coalesce(referrer_source, referrer_host)
            else '(direct)'
        end as source,
        case attribution_kind
            when 'tags' then coalesce(utm_medium, '(not set)')
            when 'click_id' then click_medium
            when 'referrer' then coalesce(referrer_medium, 'referral')
            else '(none)'
        end as medium,
        case when attribution_kind = 'tags' then utm_campaign end as campaign
    from origins
),

categorized as (
    select
        attributed.*,
        coalesce(
            case when attributed.attribution_kind = 'referrer' then attributed.referrer_category end,
            source_categories.source_category
        ) as source_category
    from attributed
    left join source_categories
        on attributed.source = source_categories.name
),

signals as (
    select
        *,
        {{ dark_social.ga4_default_channel_group('source', 'medium', 'campaign', 'source_category') }} as channel,
        traffic_origin in ('bot', 'link_preview') as is_bot,
        traffic_origin = 'dark_social' as is_dark_social,
        {{ dark_social.dark_social_signal() }} as dark_social_signal
    from categorized
),

final as (
    select
        *,
        {{ dark_social.dark_social_confidence() }} as dark_social_confidence,
        case dark_social_signal
            when 'messaging_in_app_browser' then agent_app
            when 'share_fragment' then share_fragment_app
            when 'preview_then_visit' then preview_app
        end as dark_social_app
    from signals
)

select * from final
