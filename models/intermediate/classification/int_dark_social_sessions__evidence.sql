{#-
    Every session of int_dark_social_sessions__aggregated with the evidence its traffic source is decided
    from, each rule list matched once per distinct value (user agent, referrer host, source name,
    landing page), not once per session: the in-app browser or bot its user agent names, the
    referrer's source and category, campaign tags and share-button sources, the click id's
    platform, share fragments, whether the landing page is a simple URL, the link-preview fetch
    that preceded it, and the campaign its landing page belongs to. How a list entry matches is
    in macros/classification/matching.sql; int_dark_social_sessions__classified applies the precedence.
    Incremental: the sessions int_dark_social_sessions__aggregated rebuilt since this model's last run
    replace this client's sessions from the earliest of them on.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy=dark_social.session_incremental_strategy(),
    on_schema_change='fail',
    partition_by=dark_social.day_partition('session_started_at'),
    cluster_by=dark_social.clustering(['client_id']),
    pre_hook="{{ dark_social.delete_rebuilt_sessions(ref('dark_social', 'int_dark_social_sessions__aggregated'), 'session_started_at', dark_social.last_loaded_at()) }}",
) }}
{%- set since = dark_social.last_loaded_at() -%}
{%- set internal_hosts = var('dark_social__internal_hosts') -%}
{%- set preview_window_minutes = var('dark_social__preview_visit_window_minutes') -%}
{%- set revisit_window_days = var('dark_social__revisit_window_days') -%}
{%- set external_referrer = dark_social.is_external_referrer(
    'sessions.referrer_host', 'sessions.landing_host', internal_hosts
) -%}

with

sessions as {{ dark_social.inline_cte() }} (
    select * from {{ ref('dark_social', 'int_dark_social_sessions__aggregated') }} as aggregated
    where {{ dark_social.changed_since('aggregated', since) }}
),

deduplicated_hits as (
    select * from {{ ref('dark_social', 'int_dark_social_hits__deduplicated') }}
),

link_preview_fetches as (
    select * from {{ ref('dark_social', 'int_dark_social_link_previews__fetches') }}
),

user_agent_signatures as (
    select * from {{ ref(var('dark_social__seed_user_agents')) }}
),

referrer_source_entries as (
    select * from {{ ref(var('dark_social__seed_referrer_sources')) }}
),

click_id_entries as (
    select * from {{ ref(var('dark_social__seed_click_ids')) }}
),

share_source_entries as (
    select * from {{ ref(var('dark_social__seed_share_sources')) }}
),

simple_url_entries as (
    select * from {{ ref(var('dark_social__seed_simple_urls')) }}
),

campaign_page_entries as (
    select * from {{ ref(var('dark_social__seed_campaign_pages')) }}
),

-- the rule lists, cleaned once
referrer_sources as (
    select
        -- hosts compare as the names looked up; a regular expression keeps its case (\S is not \s)
        case
            when {{ dark_social.rule_match_type() }} = 'regex' then trim(host)
            else {{ dark_social.source_lookup_key('host') }}
        end as host,
        {{ dark_social.rule_match_type() }} as match_type,
        lower(trim(source)) as source,
        lower(trim(medium)) as medium,
        lower(trim(source_category)) as source_category
    from referrer_source_entries
),

click_ids as (
    select
        trim(parameter) as parameter,
        platform,
        lower(trim(source)) as source,
        lower(trim(medium)) as medium
    from click_id_entries
),

share_sources as (
    select
        lower(trim(utm_source)) as utm_source,
        app
    from share_source_entries
),

campaign_pages as (
    select
        nullif({{ dark_social.normalize_host('trim(host)') }}, '') as host,
        trim(pattern) as pattern,
        {{ dark_social.rule_match_type() }} as match_type,
        trim(campaign) as campaign,
        cast(valid_from as date) as valid_from,
        cast(valid_to as date) as valid_to
    from campaign_page_entries
),

-- user agents: the best-ranked signature of each distinct agent
distinct_user_agents as (
    select distinct user_agent from sessions where user_agent is not null
),

user_agents as (
    select user_agent, agent_type, app as agent_app
    from ({{ dark_social.user_agent_types('distinct_user_agents', 'user_agent_signatures') }})
        as user_agent_types
),

-- source names: every referrer host (and android-app package), utm_source and click-id source,
-- looked up once each, the same way whatever its form (macros/classification/source_lookup.sql)
distinct_source_names as (
    select {{ dark_social.source_lookup_key('referrer_host') }} as name
    from sessions where referrer_host is not null
    union
    select {{ dark_social.source_lookup_key('utm_source') }} as name
    from sessions where utm_source is not null
    union
    select {{ dark_social.source_lookup_key('source') }} as name
    from click_ids where source is not null
),

source_entries as (
    {{ dark_social.source_lookup('distinct_source_names', 'referrer_sources') }}
),

-- landing pages: the simple-URL rule, once per distinct page
distinct_landing_pages as (
    select distinct landing_host, landing_path from sessions
),

landing_pages as (
    {{ dark_social.simple_urls('distinct_landing_pages', 'landing_path', host_column='landing_host',
        simple_urls_relation='simple_url_entries', normalized=true) }}
),

-- the campaign of a landing page: the best campaign-page entry of each distinct landing page and
-- day (exact, then the longest prefix, then regex), within the entry's host and dates
landing_page_days as (
    select distinct
        landing_host,
        landing_path,
        session_date_local
    from sessions
),

page_campaign_matches as (
    select
        landing_page_days.landing_host,
        landing_page_days.landing_path,
        landing_page_days.session_date_local,
        campaign_pages.campaign,
        row_number() over (
            partition by
                landing_page_days.landing_host,
                landing_page_days.landing_path,
                landing_page_days.session_date_local
            order by
                {{ dark_social.path_match_rank('campaign_pages.pattern', 'campaign_pages.match_type') }},
                {{ dark_social.byte_order('campaign_pages.campaign') }}
        ) as match_rank
    from landing_page_days
    inner join campaign_pages
        on (campaign_pages.host is null or landing_page_days.landing_host = campaign_pages.host)
        and {{ dark_social.path_matches(
            'campaign_pages.pattern', 'campaign_pages.match_type', 'landing_page_days.landing_path'
        ) }}
        and (
            campaign_pages.valid_from is null
            or landing_page_days.session_date_local >= campaign_pages.valid_from
        )
        and (
            campaign_pages.valid_to is null or landing_page_days.session_date_local <= campaign_pages.valid_to
        )
),

page_campaigns as (
    select landing_host, landing_path, session_date_local, campaign
    from page_campaign_matches
    where match_rank = 1
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
        and latest_fetches.latest_fetched_at
        >= {{ dbt.dateadd('minute', -1 * preview_window_minutes, 'latest_fetches.session_started_at') }}
),

-- returning visitors: the latest earlier hit of the same client on the landing page, within
-- var dark_social__revisit_window_days before the session. Read from every hit kept (not only
-- this run's), so a client's history older than the incremental window counts.
revisits as (
    {%- if revisit_window_days is none %}
    select
        cast(null as {{ dbt.type_string() }}) as session_key,
        cast(null as {{ dbt.type_timestamp() }}) as landing_page_last_viewed_at
    where 1 = 0
    {%- else %}
    select
        sessions.session_key,
        max(earlier_hits.hit_at) as landing_page_last_viewed_at
    from sessions
    inner join deduplicated_hits as earlier_hits
        on sessions.client_id = earlier_hits.client_id
        and sessions.landing_path = earlier_hits.page_path
        and coalesce(sessions.landing_host, '') = coalesce(earlier_hits.page_host, '')
        and sessions.session_started_at > earlier_hits.hit_at
        and {{ dbt.dateadd('day', -1 * revisit_window_days, 'sessions.session_started_at') }}
        <= earlier_hits.hit_at
    group by sessions.session_key
    {%- endif %}
),

evidence as (
    select
        sessions.*,
        -- user agent
        user_agents.agent_type,
        user_agents.agent_app,
        -- referrer
        (sessions.referrer_host is not null and not {{ external_referrer }}) as is_internal_referrer,
        {{ external_referrer }} as has_external_referrer,
        referrer_entries.source as referrer_source,
        referrer_entries.medium as referrer_medium,
        referrer_entries.source_category as referrer_category,
        -- campaign tags
        (
            sessions.utm_source is not null
            or sessions.utm_medium is not null
            or sessions.utm_campaign is not null
        )
            as has_campaign_tags,
        utm_source_entries.source_category as utm_source_category,
        share_sources.app as share_source_app,
        -- click id
        click_ids.platform as click_platform,
        click_ids.source as click_source,
        click_ids.medium as click_medium,
        click_source_entries.source_category as click_source_category,
        -- share fragment
        {{ dark_social.share_fragment_kind('sessions.landing_fragment') }} as share_fragment_kind,
        {{ dark_social.share_fragment_service('sessions.landing_fragment') }} as share_fragment_service,
        -- landing page
        coalesce(landing_pages.is_simple_url, false) as is_simple_landing_page,
        landing_pages.simple_url_rule as landing_simple_url_rule,
        page_campaigns.campaign as landing_page_campaign,
        -- link preview
        previews.preview_app,
        -- returning visitor
        revisits.landing_page_last_viewed_at,
        revisits.landing_page_last_viewed_at is not null as is_revisited_landing_page
    from sessions
    left join user_agents
        on sessions.user_agent = user_agents.user_agent
    left join source_entries as referrer_entries
        on {{ dark_social.source_lookup_key('sessions.referrer_host') }} = referrer_entries.name
    left join source_entries as utm_source_entries
        on {{ dark_social.source_lookup_key('sessions.utm_source') }} = utm_source_entries.name
    left join share_sources
        on sessions.utm_source = share_sources.utm_source
    left join click_ids
        on sessions.click_id_parameter = click_ids.parameter
    left join source_entries as click_source_entries
        on {{ dark_social.source_lookup_key('click_ids.source') }} = click_source_entries.name
    left join landing_pages
        on sessions.landing_path = landing_pages.landing_path
        and coalesce(sessions.landing_host, '') = coalesce(landing_pages.landing_host, '')
    left join page_campaigns
        on sessions.landing_path = page_campaigns.landing_path
        and sessions.landing_host = page_campaigns.landing_host
        and sessions.session_date_local = page_campaigns.session_date_local
    left join previews
        on sessions.session_key = previews.session_key
    left join revisits
        on sessions.session_key = revisits.session_key
),

final as (
    select
        evidence.*,
        fragment_sources.app as share_fragment_app
    from evidence
    left join share_sources as fragment_sources
        on evidence.share_fragment_service = fragment_sources.utm_source
)

select * from final
