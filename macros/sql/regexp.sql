{#- Regular expressions: every engine spells them differently, so each is dispatched. -#}

{% macro regexp_extract(string, pattern, group=1) -%}
    {{ return(adapter.dispatch('regexp_extract', 'dark_social')(string, pattern, group)) }}
{%- endmacro %}

{% macro default__regexp_extract(string, pattern, group) -%}
    nullif(regexp_extract({{ string }}, {{ dark_social.sql_string_literal(pattern) }}, {{ group }}), '')
{%- endmacro %}

{% macro postgres__regexp_extract(string, pattern, group) -%}
    nullif((regexp_match({{ string }}, {{ dark_social.sql_string_literal(pattern) }}))[{{ group }}], '')
{%- endmacro %}

{% macro snowflake__regexp_extract(string, pattern, group) -%}
    nullif(regexp_substr({{ string }}, {{ dark_social.sql_string_literal(pattern) }}, 1, 1, 'e', {{ group }}), '')
{%- endmacro %}

{% macro bigquery__regexp_extract(string, pattern, group) -%}
    {#- BigQuery returns the single capture group; wrap the wanted group as the only capturing one. -#}
    nullif(regexp_extract({{ string }}, {{ dark_social.sql_string_literal(dark_social._only_group(pattern, group)) }}), '')
{%- endmacro %}

{% macro _only_group(pattern, group) -%}
    {#- Turns every capturing group but the `group`-th into a non-capturing one. -#}
    {%- set ns = namespace(out='', n=0, escaped=false) -%}
    {%- for ch in pattern -%}
        {%- if ns.escaped -%}
            {%- set ns.out = ns.out ~ ch -%}{%- set ns.escaped = false -%}
        {%- elif ch == '\\' -%}
            {%- set ns.out = ns.out ~ ch -%}{%- set ns.escaped = true -%}
        {%- elif ch == '(' and pattern[loop.index0 + 1:loop.index0 + 2] != '?' -%}
            {%- set ns.n = ns.n + 1 -%}
            {%- set ns.out = ns.out ~ ('(' if ns.n == group else '(?:') -%}
        {%- else -%}
            {%- set ns.out = ns.out ~ ch -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(ns.out) }}
{%- endmacro %}


{% macro regexp_replace_all(string, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'dark_social')(string, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(string, pattern, replacement) -%}
    regexp_replace({{ string }}, {{ dark_social.sql_string_literal(pattern) }}, {{ dark_social.sql_string_literal(replacement) }}, 'g')
{%- endmacro %}

{% macro spark__regexp_replace_all(string, pattern, replacement) -%}
    regexp_replace({{ string }}, {{ dark_social.sql_string_literal(pattern) }}, {{ dark_social.sql_string_literal(replacement | replace('\\', '$')) }})
{%- endmacro %}

{% macro bigquery__regexp_replace_all(string, pattern, replacement) -%}
    regexp_replace({{ string }}, {{ dark_social.sql_string_literal(pattern) }}, {{ dark_social.sql_string_literal(replacement) }})
{%- endmacro %}

{% macro snowflake__regexp_replace_all(string, pattern, replacement) -%}
    regexp_replace({{ string }}, {{ dark_social.sql_string_literal(pattern) }}, {{ dark_social.sql_string_literal(replacement) }})
{%- endmacro %}


{% macro regexp_matches(string, pattern, ignore_case=false) -%}
    {#- `pattern` is a regular expression given as text (quoted here); `ignore_case` matches any case. -#}
    {%- if ignore_case -%}
        {{ return(dark_social.regexp_matches_ignoring_case(string, pattern)) }}
    {%- endif -%}
    {{ return(dark_social.matches_regex(string, dark_social.sql_string_literal(pattern))) }}
{%- endmacro %}

{% macro regexp_matches_ignoring_case(string, pattern) -%}
    {{ return(adapter.dispatch('regexp_matches_ignoring_case', 'dark_social')(string, pattern)) }}
{%- endmacro %}

{% macro default__regexp_matches_ignoring_case(string, pattern) -%}
    {#- RE2 and most engines read the inline flag. -#}
    {{ return(dark_social.matches_regex(string, dark_social.sql_string_literal('(?i)' ~ pattern))) }}
{%- endmacro %}

{% macro postgres__regexp_matches_ignoring_case(string, pattern) -%}
    {#- PostgreSQL regular expressions take no inline (?i) flag: the case-insensitive operator. -#}
    ({{ string }} ~* {{ dark_social.sql_string_literal(pattern) }})
{%- endmacro %}

{% macro snowflake__regexp_matches_ignoring_case(string, pattern) -%}
    regexp_like({{ string }}, '.*(' || {{ dark_social.sql_string_literal(pattern) }} || ').*', 'is')
{%- endmacro %}

{% macro matches_regex(string, pattern_expression) -%}
    {#- `pattern_expression` is a SQL expression, e.g. a seed column holding patterns. -#}
    {{ return(adapter.dispatch('matches_regex', 'dark_social')(string, pattern_expression)) }}
{%- endmacro %}

{% macro default__matches_regex(string, pattern_expression) -%}
    regexp_matches({{ string }}, {{ pattern_expression }})
{%- endmacro %}

{% macro postgres__matches_regex(string, pattern_expression) -%}
    ({{ string }} ~ {{ pattern_expression }})
{%- endmacro %}

{% macro spark__matches_regex(string, pattern_expression) -%}
    ({{ string }} rlike {{ pattern_expression }})
{%- endmacro %}

{% macro bigquery__matches_regex(string, pattern_expression) -%}
    regexp_contains({{ string }}, {{ pattern_expression }})
{%- endmacro %}

{% macro snowflake__matches_regex(string, pattern_expression) -%}
    regexp_like({{ string }}, '.*(' || {{ pattern_expression }} || ').*', 's')
{%- endmacro %}


{% macro sql_string_literal(value) -%}
    {{ return(adapter.dispatch('sql_string_literal', 'dark_social')(value)) }}
{%- endmacro %}

{% macro sql_string_list(values, lower=false) -%}
    {#- A comma-separated list of text literals, for `in (...)`: `'a', 'b'` (lower-cased when `lower`). -#}
    {%- set literals = [] -%}
    {%- for value in values -%}
        {%- do literals.append(dark_social.sql_string_literal(value | string | lower if lower else value | string)) -%}
    {%- endfor -%}
    {{ return(literals | join(', ')) }}
{%- endmacro %}

{% macro default__sql_string_literal(value) -%}
    '{{ value | replace("'", "''") }}'
{%- endmacro %}

{#- Spark and BigQuery read backslashes in string literals as escapes: double them. -#}
{% macro spark__sql_string_literal(value) -%}
    '{{ value | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}

{% macro bigquery__sql_string_literal(value) -%}
    '{{ value | replace("\\", "\\\\") | replace("'", "\\'") }}'
{%- endmacro %}
