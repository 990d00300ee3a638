{#- The measures shared by the daily marts, defined once. They aggregate rows of fct_sessions. -#}

{% macro dark_social_counts() -%}
    cast(count(*) as {{ dbt.type_bigint() }}) as sessions,
    cast(sum(case when is_direct then 1 else 0 end) as {{ dbt.type_bigint() }}) as direct_sessions,
    cast(sum(case when is_dark_social then 1 else 0 end) as {{ dbt.type_bigint() }}) as dark_social_sessions,
    cast(sum(case when dark_social_confidence = 'high' then 1 else 0 end) as {{ dbt.type_bigint() }}) as dark_social_sessions_high,
    cast(sum(case when dark_social_confidence = 'medium' then 1 else 0 end) as {{ dbt.type_bigint() }}) as dark_social_sessions_medium,
    cast(sum(case when is_tracked_messaging then 1 else 0 end) as {{ dbt.type_bigint() }}) as tracked_messaging_sessions
{%- endmacro %}

{% macro dark_social_count_columns() -%}
    {{ return(['sessions', 'direct_sessions', 'dark_social_sessions', 'dark_social_sessions_high',
               'dark_social_sessions_medium', 'tracked_messaging_sessions']) }}
{%- endmacro %}

{% macro dark_social_ratios() -%}
    {#- Shares are null when their denominator is zero (no direct session, no tracked share). -#}
    cast(cast(dark_social_sessions as {{ dark_social.type_double() }}) / nullif(direct_sessions, 0) as {{ dark_social.type_double() }}) as dark_share_of_direct,
    cast(cast(dark_social_sessions as {{ dark_social.type_double() }}) / nullif(sessions, 0) as {{ dark_social.type_double() }}) as dark_share_of_sessions,
    cast(cast(dark_social_sessions as {{ dark_social.type_double() }}) / nullif(tracked_messaging_sessions, 0) as {{ dark_social.type_double() }}) as dark_to_tracked_messaging_ratio
{%- endmacro %}
