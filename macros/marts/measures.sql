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
        'engaged_sessions': 'is_engaged',
        'dark_social_engaged_sessions': 'is_dark_social and is_engaged',
        'new_visitor_sessions': 'is_new_visitor',
        'dark_social_new_visitor_sessions': 'is_dark_social and is_new_visitor',
    }) }}
{%- endmacro %}

{% macro dark_social_value_measures() -%}
    {#- name -> (the session column summed, the condition a session meets to be counted, kind). -#}
    {{ return({
        'conversions': ('conversions', 'true', 'count'),
        'dark_social_conversions': ('conversions', 'is_dark_social', 'count'),
        'revenue': ('revenue', 'true', 'money'),
        'dark_social_revenue': ('revenue', 'is_dark_social', 'money'),
    }) }}
{%- endmacro %}

{% macro dark_social_measure_type(name) -%}
    {#- The SQL type of a measure column: counts are bigint, amounts the exact money type. -#}
    {%- set values = dark_social.dark_social_value_measures() -%}
    {%- if name in values and values[name][2] == 'money' -%}
        {{ return(dark_social.type_money()) }}
    {%- endif -%}
    {{ return(dbt.type_bigint()) }}
{%- endmacro %}

{% macro dark_social_count_columns() -%}
    {#- The names of the measures (counts, then conversions and revenue), in mart column order. -#}
    {{ return((dark_social.dark_social_count_measures().keys() | list)
              + (dark_social.dark_social_value_measures().keys() | list)) }}
{%- endmacro %}

{% macro dark_social_counts() -%}
    {#- The measures as aggregate select items, one per measure. -#}
    {%- for name, condition in dark_social.dark_social_count_measures().items() %}
    cast(sum(case when {{ condition }} then 1 else 0 end) as {{ dbt.type_bigint() }}) as {{ name }},
    {%- endfor %}
    {%- for name, (column, condition, kind) in dark_social.dark_social_value_measures().items() %}
    cast(sum(case when {{ condition }} then {{ column }} else 0 end) as {{ dark_social.dark_social_measure_type(name) }}) as {{ name }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro dark_social_measure_casts() -%}
    {#- Every measure cast to its mart type, `cast(x as t) as x`, one select item each. -#}
    {%- for column in dark_social.dark_social_count_columns() %}
    cast({{ column }} as {{ dark_social.dark_social_measure_type(column) }}) as {{ column }}{{ ',' if not loop.last }}
    {%- endfor %}
{%- endmacro %}

{% macro dark_social_ratios() -%}
    {#- Shares are null when their denominator is zero (no direct session, no tracked share). -#}
    cast(cast(dark_social_sessions as {{ dark_social.type_double() }}) / nullif(direct_sessions, 0) as {{ dark_social.type_double() }}) as dark_share_of_direct,
    cast(cast(dark_social_sessions as {{ dark_social.type_double() }}) / nullif(sessions, 0) as {{ dark_social.type_double() }}) as dark_share_of_sessions,
    cast(cast(dark_social_sessions as {{ dark_social.type_double() }}) / nullif(tracked_messaging_sessions, 0) as {{ dark_social.type_double() }}) as dark_to_tracked_messaging_ratio
{%- endmacro %}


{% macro revenue_currency() -%}
    {#- The one currency revenue is summed in (var dark_social__revenue_currency), as a SQL literal. -#}
    {{ return(dark_social.sql_string_literal(var('dark_social__revenue_currency') | upper)) }}
{%- endmacro %}
