{#-
    The precedence of evidence (docs/method.md): bots out first; internal referrers; campaign tags;
    click ids; referrer; in-app user agent; share fragment; landing page (a deep landing that a
    link-preview fetch of the same page preceded is signal `preview_then_visit`; a deep page the
    client viewed in an earlier session is origin `returning_direct`; else `deep_link`). A click id or a tag
    always beats the deep-URL rule. These macros read the evidence columns that
    int_dark_social_sessions__classified prepares (documented there); override one to change one rule.
-#}

{% macro traffic_origin() -%}
    {{ return(adapter.dispatch('traffic_origin', 'dark_social')()) }}
{%- endmacro %}

{% macro default__traffic_origin() -%}
    case
        when agent_type = 'link_preview' then 'link_preview'
        when agent_type = 'bot' then 'bot'
        when is_internal_referrer then 'internal'
        when has_campaign_tags and share_source_app is not null then 'tracked_messaging'
        {#- an AI assistant's own tag (ChatGPT appends utm_source=chatgpt.com to the links it cites) -#}
        when has_campaign_tags and utm_source_category = 'ai_assistant' then 'ai_assistant'
        when has_campaign_tags then 'campaign'
        when click_id_parameter is not null then 'click_id'
        when has_external_referrer then coalesce(referrer_category, 'referral')
        when agent_type = 'messaging_app' then 'dark_social'
        when agent_type = 'social_app' then 'hidden_social'
        when agent_type = 'search_app' then 'search_app'
        when share_fragment_kind = 'copy' then 'dark_social'
        when share_fragment_kind = 'button' and share_fragment_app is not null then 'dark_social'
        when share_fragment_kind = 'button' then 'hidden_social'
        {#- a deep page the client already viewed (var dark_social__revisit_window_days): a return by
            bookmark, history or autocomplete, unless a preview fetch proves a fresh share -#}
        when not is_simple_landing_page and is_revisited_landing_page and preview_app is null
            then 'returning_direct'
        when not is_simple_landing_page then 'dark_social'
        else 'direct'
    end
{%- endmacro %}


{% macro attribution_kind() -%}
    {#- Where GA4-style source and medium come from: `tags`, `click_id`, `referrer` or `direct`. -#}
    {{ return(adapter.dispatch('attribution_kind', 'dark_social')()) }}
{%- endmacro %}

{% macro default__attribution_kind() -%}
    case
        when is_internal_referrer then 'direct'
        when has_campaign_tags then 'tags'
        when click_id_parameter is not null then 'click_id'
        when has_external_referrer then 'referrer'
        else 'direct'
    end
{%- endmacro %}


{% macro dark_social_signal() -%}
    {#- Which evidence decided a dark social session; null for other sessions. -#}
    {{ return(adapter.dispatch('dark_social_signal', 'dark_social')()) }}
{%- endmacro %}

{% macro default__dark_social_signal() -%}
    case
        when traffic_origin <> 'dark_social' then null
        when agent_type = 'messaging_app' then 'messaging_in_app_browser'
        when share_fragment_kind is not null then 'share_fragment'
        {#- a deep-URL landing that a link-preview fetch of the same page preceded within
            `dark_social__preview_visit_window_minutes` (names the app) -#}
        when preview_app is not null and not is_simple_landing_page then 'preview_then_visit'
        else 'deep_link'
    end
{%- endmacro %}


{% macro dark_social_confidence() -%}
    {#- `high` when an app or a share fragment proves it, `medium` for the deep-URL rule alone. -#}
    {{ return(adapter.dispatch('dark_social_confidence', 'dark_social')()) }}
{%- endmacro %}

{% macro default__dark_social_confidence() -%}
    case dark_social_signal
        when 'messaging_in_app_browser' then 'high'
        when 'share_fragment' then 'high'
        when 'preview_then_visit' then 'high'
        when 'deep_link' then 'medium'
    end
{%- endmacro %}
