{#-
    The campaign of every session: tagged sessions keep their `utm_campaign`; untagged ones
    (dark social among them) get the campaign of their landing page from the campaign-pages
    list, matched once per distinct landing page and day; the rest get `(none)`.
-#}

{%- set since = dark_social.incremental_session_model('int_sessions__classified', 'session_started_at') -%}

with

sessions as {{ dark_social.inline_cte() }} (
    select * from {{ ref('int_sessions__classified') }} as classified
    where {{ dark_social.changed_since('classified', since) }}
),

campaign_pages as (
    select
        nullif({{ dark_social.normalize_host('trim(host)') }}, '') as host,
        trim(pattern) as pattern,
        lower(trim(match_type)) as match_type,
        trim(campaign) as campaign,
        cast(valid_from as date) as valid_from,
        cast(valid_to as date) as valid_to
    from {{ dark_social.rule_seed('campaign_pages') }}
),

untagged_pages as (
    select distinct
        landing_host,
        landing_path,
        session_date_local
    from sessions
    where utm_campaign is null
),

page_matches as (
    select
        untagged_pages.landing_host,
        untagged_pages.landing_path,
        untagged_pages.session_date_local,
        campaign_pages.campaign,
        row_number() over (
            partition by untagged_pages.landing_host, untagged_pages.landing_path, untagged_pages.session_date_local
            order by
                {{ dark_social.path_match_rank('campaign_pages.pattern', 'campaign_pages.match_type') }},
                {{ dark_social.byte_order('campaign_pages.campaign') }}
        ) as match_rank
    from untagged_pages
    inner join campaign_pages
        on (campaign_pages.host is null or campaign_pages.host = untagged_pages.landing_host)
        and {{ dark_social.path_matches('campaign_pages.pattern', 'campaign_pages.match_type', 'untagged_pages.landing_path') }}
        and (campaign_pages.valid_from is null or untagged_pages.session_date_local >= campaign_pages.valid_from)
        and (campaign_pages.valid_to is null or untagged_pages.session_date_local <= campaign_pages.valid_to)
),

page_campaigns as (
    select landing_host, landing_path, session_date_local, campaign
    from page_matches
    where match_rank = 1
),

final as (
    select
        sessions.session_key,
        sessions.client_id,
        sessions.session_started_at,
        case
            when sessions.utm_campaign is not null then sessions.utm_campaign
            else coalesce(page_campaigns.campaign, '(none)')
        end as campaign,
        case
            when sessions.utm_campaign is not null then 'utm_campaign'
            when page_campaigns.campaign is not null then 'landing_page'
            else 'none'
        end as campaign_attribution,
        sessions.dbt_loaded_at
    from sessions
    left join page_campaigns
        on sessions.landing_path = page_campaigns.landing_path
        and sessions.landing_host = page_campaigns.landing_host
        and sessions.session_date_local = page_campaigns.session_date_local
)

select * from final
