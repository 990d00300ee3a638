{% macro device_category(user_agent) -%}
    {#-
        GA-style device category from a user agent: `tablet`, `mobile`, `desktop`, or `(not set)`
        when there is no user agent. Tablets first (iPad, Android without "Mobile", Kindle,
        tablet), then phones (Mobile, iPhone, Android, Opera Mini, Windows Phone).
    -#}
    {{ return(adapter.dispatch('device_category', 'dark_social')(user_agent)) }}
{%- endmacro %}

{% macro default__device_category(user_agent) -%}
    case
        when {{ user_agent }} is null then '(not set)'
        when {{ dark_social.regexp_matches(user_agent, '(ipad|tablet|kindle|silk/|playbook)', ignore_case=true) }} then 'tablet'
        when {{ dark_social.regexp_matches(user_agent, 'Android') }}
            and not {{ dark_social.regexp_matches(user_agent, 'Mobile') }} then 'tablet'
        when {{ dark_social.regexp_matches(user_agent, '(mobile|iphone|ipod|android|opera mini|windows phone|blackberry)', ignore_case=true) }} then 'mobile'
        else 'desktop'
    end
{%- endmacro %}
