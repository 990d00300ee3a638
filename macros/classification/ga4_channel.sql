{% macro ga4_default_channel_group(source, medium, campaign, source_category) -%}
    {#-
        GA4's default channel group: its 18 rules, in order, first match wins (docs/method.md).
        `source_category` is the GA4 source category of the source: search, social, video or
        shopping; null when unknown. Our `messaging` counts as social, as in Google's list,
        except the `sms` source, which GA4 sends to its SMS rule (17).
        Comparisons ignore case. Direct is spelled `Direct`, as GA4 does.
    -#}
    {{ return(adapter.dispatch('ga4_default_channel_group', 'dark_social')(source, medium, campaign, source_category)) }}
{%- endmacro %}

{% macro default__ga4_default_channel_group(source, medium, campaign, source_category) -%}
    {%- set s = 'lower(coalesce(' ~ source ~ ", ''))" -%}
    {%- set m = 'lower(coalesce(' ~ medium ~ ", ''))" -%}
    {%- set c = 'lower(coalesce(' ~ campaign ~ ", ''))" -%}
    {%- set category = "case when lower(" ~ source_category ~ ") = 'messaging' and " ~ s ~ " <> 'sms' then 'social' when lower(" ~ source_category ~ ") = 'messaging' then null else lower(" ~ source_category ~ ") end" -%}
    {%- set paid_medium = dark_social.regexp_matches(m, '^(.*cp.*|ppc|retargeting|paid.*)$') -%}
    {%- set shopping_campaign = dark_social.regexp_matches(c, '^(.*(([^a-df-z]|^)shop|shopping).*)$') -%}
    case
        when {{ s }} = '(direct)' and {{ m }} in ('(none)', '(not set)') then 'Direct'
        when {{ dbt.position("'cross-network'", c) }} > 0 then 'Cross-network'
        when ({{ category }} = 'shopping' or {{ shopping_campaign }}) and {{ paid_medium }} then 'Paid Shopping'
        when {{ category }} = 'search' and {{ paid_medium }} then 'Paid Search'
        when {{ category }} = 'social' and {{ paid_medium }} then 'Paid Social'
        when {{ category }} = 'video' and {{ paid_medium }} then 'Paid Video'
        when {{ m }} in ('display', 'banner', 'expandable', 'interstitial', 'cpm') then 'Display'
        when {{ paid_medium }} then 'Paid Other'
        when {{ category }} = 'shopping' or {{ shopping_campaign }} then 'Organic Shopping'
        when {{ category }} = 'social'
            or {{ m }} in ('social', 'social-network', 'social-media', 'sm', 'social network', 'social media')
            then 'Organic Social'
        when {{ category }} = 'video' or {{ dbt.position("'video'", m) }} > 0 then 'Organic Video'
        when {{ category }} = 'search' or {{ m }} = 'organic' then 'Organic Search'
        when {{ m }} in ('referral', 'app', 'link') then 'Referral'
        when {{ s }} in ('email', 'e-mail', 'e_mail', 'e mail') or {{ m }} in ('email', 'e-mail', 'e_mail', 'e mail') then 'Email'
        when {{ m }} = 'affiliate' then 'Affiliates'
        when {{ m }} = 'audio' then 'Audio'
        when {{ s }} = 'sms' or {{ m }} = 'sms' then 'SMS'
        when {{ dbt.right(m, 4) }} = 'push'
            or {{ dbt.position("'mobile'", m) }} > 0
            or {{ dbt.position("'notification'", m) }} > 0
            or {{ s }} = 'firebase'
            then 'Mobile Push Notifications'
        else 'Unassigned'
    end
{%- endmacro %}
