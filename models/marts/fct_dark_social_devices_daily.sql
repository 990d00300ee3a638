{#-
    One row per reporting day and device category, every day and every category (zeros
    included): dark social is higher on phones, where links are shared in messaging apps. The
    categories are the `device_category` values of seed dark_social_enumerations.
    Incremental: the days from the earliest day fct_dark_social_sessions rebuilt since the last run are rebuilt.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy=dark_social.session_incremental_strategy(),
    on_schema_change='fail',
    pre_hook="{{ dark_social.delete_rebuilt_days(ref('dark_social', 'fct_dark_social_sessions'), dark_social.last_loaded_at()) }}",
) }}
{%- set since = dark_social.last_loaded_at() -%}
{%- set measures = ['sessions', 'direct_sessions', 'dark_social_sessions', 'engaged_sessions', 'conversions',
                    'revenue'] -%}

with

sessions as {{ dark_social.inline_cte() }} (
    select * from {{ ref('dark_social', 'fct_dark_social_sessions') }} as fct_dark_social_sessions
    where {{ dark_social.rebuilt_days_filter(
        'fct_dark_social_sessions', ref('dark_social', 'fct_dark_social_sessions'), since
    ) }}
),

enumerations as (
    select * from {{ ref('dark_social', 'dark_social_enumerations') }}
),

days as (
    {{ dark_social.reporting_days(
        ref('dark_social', 'int_dark_social_hits__sessionized'), since, '(select min(session_date) from sessions)'
    ) }}
),

device_categories as (
    select distinct value as device_category
    from enumerations
    where enumeration = 'device_category'
),

completed as (
    {{ dark_social.zero_filled_daily_counts(
        'sessions', 'days', measures, dimension='device_category', dimension_values='device_categories',
    ) }}
),

final as (
    select
        cast(
            {{ dbt.hash(dbt.concat([dark_social.format_date('session_date'), "'|'", 'device_category'])) }}
            as {{ dbt.type_string() }}
        ) as device_day_key,
        cast(session_date as date) as session_date,
        cast(device_category as {{ dbt.type_string() }}) as device_category,
        {%- for column in measures %}
        cast({{ column }} as {{ dark_social.dark_social_measure_type(column) }}) as {{ column }},
        {%- endfor %}
        cast(dbt_loaded_at as {{ dbt.type_timestamp() }}) as dbt_loaded_at
    from completed
)

select * from final
