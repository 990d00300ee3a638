{#-
    Assigns every hit to a session (README, "Sessions"):
      - a hit carrying a collector `session_id` belongs to that session, as given;
      - otherwise a client's next hit starts a new session after more than
        `dark_social__session_timeout_minutes` of inactivity, and optionally at midnight in
        `dark_social__reporting_timezone` (`dark_social__split_sessions_at_midnight`) or when it
        arrives with tags, a click id or an external referrer other than the last ones seen in
        the session (`dark_social__split_sessions_on_new_source`; a source after a direct start
        splits too).
    Hits are ordered by time, then by hit_key, so identical timestamps and late-loaded rows give
    the same sessions on every run. The session key hashes the client and the session's first
    hit time (or the collector's id), so it is stable across reruns.
-#}
{{ config(
    materialized='incremental',
    incremental_strategy=var('dark_social__hits_incremental_strategy'),
    unique_key='hit_key',
    on_schema_change='fail',
    partition_by=dark_social.day_partition('hit_at'),
    cluster_by=dark_social.clustering(['client_id']),
) }}
{%- set window_start = dark_social.hit_window_start(
    'hit_at', rebuilt_parent=ref('dark_social', 'int_dark_social_hits__deduplicated')
) -%}
{%- set timeout_seconds = var('dark_social__session_timeout_minutes') * 60 -%}
{%- set split_at_midnight = var('dark_social__split_sessions_at_midnight') -%}
{%- set split_on_new_source = var('dark_social__split_sessions_on_new_source') -%}
{%- set reporting_timezone = var('dark_social__reporting_timezone') -%}
{%- set internal_hosts = var('dark_social__internal_hosts') -%}
{#- only the narrow columns sessions need go through the window functions (the landing hit's
    other columns are joined back in int_dark_social_sessions__aggregated); a source split needs a few more -#}
{%- set hit_columns = ['hit_key', 'client_id', 'provided_session_id', 'user_id', 'hit_at', 'event_name'] -%}
{%- if split_on_new_source -%}
    {%- set hit_columns = hit_columns + ['page_host', 'referrer_host', 'utm_source', 'utm_medium', 'utm_campaign',
                                         'click_id_parameter', 'click_id'] -%}
{%- endif -%}

with

{%- if window_start is none %}

hits as (
    select {{ hit_columns | join(', ') }} from {{ ref('dark_social', 'int_dark_social_hits__deduplicated') }}
),
{%- else %}

-- incremental: clients with hits in the window are re-sessionized from the start of their
-- first session that the window can touch (one that ends within the timeout of the window, or
-- a collector session the window continues), so no session is split or duplicated
all_hits as {{ dark_social.inline_cte() }} (
    select {{ hit_columns | join(', ') }} from {{ ref('dark_social', 'int_dark_social_hits__deduplicated') }}
),

window_hits as (
    select client_id, provided_session_id
    from all_hits
    where {{ dark_social.hit_window_filter('hit_at', window_start) }}
),

affected_clients as (
    select distinct client_id from window_hits
),

previous_sessions as (
    select
        client_id,
        session_key,
        provided_session_id,
        min(hit_at) as started_at,
        max(hit_at) as ended_at
    from {{ this }}
    where client_id in (select client_id from affected_clients)
    group by client_id, session_key, provided_session_id
),

reopened_sessions as (
    select client_id, started_at
    from previous_sessions
    where ended_at >= {{ dbt.dateadd('second', -1 * timeout_seconds, window_start) }}
    union all
    select previous_sessions.client_id, previous_sessions.started_at
    from previous_sessions
    inner join (
        select distinct client_id, provided_session_id from window_hits where provided_session_id is not null
    ) as continued
        on previous_sessions.client_id = continued.client_id
        and previous_sessions.provided_session_id = continued.provided_session_id
),

rewinds as (
    select
        affected_clients.client_id,
        coalesce(min(reopened_sessions.started_at), {{ window_start }}) as rewind_from
    from affected_clients
    left join reopened_sessions
        on affected_clients.client_id = reopened_sessions.client_id
    group by affected_clients.client_id
),

hits as (
    select all_hits.*
    from all_hits
    inner join rewinds
        on all_hits.client_id = rewinds.client_id
        and all_hits.hit_at >= case when rewinds.rewind_from < {{ window_start }} then rewinds.rewind_from else {{ window_start }} end
),
{%- endif %}

attributed as {{ dark_social.inline_cte() }} (
    select
        *,
        cast({{ dark_social.from_utc_timestamp('hit_at', reporting_timezone) }} as date) as hit_date_local
    {%- if split_on_new_source %},
        -- what a GA-style "new source" split compares: tags, click id, external referrer host
        case
            when utm_source is not null
                or utm_medium is not null
                or utm_campaign is not null
                or click_id is not null
                or {{ dark_social.is_external_referrer('referrer_host', 'page_host', internal_hosts) }}
                then {{ dbt.concat([
                    "coalesce(utm_source, '')", "'|'",
                    "coalesce(utm_medium, '')", "'|'",
                    "coalesce(utm_campaign, '')", "'|'",
                    "coalesce(click_id_parameter, '')", "'|'",
                    "case when " ~ dark_social.is_external_referrer('referrer_host', 'page_host', internal_hosts)
                        ~ " then referrer_host else '' end",
                ]) }}
        end as source_signature
        {%- endif %}
    from hits
),

-- sessions the collector gave us
provided as (
    select
        *,
        {{ dbt.hash(dbt.concat(["'provided|'", 'client_id', "'|'", 'provided_session_id'])) }} as session_key,
        row_number() over (partition by client_id, provided_session_id order by hit_at, hit_key) as hit_number
    from attributed
    where provided_session_id is not null
),

-- sessions we build: first the time rule (inactivity gap, optional midnight split)...
to_sessionize as (
    select
        *,
        lag(hit_at) over client_timeline as previous_hit_at,
        lag(hit_date_local) over client_timeline as previous_hit_date_local,
        row_number() over client_timeline as client_hit_number
    from attributed
    where provided_session_id is null
    window client_timeline as (partition by client_id order by hit_at, hit_key)
),

time_split as (
    select
        *,
        case
            when previous_hit_at is null then 1
            when {{ dark_social.seconds_between('previous_hit_at', 'hit_at') }} > {{ timeout_seconds }} then 1
            {%- if split_at_midnight %}
            when hit_date_local <> previous_hit_date_local then 1
            {%- endif %}
            else 0
        end as is_time_boundary
    from to_sessionize
),

{%- if split_on_new_source %}

-- ...then, within each time-based session, a hit whose tags, click id or external referrer
-- differ from the last ones seen in that session starts a new one (GA-style)
time_numbered as (
    select
        *,
        sum(is_time_boundary) over (
            partition by client_id
            order by hit_at, hit_key
            rows between unbounded preceding and current row
        ) as time_session_number
    from time_split
),

with_previous_source as (
    select
        *,
        {{ dark_social.lag_ignore_nulls(
            'source_signature', 'partition by client_id, time_session_number order by hit_at, hit_key'
        ) }} as previous_source_signature
    from time_numbered
),

flagged as (
    select
        *,
        case
            when is_time_boundary = 1 then 1
            when source_signature is not null
                and (previous_source_signature is null or source_signature <> previous_source_signature) then 1
            else 0
        end as is_session_start
    from with_previous_source
),
{%- else %}

flagged as (
    select *, is_time_boundary as is_session_start from time_split
),
{%- endif %}

-- a session starts at its first hit: its start time and the client's hit number there are carried
-- forward in the same ordered pass (no grouping per session)
numbered as (
    select
        *,
        max(case when is_session_start = 1 then hit_at end) over client_timeline as session_started_at,
        max(case when is_session_start = 1 then client_hit_number end)
            over client_timeline
            as start_hit_number
    from flagged
    window client_timeline as (
        partition by client_id
        order by hit_at, hit_key
        rows between unbounded preceding and current row
    )
),

built as (
    select
        *,
        {{ dbt.hash(dbt.concat([
            "'built|'", 'client_id', "'|'", dark_social.format_timestamp('session_started_at'),
        ])) }} as session_key,
        client_hit_number - start_hit_number + 1 as hit_number
    from numbered
),

unioned as (
    {%- set columns = ['hit_key', 'client_id', 'provided_session_id', 'user_id', 'hit_at', 'hit_date_local',
                       'event_name', 'session_key', 'hit_number'] %}
    select {{ columns | join(', ') }} from provided
    union all
    select {{ columns | join(', ') }} from built
),

final as (
    select
        *,
        {{ dark_social.loaded_at() }} as dbt_loaded_at
    from unioned
)

select * from final
