{#-
    Server access logs (Apache / Nginx combined format), one raw text line per row, mapped onto
    the raw hits contract. Every line is kept: page requests become hits, every other line is
    set aside downstream with `source_quarantine_reason` (README, "Server access logs"):
      - `unparseable_log_line`: the line does not follow the format, or its time does not parse;
      - `not_a_get_request`: HEAD, POST, OPTIONS... (or no request at all);
      - `excluded_status`: a status outside `dark_social__access_log_page_statuses`;
      - `not_a_page_request`: a file that is not a document (image, style, script, font,
        download...): its extension is not in `dark_social__access_log_page_extensions`.
    Link-preview fetchers (facebookexternalhit, Twitterbot, WhatsApp...) request pages like
    browsers do: they are kept here and recognised downstream by their user agent.
-#}
{{ config(enabled=dark_social.source_adapter_enabled('access_log')) }}
{%- set site_host = var('dark_social__access_log_site_host', none) -%}
{%- if execute and not site_host -%}
    {{ exceptions.raise_compiler_error(
        "dark_social: the access_log adapter needs the site's host, which log lines do not carry: "
        ~ "set var dark_social__access_log_site_host, e.g. {dark_social__access_log_site_host: www.example.com}.") }}
{%- endif -%}
{%- set scheme = var('dark_social__access_log_scheme', 'https') -%}
{%- set page_statuses = var('dark_social__access_log_page_statuses', [200, 304]) -%}
{%- set page_extensions = var('dark_social__access_log_page_extensions',
    ['', 'html', 'htm', 'xhtml', 'shtml', 'php', 'asp', 'aspx', 'jsp', 'cfm']) -%}
{%- set line_column = adapter.quote(var('dark_social__access_log_line_column', 'line')) -%}
{%- set pattern = dark_social.access_log_line_pattern() -%}

with

source as (
    select * from {{ dark_social.adapter_source_relation('access_log') }}
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
        coalesce(lower({{ dark_social.regexp_extract('request_target', '^[^?#]*/[^/?#]*\\.([A-Za-z0-9]+)(?:[?#].*)?$', 1) }}), '')
            as file_extension
    from requests
),

final as (
    select
        -- keys: a line has no id; identical lines are copies of one hit
        {{ dbt.hash('log_line') }} as hit_id,
        -- no cookie in a log: a visitor is approximated by ip and user agent
        case when client_ip is not null then
            {{ dbt.hash(dbt.concat(['client_ip', "'|'", "coalesce(user_agent_text, '')"])) }}
        end as client_id,
        cast(null as {{ dbt.type_string() }}) as session_id,
        nullif(remote_user, '-') as user_id,
        client_ip as ip_address,

        -- timestamps
        requested_at as hit_at,

        -- event
        'page_view' as event_name,

        -- page: the request target on the site's host (absolute-form targets as they are)
        case
            when request_target like 'http%://%' then request_target
            when request_target like '/%' then
                {{ dbt.concat([dark_social.sql_string_literal(scheme ~ '://' ~ (site_host or '')), 'request_target']) }}
        end as page_url,
        nullif(referer_text, '-') as referrer_url,
        nullif(replace(user_agent_text, {{ dark_social.sql_string_literal('\\"') }}, '"'), '-') as user_agent,

        -- the request as logged
        http_method,
        request_target,
        http_status,
        file_extension,
        log_line,

        -- lines that are not page views are set aside with a reason
        case
            when client_ip is null or requested_at is null then 'unparseable_log_line'
            when http_method is null or http_method <> 'GET' then 'not_a_get_request'
            when http_status is null or http_status not in ({{ page_statuses | join(', ') }}) then 'excluded_status'
            when file_extension not in (
                {%- for extension in page_extensions %}{{ dark_social.sql_string_literal(extension | lower) }}{{ ', ' if not loop.last }}{% endfor -%}
            ) then 'not_a_page_request'
        end as source_quarantine_reason
    from targets
)

select * from final
