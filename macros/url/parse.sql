{#-
    URL parsing as queries over distinct URLs: a web site has far fewer distinct page and referrer
    URLs than hits, so the regular expressions run once per distinct value and hits join the
    result back (int_dark_social_hits__validated). The parts are those of `url.sql`; nothing else parses URLs.
-#}

{% macro parsed_page_urls(relation, column='page_url') -%}
    {#-
        One row per distinct non-null `column` of `relation`: the URL, its scheme, normalised host
        and path, raw query and fragment, decoded `utm_*` tags and the first click id.
    -#}
    {%- set click_id_parameters = var('dark_social__click_id_parameters') -%}
    {%- set patterns = dark_social.redaction_patterns() -%}
    {%- set utm_parameters = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] -%}
    select
        {{ column }},
        page_scheme,
        page_host,
        page_path,
        page_query,
        page_fragment,
        -- campaign tags (source and medium lower-cased: channel rules ignore case), redacted
        {{ dark_social.redact_segments("lower(trim(" ~ dark_social.decode_query_value('utm_source_raw') ~ "))", patterns) }}
            as utm_source,
        {{ dark_social.redact_segments("lower(trim(" ~ dark_social.decode_query_value('utm_medium_raw') ~ "))", patterns) }}
            as utm_medium,
        {{ dark_social.redact_segments("trim(" ~ dark_social.decode_query_value('utm_campaign_raw') ~ ")", patterns) }}
            as utm_campaign,
        {{ dark_social.redact_segments("trim(" ~ dark_social.decode_query_value('utm_term_raw') ~ ")", patterns) }}
            as utm_term,
        {{ dark_social.redact_segments("trim(" ~ dark_social.decode_query_value('utm_content_raw') ~ ")", patterns) }}
            as utm_content,
        -- click id
        click_id_parameter,
        {{ dark_social.decode_query_value('click_id_raw') }} as click_id
    from (
        select
            {{ column }},
            page_scheme,
            -- personal data in hosts and path segments replaced by placeholders (macros/url/redact.sql)
            {{ dark_social.redact_segments(dark_social.normalize_host('page_host_raw'), patterns) }} as page_host,
            {{ dark_social.redact_segments(dark_social.normalize_path('page_path_raw'), patterns) }} as page_path,
            page_query,
            page_fragment,
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
        from (
            select
                {{ column }},
                {{ dark_social.url_scheme(column) }} as page_scheme,
                {{ dark_social.url_host(column) }} as page_host_raw,
                {{ dark_social.url_path(column) }} as page_path_raw,
                {{ dark_social.url_query(column) }} as page_query,
                {{ dark_social.url_fragment(column) }} as page_fragment
            from (
                select distinct urls_source.{{ column }}
                from {{ relation }} as urls_source
                where urls_source.{{ column }} is not null
            ) as distinct_urls
        ) as split_urls
    ) as parameter_values
{%- endmacro %}


{% macro parsed_referrer_urls(relation, column='referrer_url') -%}
    {#-
        One row per distinct non-null `column` of `relation`: the URL, its scheme, normalised and
        redacted host and path (an IP-address referrer is `{ip}`, never the address).
    -#}
    {%- set patterns = dark_social.redaction_patterns() -%}
    select
        {{ column }},
        referrer_scheme,
        {{ dark_social.redact_segments(dark_social.normalize_host('referrer_host_raw'), patterns) }} as referrer_host,
        {{ dark_social.redact_segments(dark_social.normalize_path('referrer_path_raw'), patterns) }} as referrer_path
    from (
        select
            {{ column }},
            {{ dark_social.url_scheme(column) }} as referrer_scheme,
            {{ dark_social.url_host(column) }} as referrer_host_raw,
            {{ dark_social.url_path(column) }} as referrer_path_raw
        from (
                select distinct urls_source.{{ column }}
                from {{ relation }} as urls_source
                where urls_source.{{ column }} is not null
            ) as distinct_urls
    ) as split_urls
{%- endmacro %}
