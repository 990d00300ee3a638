{#- The measures shared by the daily marts, defined once. They aggregate rows of fct_dark_social_sessions. -#}

{% macro dark_social_count_measures() -%}
    {#- name -> the condition a session meets to be counted (`true`: every session). -#}
    {{ return({
        'sessions': 'true',
        'direct_sessions': 'is_direct',
        'dark_social_sessions': 'is_dark_social',
        'dark_social_sessions_high': "dark_social_confidence = 'high'",
        'dark_social_sessions_medium': "dark_social_confidence = 'medium'",
        'tracked_messaging_sessions': 'is_tracked_messaging',
    }) }}
{%- endmacro %}

{% macro dark_social_count_columns() -%}
    {#- The names of the counts, in mart column order. -#}
    {{ return(dark_social.dark_social_count_measures().keys() | list) }}
{%- endmacro %}

{% macro dark_social_counts() -%}
    {#- The counts as aggregate select items, one per measure. -#}
    {%- for name, condition in dark_social.dark_social_count_measures().items() %}
    cast(sum(case when {{ condition }} then 1 else 0 end) as {{ dbt.type_bigint() }}) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro dark_social_ratios() -%}
    {#- Shares are null when their denominator is zero (no direct session, no tracked share). -#}
    cast(cast(dark_social_sessions as {{ dark_social.type_double() }}) / nullif(direct_sessions, 0) as {{ dark_social.type_double() }}) as dark_share_of_direct,
    cast(cast(dark_social_sessions as {{ dark_social.type_double() }}) / nullif(sessions, 0) as {{ dark_social.type_double() }}) as dark_share_of_sessions,
    cast(cast(dark_social_sessions as {{ dark_social.type_double() }}) / nullif(tracked_messaging_sessions, 0) as {{ dark_social.type_double() }}) as dark_to_tracked_messaging_ratio
{%- endmacro %}
