{#-
    Every session's traffic source, and Direct split into dark social and true Direct, decided
    from the evidence of int_dark_social_sessions__evidence by the precedence of macros/classification/
    precedence.sql (docs/method.md): bots and link previews first, then internal referrers, campaign
    tags, click ids, the referrer, the in-app user agent, share fragments and the landing page.
    `channel` follows GA4's default channel group (macros/classification/ga4_channel.sql); the
    campaign is the session's `utm_campaign`, else its landing page's, else `(none)`.
    A view: the rules are cheap expressions on one row, and only the rows fct_dark_social_sessions rebuilds
    are read.
-#}
{{ config(materialized='view') }}

with

evidence as (
    select * from {{ ref('dark_social', 'int_dark_social_sessions__evidence') }}
),

origins as (
    select
        *,
        {{ dark_social.traffic_origin() }} as traffic_origin,
        {{ dark_social.attribution_kind() }} as attribution_kind
    from evidence
),

attributed as (
    select
        *,
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
        -- the campaign GA4's channel rules read: the tags' own
        case when attribution_kind = 'tags' then utm_campaign end as channel_campaign,
        -- GA4 source category of the source (one lookup, macros/classification/source_lookup.sql)
        case attribution_kind
            when 'tags' then utm_source_category
            when 'click_id' then click_source_category
            when 'referrer' then referrer_category
        end as source_category
    from origins
),

signals as (
    select
        *,
        {{ dark_social.ga4_default_channel_group('source', 'medium', 'channel_campaign', 'source_category') }}
            as channel,
        traffic_origin in ('bot', 'link_preview') as is_bot,
        traffic_origin = 'dark_social' as is_dark_social,
        {{ dark_social.dark_social_signal() }} as dark_social_signal
    from attributed
),

final as (
    select
        *,
        {{ dark_social.dark_social_confidence() }} as dark_social_confidence,
        case dark_social_signal
            when 'messaging_in_app_browser' then agent_app
            when 'share_fragment' then share_fragment_app
            when 'preview_then_visit' then preview_app
        end as dark_social_app,
        -- the campaign of every session, untagged dark social included
        coalesce(utm_campaign, coalesce(landing_page_campaign, '(none)')) as campaign,
        case
            when utm_campaign is not null then 'utm_campaign'
            when landing_page_campaign is not null then 'landing_page'
            else 'none'
        end as campaign_attribution
    from signals
)

select * from final
