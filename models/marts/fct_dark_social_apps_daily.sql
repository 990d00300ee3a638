{#-
    Dark social sessions by reporting day, messaging app, signal and confidence: which app the
    private shares came through (known for the in-app browser, share-fragment and
    preview-then-visit signals; `(none)` for the deep-URL rule, which names no app). Every day has
    a row for every signal (seed dark_social_enumerations), with zeros on a day it did not fire.
    Incremental: the days from the earliest day fct_dark_social_sessions rebuilt since the last run are rebuilt.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy=dark_social.session_incremental_strategy(),
    on_schema_change='fail',
    pre_hook="{{ dark_social.delete_rebuilt_days(ref('dark_social', 'fct_dark_social_sessions'), dark_social.last_loaded_at()) }}",
) }}
{%- set since = dark_social.last_loaded_at() -%}
{%- set measures = ['sessions', 'engaged_sessions', 'conversions', 'revenue'] -%}

with

sessions as {{ dark_social.inline_cte() }} (
    select * from {{ ref('dark_social', 'fct_dark_social_sessions') }} as fct_dark_social_sessions
    where is_dark_social
        and {{ dark_social.rebuilt_days_filter(
            'fct_dark_social_sessions', ref('dark_social', 'fct_dark_social_sessions'), since
        ) }}
),

enumerations as (
    select * from {{ ref('dark_social', 'dark_social_enumerations') }}
),

days as (
    {#- on an incremental run: the first rebuilt day, whether or not it had dark social sessions -#}
    {{ dark_social.reporting_days(
        ref('dark_social', 'int_dark_social_hits__sessionized'), since,
        '(select min(session_date) from ' ~ ref('dark_social', 'fct_dark_social_sessions')
        ~ ' where dbt_loaded_at > ' ~ since ~ ')',
    ) }}
),

signals as (
    select distinct value as dark_social_signal
    from enumerations
    where enumeration = 'dark_social_signal'
),

grouped as (
    select
        session_date,
        coalesce(dark_social_app, '(none)') as dark_social_app,
        dark_social_signal,
        dark_social_confidence,
        cast(count(*) as {{ dbt.type_bigint() }}) as sessions,
        cast(sum(case when is_engaged then 1 else 0 end) as {{ dbt.type_bigint() }}) as engaged_sessions,
        cast(sum(conversions) as {{ dbt.type_bigint() }}) as conversions,
        cast(sum(revenue) as {{ dark_social.type_money() }}) as revenue,
        max(dbt_loaded_at) as dbt_loaded_at
    from sessions
    group by session_date, coalesce(dark_social_app, '(none)'), dark_social_signal, dark_social_confidence
),

signal_days as (
    select distinct session_date, dark_social_signal from grouped
),

-- a zero row for every day and signal without sessions
missing as (
    select
        days.date_day as session_date,
        '(none)' as dark_social_app,
        signals.dark_social_signal
    from days
    cross join signals
    left join signal_days
        on days.date_day = signal_days.session_date
        and signals.dark_social_signal = signal_days.dark_social_signal
    where signal_days.session_date is null
),

completed as (
    select
        session_date,
        dark_social_app,
        dark_social_signal,
        dark_social_confidence,
        {%- for column in measures %}
        {{ column }},
        {%- endfor %}
        dbt_loaded_at
    from grouped
    union all
    select
        session_date,
        dark_social_app,
        dark_social_signal,
        {{ dark_social.dark_social_confidence() }} as dark_social_confidence,
        {%- for column in measures %}
        0 as {{ column }},
        {%- endfor %}
        cast(null as {{ dbt.type_timestamp() }}) as dbt_loaded_at
    from missing
),

final as (
    select
        cast(
            {{ dbt.hash(dbt.concat([
                dark_social.format_date('session_date'), "'|'", 'dark_social_signal', "'|'", 'dark_social_app',
            ])) }}
            as {{ dbt.type_string() }}
        ) as app_day_key,
        cast(session_date as date) as session_date,
        cast(dark_social_app as {{ dbt.type_string() }}) as dark_social_app,
        cast(dark_social_signal as {{ dbt.type_string() }}) as dark_social_signal,
        cast(dark_social_confidence as {{ dbt.type_string() }}) as dark_social_confidence,
        {%- for column in measures %}
        cast({{ column }} as {{ dark_social.dark_social_measure_type(column) }}) as {{ column }},
        {%- endfor %}
        cast(dbt_loaded_at as {{ dbt.type_timestamp() }}) as dbt_loaded_at
    from completed
)

select * from final
