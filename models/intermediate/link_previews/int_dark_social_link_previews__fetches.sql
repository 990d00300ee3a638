{#-
    Link-preview fetches: every request whose user agent is a link-preview fetcher
    (WhatsApp, facebookexternalhit, Twitterbot, Slackbot...). Each one proves the URL was just
    pasted into that app. Share events are read from the page views (used hits) and from the
    GET requests set aside as not page views (an image or file pasted as such, a redirect, a
    partial or failed response: `is_answered_get_request` of int_dark_social_hits__validated), since an app
    fetches the pasted URL whatever it is. Housekeeping fetches (`/robots.txt`,
    `/favicon.ico`), duplicates and invalid rows are left out. The fetchers are the
    `link_preview` rows of the user-agent list (seed `dark_social_user_agents`, or var
    `dark_social__seed_user_agents`), matched as classification matches them (lower priority
    wins). Server and CDN logs see them; JavaScript trackers
    (GA4, Snowplow, Segment) usually do not, so this model is mostly filled by the access_log
    adapter or by raw hits from a server-side collector.
-#}
{{ config(materialized='table') }}
{%- set reporting_timezone = var('dark_social__reporting_timezone') -%}

with

hits as (
    select * from {{ ref('dark_social', 'int_dark_social_hits__validated') }}
    where user_agent is not null
        and is_answered_get_request
        and page_path not in ('/robots.txt', '/favicon.ico')
),

user_agent_signatures as (
    select * from {{ ref(var('dark_social__seed_user_agents')) }}
),

-- the best-ranked signature of each distinct agent (the same list and ranking as classification)
distinct_user_agents as (
    select distinct user_agent from hits
),

preview_agents as (
    select user_agent, app
    from ({{ dark_social.user_agent_types('distinct_user_agents', 'user_agent_signatures') }})
        as user_agent_types
    where agent_type = 'link_preview'
),

final as (
    select
        -- keys
        hits.hit_key as fetch_key,
        hits.client_id,

        -- timestamps
        hits.hit_at as fetched_at,
        cast({{ dark_social.from_utc_timestamp('hits.hit_at', reporting_timezone) }} as date) as fetch_date,

        -- page
        hits.page_host,
        hits.page_path,

        -- fetcher
        preview_agents.app,
        hits.user_agent,

        -- whether the fetched URL is a page view (else a file, a redirect or an error)
        hits.quarantine_reason is null as is_page
    from hits
    inner join preview_agents
        on hits.user_agent = preview_agents.user_agent
)

select * from final
