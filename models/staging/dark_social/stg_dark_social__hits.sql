{#-
    One row per raw hit, every raw row kept (validation and deduplication come next, in
    int_hits__validated). Maps the user's columns onto the contract, casts the timestamp to UTC
    and parses each URL once.
-#}
{%- set raw_hits = dark_social.raw_hits_relation() -%}
{%- set click_id_parameters = var('dark_social__click_id_parameters', []) -%}
{%- set utm_parameters = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] -%}

with

source as (
    select * from {{ raw_hits }}
),

renamed as (
    select
        {{ dark_social.raw_hits_columns(raw_hits) | join(',\n        ') }}
    from source
),

trimmed as (
    select
        -- keys
        nullif(trim(hit_id), '') as hit_id,
        nullif(trim(client_id), '') as client_id,
        nullif(trim(session_id), '') as provided_session_id,
        nullif(trim(user_id), '') as user_id,
        nullif(trim(ip_address), '') as ip_address,
        -- timestamps
        hit_at,
        has_raw_hit_at,
        -- event
        coalesce(nullif(trim(event_name), ''), 'page_view') as event_name,
        -- urls and agent
        nullif(trim(page_url), '') as page_url,
        nullif(trim(referrer_url), '') as referrer_url,
        nullif(trim(user_agent), '') as user_agent
    from renamed
),

split as (
    select
        *,
        {{ dark_social.url_scheme('page_url') }} as page_scheme,
        {{ dark_social.url_host('page_url') }} as page_host_raw,
        {{ dark_social.url_path('page_url') }} as page_path_raw,
        {{ dark_social.url_query('page_url') }} as page_query,
        {{ dark_social.url_fragment('page_url') }} as page_fragment,
        {{ dark_social.url_scheme('referrer_url') }} as referrer_scheme,
        {{ dark_social.url_host('referrer_url') }} as referrer_host_raw,
        {{ dark_social.url_path('referrer_url') }} as referrer_path_raw
    from trimmed
),

parameters as (
    select
        *,
        {{ dark_social.normalize_host('page_host_raw') }} as page_host,
        {{ dark_social.normalize_path('page_path_raw') }} as page_path,
        {{ dark_social.normalize_host('referrer_host_raw') }} as referrer_host,
        {% for parameter in utm_parameters -%}
        {{ dark_social.query_parameter('page_query', parameter) }} as {{ parameter }}_raw,
        {% endfor -%}
        {%- if click_id_parameters | length > 0 %}
        {{ dark_social.regexp_extract('page_query', '(?:^|&)(' ~ click_id_parameters | join('|') ~ ')=[^&]', 1) }}
            as click_id_parameter,
        {{ dark_social.regexp_extract('page_query', '(?:^|&)(?:' ~ click_id_parameters | join('|') ~ ')=([^&]+)', 1) }}
            as click_id_raw
        {%- else %}
        cast(null as {{ dbt.type_string() }}) as click_id_parameter,
        cast(null as {{ dbt.type_string() }}) as click_id_raw
        {%- endif %}
    from split
),

final as (
    select
        -- keys
        coalesce(
            hit_id,
            {{ dbt.hash(dbt.concat([
                "coalesce(client_id, '')", "'|'",
                "coalesce(" ~ dbt.safe_cast('hit_at', dbt.type_string()) ~ ", '')", "'|'",
                "coalesce(page_url, '')", "'|'",
                "coalesce(referrer_url, '')", "'|'",
                "coalesce(user_agent, '')", "'|'",
                "event_name",
            ])) }}
        ) as hit_key,
        hit_id,
        client_id,
        provided_session_id,
        user_id,
        ip_address,

        -- timestamps
        hit_at,
        has_raw_hit_at,

        -- event
        event_name,

        -- page
        page_url,
        page_scheme,
        page_host,
        page_path,
        page_query,
        page_fragment,

        -- referrer
        referrer_url,
        referrer_scheme,
        referrer_host,
        {{ dark_social.normalize_path('referrer_path_raw') }} as referrer_path,

        -- campaign tags (source and medium lower-cased: channel rules ignore case)
        lower(trim({{ dark_social.decode_query_value('utm_source_raw') }})) as utm_source,
        lower(trim({{ dark_social.decode_query_value('utm_medium_raw') }})) as utm_medium,
        trim({{ dark_social.decode_query_value('utm_campaign_raw') }}) as utm_campaign,
        trim({{ dark_social.decode_query_value('utm_term_raw') }}) as utm_term,
        trim({{ dark_social.decode_query_value('utm_content_raw') }}) as utm_content,

        -- click id
        click_id_parameter,
        {{ dark_social.decode_query_value('click_id_raw') }} as click_id,

        -- device
        user_agent
    from parameters
)

select * from final
