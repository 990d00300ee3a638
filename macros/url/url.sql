{#-
    URL parsing and normalisation, written once and used by staging (page and referrer URLs)
    and by `is_simple_url`. The split follows RFC 3986, appendix B:
        scheme ":" ["//" authority] path ["?" query] ["#" fragment]
    Every regular expression goes through the dispatched `regexp_*` macros.
-#}

{% macro url_scheme(url) -%}
    lower({{ dark_social.regexp_extract(url, '^([A-Za-z][A-Za-z0-9+.-]*):', 1) }})
{%- endmacro %}

{% macro url_host(url) -%}
    {#- authority without user info and port; a bracketed IPv6 address whole (`[2001:db8::1]`) -#}
    {{ dark_social.regexp_extract(url, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?(\\[[0-9A-Fa-f:.]*\\]|[^/?#:]*)', 1) }}
{%- endmacro %}

{% macro url_path(url) -%}
    {{ dark_social.regexp_extract(url, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?#]*)', 1) }}
{%- endmacro %}

{% macro url_query(url) -%}
    {{ dark_social.regexp_extract(url, '^[^?#]*[?]([^#]*)', 1) }}
{%- endmacro %}

{% macro url_fragment(url) -%}
    {{ dark_social.regexp_extract(url, '#(.*)$', 1) }}
{%- endmacro %}

{% macro normalize_host(host) -%}
    {#- lower-case, no trailing dot, no leading `www.` (nor www2., www3. ...) -#}
    {{ dark_social.regexp_replace_all('lower(' ~ host ~ ')', '^www[0-9]*[.]|[.]$', '') }}
{%- endmacro %}

{% macro normalize_path(path) -%}
    {#-
        docs/method.md, "Simple URLs": decode safe percent-escapes, lower-case, drop path
        parameters (`/about;jsessionid=x` is `/about`), collapse repeated slashes, remove dot
        segments (`/./about` and `/x/../about` are `/about`; RFC 3986 section 5.2.4, up to two
        nested `..` per path), treat index files as their folder, drop a trailing slash except on `/`.
        An empty path is `/`.
    -#}
    {%- set index_pages = dark_social.setting('dark_social__index_pages') -%}
    {%- set decoded = 'lower(' ~ dark_social.url_decode(path) ~ ')' -%}
    {%- set without_parameters = dark_social.regexp_replace_all(decoded, ';[^/]*', '') -%}
    {%- set collapsed = dark_social.regexp_replace_all(without_parameters, '/{2,}', '/') -%}
    {#- `.` segments go; then each `segment/..` pair, innermost first; `..` above the root goes too -#}
    {%- set ns = namespace(path=dark_social.regexp_replace_all(collapsed, '/[.](/[.])*(/|$)', '/')) -%}
    {%- for _ in range(2) -%}
        {%- set ns.path = dark_social.regexp_replace_all(ns.path, '/([^/.][^/]*|[.][^/.][^/]*|[.][.][^/]+)/[.][.](/|$)', '/') -%}
    {%- endfor -%}
    {%- set collapsed = dark_social.regexp_replace_all(ns.path, '^(/[.][.])+(/|$)', '/') -%}
    {%- if index_pages | length > 0 -%}
        {%- set escaped = [] -%}
        {%- for page in index_pages -%}{%- do escaped.append(page | lower | replace('.', '[.]')) -%}{%- endfor -%}
        {%- set collapsed = dark_social.regexp_replace_all(collapsed, '/(' ~ escaped | join('|') ~ ')$', '/') -%}
    {%- endif -%}
    coalesce(nullif({{ dark_social.regexp_replace_all(collapsed, '(.)/+$', '\\1') }}, ''), '/')
{%- endmacro %}

{% macro query_parameter(query, name) -%}
    {#-
        Raw (still percent-encoded) value of the first `name=` parameter of a query string
        (given without `?`); null when absent or empty. Decode it with `decode_query_value`
        in a later CTE, so the extraction is not repeated inside the decoding expression.
    -#}
    {{ dark_social.regexp_extract(query, '(?:^|&)' ~ name ~ '=([^&]*)', 1) }}
{%- endmacro %}

{% macro decode_query_value(value) -%}
    {{ dark_social.url_decode("replace(" ~ value ~ ", '+', ' ')") }}
{%- endmacro %}


{% macro url_decode(string) -%}
    {{ return(adapter.dispatch('url_decode', 'dark_social')(string)) }}
{%- endmacro %}

{% macro reserved_escape_pattern() -%}
    {#- Escapes of the delimiters `/ ? # &`: text holding one is never decoded (it would change the URL's structure). -#}
    {{ return('%(2[fF]|3[fF]|23|26)') }}
{%- endmacro %}

{% macro default__url_decode(string) -%}
    {{ string }}
{%- endmacro %}

{% macro duckdb__url_decode(string) -%}
    {#- Keep escapes of reserved delimiters; decode the rest; keep the text as it is when it does not decode. -#}
    case
        when {{ string }} is null or strpos({{ string }}, '%') = 0 then {{ string }}
        when {{ dark_social.regexp_matches(string, dark_social.reserved_escape_pattern()) }} then {{ string }}
        else coalesce(try(url_decode({{ string }})), {{ string }})
    end
{%- endmacro %}


{% macro utf8_percent_sequence_pattern() -%}
    {#- A percent-encoded UTF-8 character (upper-case hex), NUL excluded: what decodes to valid text. -#}
    {%- set c = '%[89AB][0-9A-F]' -%}
    {{ return('%(0[1-9A-F]|[1-7][0-9A-F])'
        ~ '|%(C[2-9A-F]|D[0-9A-F])' ~ c
        ~ '|%E0%[AB][0-9A-F]' ~ c
        ~ '|%(E[1-9A-CEF])' ~ c ~ c
        ~ '|%ED%[89][0-9A-F]' ~ c
        ~ '|%F0%[9AB][0-9A-F]' ~ c ~ c
        ~ '|%F[1-3]' ~ c ~ c ~ c
        ~ '|%F4%8[0-9A-F]' ~ c ~ c) }}
{%- endmacro %}

{#-
    PostgreSQL has no URL decoder: split the text into escapes and runs of other characters,
    turn each escape into its byte, and read the bytes as UTF-8. Text whose escapes do not form
    valid UTF-8 (or would decode to NUL, which PostgreSQL text cannot hold) is kept as it is, like
    DuckDB keeps text it cannot decode. A `%` not followed by two hex digits stays a `%`.
-#}
{% macro postgres__url_decode(string) -%}
    case
        when {{ string }} is null or strpos({{ string }}, '%') = 0 then {{ string }}
        when {{ dark_social.regexp_matches(string, dark_social.reserved_escape_pattern()) }} then {{ string }}
        when {{ dark_social.regexp_replace_all('upper(' ~ string ~ ')', dark_social.utf8_percent_sequence_pattern(), '') }}
            ~ '%[0-9A-F]{2}' then {{ string }}
        else (
            select convert_from(
                string_agg(
                    case
                        when dark_social_piece.token[1] ~ '^%[0-9A-Fa-f]{2}$' then decode(substr(dark_social_piece.token[1], 2), 'hex')
                        else convert_to(dark_social_piece.token[1], 'UTF8')
                    end,
                    ''::bytea
                    order by dark_social_piece.position
                ),
                'UTF8'
            )
            from regexp_matches({{ string }}, '%[0-9A-Fa-f]{2}|[^%]+|%', 'g')
                with ordinality as dark_social_piece (token, position)
        )
    end
{%- endmacro %}

{#-
    Spark's try_url_decode reads `+` as a space (DuckDB's url_decode does not: `+` is escaped
    first) and writes U+FFFD for bytes that are not UTF-8 (DuckDB fails: the text is kept).
-#}
{% macro spark__url_decode(string) -%}
    case
        when {{ string }} is null or instr({{ string }}, '%') = 0 then {{ string }}
        when {{ dark_social.regexp_matches(string, dark_social.reserved_escape_pattern()) }} then {{ string }}
        when {{ dark_social.regexp_matches('upper(' ~ string ~ ')', '%[0-9A-F]{2}') }}
            and {{ dark_social.regexp_replace_all('upper(' ~ string ~ ')', dark_social.utf8_percent_sequence_pattern(), '') }}
                rlike '%[0-9A-F]{2}' then {{ string }}
        else coalesce(try_url_decode(replace({{ string }}, '+', '%2B')), {{ string }})
    end
{%- endmacro %}


{% macro url_with_allowed_parameters(scheme, host, path, query, allowed=none) -%}
    {#-
        Rebuilds a page URL for the marts from its normalised parts, keeping only the query
        parameters of the allow-list (var `dark_social__allowed_query_parameters`), in the
        allow-list's order, still percent-encoded, each value redacted (`redact_segments`: an
        e-mail address in `?ref=` is `{email}`); the fragment is dropped.
    -#}
    {%- set parameters = allowed if allowed is not none else dark_social.setting('dark_social__allowed_query_parameters') -%}
    {%- set base = "coalesce(" ~ scheme ~ ", 'https') || '://' || coalesce(" ~ host ~ ", '') || coalesce(" ~ path ~ ", '/')" -%}
    {%- if parameters | length == 0 -%}
        {{ base }}
    {%- else -%}
        {%- set pieces = [] -%}
        {%- set patterns = dark_social.redaction_patterns() -%}
        {%- for parameter in parameters -%}
            {%- set value = dark_social.redact_segments(dark_social.query_parameter(query, parameter), patterns) -%}
            {%- do pieces.append("coalesce('&" ~ parameter ~ "=' || " ~ value ~ ", '')") -%}
        {%- endfor -%}
        {%- set kept = pieces | join(' || ') -%}
        case
            when ({{ kept }}) = '' then {{ base }}
            else {{ base }} || '?' || {{ dbt.right('(' ~ kept ~ ')', dbt.length('(' ~ kept ~ ')') ~ ' - 1') }}
        end
    {%- endif -%}
{%- endmacro %}
