{#-
    The simple-URL rule of the founding method: the home page and first-level sections
    (`/login`, `/contact`, `/blog`, `/about`, `/product`...) are typed or bookmarked; a Direct visit
    that lands anywhere else ("hard to remember") is likely dark social.
-#}

{% macro simple_urls(relation, url_column, host_column=none, simple_urls_relation=none, max_depth=none, normalized=false) -%}
    {#-
        A select statement returning every row and column of `relation` plus:
          simple_url_host  normalised host (null when `url_column` holds bare paths and no host_column)
          simple_url_path  normalised path (docs/method.md: lower-case, no query, fragment, trailing or
                           repeated slash, index file)
          is_simple_url    true when an entry of the simple-URL list (or the depth rule) matches
          simple_url_rule  what matched: `exact:/blog`, `prefix:/account/`, `regex:...`, `depth<=1`, or null
        `url_column` may hold absolute URLs or paths. List entries are `exact` paths by default,
        `prefix` or `regex`, with an optional host for multi-site data. The depth rule (every path
        of `max_depth` segments or fewer is simple) is off unless `max_depth` or var
        `dark_social__simple_url_max_depth` is set, because a first-level path can be a deep
        article. Pass `normalized=true` when the columns already hold normalised paths and hosts
        (as staging writes them), so they are not decoded a second time. Example, on any model:

            with pages as (
                {{ dark_social.simple_urls(ref('my_pageviews'), 'page_url') }}
            )
            select * from pages where not is_simple_url
    -#}
    {{ return(adapter.dispatch('simple_urls', 'dark_social')(relation, url_column, host_column, simple_urls_relation, max_depth, normalized)) }}
{%- endmacro %}

{% macro default__simple_urls(relation, url_column, host_column, simple_urls_relation, max_depth, normalized) -%}
    {#- a user model calling this macro may omit the list: the shipped seed, or the one var `dark_social__seed_simple_urls` names -#}
    {%- set entries = simple_urls_relation if simple_urls_relation is not none else ref(dark_social.setting('dark_social__seed_simple_urls')) -%}
    {%- set depth = max_depth if max_depth is not none else dark_social.setting('dark_social__simple_url_max_depth') -%}
    {%- set is_absolute = dark_social.regexp_matches(url_column, '^[A-Za-z][A-Za-z0-9+.-]*://') -%}
    {%- set bare_path = dark_social.regexp_extract(url_column, '^([^?#]*)', 1) -%}
    {%- set raw_host = host_column if host_column else 'case when ' ~ is_absolute ~ ' then ' ~ dark_social.url_host(url_column) ~ ' end' -%}
    {%- set raw_path = 'case when ' ~ is_absolute ~ ' then ' ~ dark_social.url_path(url_column) ~ ' else ' ~ bare_path ~ ' end' -%}
    with
    dark_social_simple_url_input as (
        select
            *,
            {%- if normalized %}
            {{ host_column if host_column else 'cast(null as ' ~ dbt.type_string() ~ ')' }} as simple_url_host,
            {{ url_column }} as simple_url_path
            {%- else %}
            {{ dark_social.normalize_host(raw_host) }} as simple_url_host,
            {{ dark_social.normalize_path(raw_path) }} as simple_url_path
            {%- endif %}
        from {{ relation }}
    ),
    dark_social_simple_url_entries as (
        select
            nullif({{ dark_social.normalize_host('trim(host)') }}, '') as entry_host,
            {{ dark_social.rule_match_type() }} as entry_match_type,
            trim(pattern) as entry_pattern
        from {{ entries }}
    ),
    dark_social_simple_url_matched as (
    select
        dark_social_simple_url_input.*,
        {%- set match_rule -%}
            (
                select min(entry_match_type || ':' || entry_pattern)
                from dark_social_simple_url_entries
                where (entry_host is null or entry_host = dark_social_simple_url_input.simple_url_host)
                    and {{ dark_social.path_matches('entry_pattern', 'entry_match_type', 'dark_social_simple_url_input.simple_url_path') }}
            )
        {%- endset %}
        {%- if depth is not none %}
        {%- set depth_expression = dark_social.path_depth('dark_social_simple_url_input.simple_url_path') %}
        coalesce({{ match_rule }}, case when {{ depth_expression }} <= {{ depth }} then 'depth<={{ depth }}' end) as simple_url_rule
        {%- else %}
        {{ match_rule }} as simple_url_rule
        {%- endif %}
    from dark_social_simple_url_input
    )
    select
        *,
        (simple_url_rule is not null) as is_simple_url
    from dark_social_simple_url_matched
{%- endmacro %}

{% macro path_depth(path) -%}
    {#- Number of segments of a normalised path: `/` is 0, `/blog` 1, `/blog/post` 2. -#}
    case when {{ path }} = '/' then 0
        else {{ dbt.length(path) }} - {{ dbt.length(dbt.replace(path, "'/'", "''")) }}
    end
{%- endmacro %}
