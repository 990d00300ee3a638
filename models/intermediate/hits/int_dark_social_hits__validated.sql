{#-
    Every staged hit with its parsed URLs and the reason it cannot be used, if any: the single
    place where hits are accepted or set aside (quarantined). Server requests (access logs) are
    page views only when they are a GET of a document answered with a page status. Duplicates
    (same hit_id, or the same fields when the collector gives no id) keep their first copy. Page
    and referrer URLs are parsed once per distinct value (macros/url/parse.sql) and joined back.
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
    'hit_at', 'quarantine_reason is null', late_source=ref('dark_social', 'stg_dark_social__hits')
) -%}
{%- set future_tolerance_minutes = var('dark_social__future_tolerance_minutes') -%}
{%- set earliest_hit_at = dark_social.earliest_hit_at() -%}
{%- set max_field_length = var('dark_social__max_field_length') -%}
{%- set page_statuses = var('dark_social__access_log_page_statuses') -%}
{%- set page_extensions = var('dark_social__access_log_page_extensions') -%}
{%- set window_hits -%}
select * from {{ ref('dark_social', 'stg_dark_social__hits') }}
{%- if window_start is not none %}
    -- incremental: the event-time window, and hits without a usable time (re-judged every run)
    where {{ dark_social.hit_window_filter('hit_at', window_start) }} or hit_at is null
        or hit_at < {{ earliest_hit_at }}
{%- endif %}
{%- endset -%}
{#- a text field longer than dark_social__max_field_length sets the hit aside -#}
{%- set text_fields = ['hit_id', 'client_id', 'provided_session_id', 'user_id', 'ip_address', 'event_name',
                       'page_url', 'referrer_url', 'user_agent'] -%}
{%- set too_large = [] -%}
{%- for field in text_fields -%}
{%- do too_large.append('coalesce(' ~ dbt.length(field) ~ ', 0) > ' ~ max_field_length) -%}
{%- endfor -%}

with

hits as (
    {{ window_hits }}
),

-- the distinct URLs come from their own scan of the staged hits, so no wide CTE is read twice
-- (an engine would materialize it)
page_urls as (
    {{ dark_social.parsed_page_urls('(' ~ window_hits ~ ')') }}
),

referrer_urls as (
    {{ dark_social.parsed_referrer_urls('(' ~ window_hits ~ ')') }}
),

-- copies are rare: the keys seen more than once, from a scan of the keys alone, so that only their
-- rows are ranked (ranking every hit sorts the whole window)
copied_keys as (
    select hit_key
    from ({{ window_hits }}) as keys_source
    group by hit_key
    having count(*) > 1
),

parsed as (
    select
        hits.*,
        page_urls.page_scheme,
        page_urls.page_host,
        page_urls.page_path,
        page_urls.page_query,
        page_urls.page_fragment,
        referrer_urls.referrer_scheme,
        referrer_urls.referrer_host,
        referrer_urls.referrer_path,
        page_urls.utm_source,
        page_urls.utm_medium,
        page_urls.utm_campaign,
        page_urls.utm_term,
        page_urls.utm_content,
        page_urls.click_id_parameter,
        page_urls.click_id
    from hits
    left join page_urls
        on hits.page_url = page_urls.page_url
    left join referrer_urls
        on hits.referrer_url = referrer_urls.referrer_url
),

checked as {{ dark_social.inline_cte() }} (
    select
        *,
        hit_key in (select copied_keys.hit_key from copied_keys) as has_copies,
        case
            when source_quarantine_reason is not null then source_quarantine_reason
            -- a server request (it carries a method or a status) is a page view only when it is a
            -- GET of a document (var dark_social__access_log_page_extensions, '' = none) answered
            -- with a page status (var dark_social__access_log_page_statuses)
            when (http_method is not null or http_status is not null) and coalesce(http_method, '') <> 'GET'
                then 'not_a_get_request'
            when (http_method is not null or http_status is not null)
                and (
                    http_status is null
                    or http_status not in ({{ dark_social.sql_string_list(page_statuses) }})
                )
                then 'excluded_status'
            when (http_method is not null or http_status is not null)
                and coalesce(file_extension, '') not in (
                    {{ dark_social.sql_string_list(page_extensions, lower=true) }}
                )
                then 'not_a_page_request'
            when not has_raw_hit_at then 'missing_timestamp'
            when hit_at is null then 'unparseable_timestamp'
            -- a default clock (1970-01-01, 0001-01-01): var dark_social__earliest_hit_date
            when hit_at < {{ earliest_hit_at }} then 'before_earliest_timestamp'
            when
                hit_at > {{ dbt.dateadd('minute', future_tolerance_minutes, dark_social.utc_now()) }}
                then 'future_timestamp'
            when client_id is null then 'missing_client_id'
            when {{ too_large | join(' or ') }} then 'field_too_large'
            when page_url is null then 'missing_page_url'
            when page_scheme is not null and page_scheme not in ('http', 'https') then 'non_web_scheme'
            when page_scheme is null or page_host is null then 'unparseable_page_url'
        end as invalid_reason
    from parsed
),

ranked as (
    select checked.*, cast(1 as {{ dbt.type_bigint() }}) as copy_number
    from checked
    where not has_copies
    union all
    select
        checked.*,
        row_number() over (
            partition by hit_key, invalid_reason is null
            order by hit_at, page_url, referrer_url, user_agent, client_id, event_name
        ) as copy_number
    from checked
    where has_copies
),

final as (
    select
        *,
        case
            when invalid_reason is not null then invalid_reason
            when copy_number > 1 then 'duplicate'
        end as quarantine_reason,
        -- what a link-preview fetch can be: a used hit, or a valid GET set aside only for its
        -- status (a redirect, an error) or its file (an image, a document)
        case
            when invalid_reason is null then copy_number = 1
            else invalid_reason in ('excluded_status', 'not_a_page_request')
        end as is_answered_get_request,
        {{ dark_social.loaded_at() }} as dbt_loaded_at
    from ranked
)

select * from final
