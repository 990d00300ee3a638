{#-
    Base model of source adapter `access_log`: server access logs (Apache / Nginx combined
    format, common format accepted), one raw text line per row, parsed onto the raw hits
    contract. Every line is kept. A line that does not follow the format (or whose time does not
    parse) is `unparseable_log_line` (`source_quarantine_reason`); every other line carries its
    request (`http_method`, `http_status`, `file_extension`), and int_dark_social_hits__validated decides
    which requests are page views (README, "Server access logs"). Link-preview fetchers
    (facebookexternalhit, Twitterbot, WhatsApp...) request pages like browsers do: they are kept
    and recognised downstream by their user agent.
-#}
{{ config(
    materialized='view',
    enabled=dark_social.source_adapter_enabled('access_log'),
) }}
{%- set site_host = var('dark_social__access_log_site_host') -%}
{%- if execute and not site_host -%}
    {{ exceptions.raise_compiler_error(
        "dark_social: the access_log adapter needs the site's host, which log lines do not carry: "
        ~ "set var dark_social__access_log_site_host, e.g. {dark_social__access_log_site_host: www.example.com}.") }}
{%- endif -%}
{%- set scheme = var('dark_social__access_log_scheme') -%}
{%- set line_column = adapter.quote(var('dark_social__access_log_line_column')) -%}
{%- set pattern = dark_social.access_log_line_pattern() -%}
{#- the extension of the requested file: after the last dot of the last path segment -#}
{%- set file_extension_pattern = '^[^?#]*/[^/?#]*\\.([A-Za-z0-9]+)(?:[?#].*)?$' -%}
{%- set site = dark_social.sql_string_literal(scheme ~ '://' ~ (site_host or '')) -%}

with

source as (
    select *
    from {{ dark_social.read_in_place(
        source('dark_social_access_log', 'lines'), var('dark_social__access_log_location')
    ) }}
),

lines as (
    select
        cast({{ line_column }} as {{ dbt.type_string() }}) as log_line
    from source
),

fields as (
    select
        log_line,
        {{ dark_social.regexp_extract('log_line', pattern, 1) }} as client_ip,
        {{ dark_social.regexp_extract('log_line', pattern, 2) }} as remote_user,
        {{ dark_social.regexp_extract('log_line', pattern, 3) }} as request_time_text,
        {{ dark_social.regexp_extract('log_line', pattern, 4) }} as request_line,
        {{ dark_social.regexp_extract('log_line', pattern, 5) }} as status_text,
        {{ dark_social.regexp_extract('log_line', pattern, 7) }} as referer_text,
        {{ dark_social.regexp_extract('log_line', pattern, 8) }} as user_agent_text
    from lines
),

requests as (
    select
        *,
        {{ dark_social.parse_access_log_time('request_time_text') }} as requested_at,
        {{ dark_social.regexp_extract('request_line', '^([A-Z]+) ', 1) }} as http_method,
        {{ dark_social.regexp_extract('request_line', '^[A-Z]+ (\\S+)', 1) }} as request_target,
        {{ dbt.safe_cast('status_text', dbt.type_int()) }} as http_status
    from fields
),

targets as (
    select
        *,
        -- the extension of the requested file ('' for a folder or an extension-less page)
        coalesce(lower({{ dark_social.regexp_extract('request_target', file_extension_pattern, 1) }}), '')
            as file_extension
    from requests
),

final as (
    select
        -- keys: a line has no id; identical lines are copies of one hit
        {{ dbt.hash('log_line') }} as hit_id,
        -- no cookie in a log: a visitor is approximated by ip and user agent, hashed with the
        -- salt, so no IP address can be recovered from a key without it
        case
            when client_ip is not null
                then {{ dark_social.salted_hash(dbt.concat([
                    "'visitor|'", 'client_ip', "'|'", "coalesce(user_agent_text, '')",
                ])) }}
        end as client_id,
        cast(null as {{ dbt.type_string() }}) as session_id,
        nullif(remote_user, '-') as user_id,
        client_ip as ip_address,

        -- timestamps
        requested_at as hit_at,
        request_time_text is not null as has_raw_hit_at,

        -- event
        'page_view' as event_name,
        -- a server log carries no event value
        cast(null as {{ dbt.type_string() }}) as event_value,
        cast(null as {{ dbt.type_string() }}) as event_currency,

        -- page: the request target on the site's host (absolute-form targets as they are)
        case
            when request_target like 'http%://%' then request_target
            when request_target like '/%' then {{ dbt.concat([site, 'request_target']) }}
        end as page_url,
        nullif(referer_text, '-') as referrer_url,
        nullif(replace(user_agent_text, {{ dark_social.sql_string_literal('\\"') }}, '"'), '-') as user_agent,

        -- the request, for the page-request rules of int_dark_social_hits__validated
        http_method,
        cast(http_status as {{ dbt.type_string() }}) as http_status,
        file_extension,

        -- the request as logged
        request_target,
        log_line,

        -- a line that cannot be read as a request is set aside with this reason
        case
            when client_ip is null or requested_at is null then 'unparseable_log_line'
        end as source_quarantine_reason
    from targets
)

select * from final
