{#-
    Redaction of personal data in URL parts before anything is stored downstream (README,
    "Privacy"): every path segment, host or allowed query value that matches a pattern of the
    redaction list (seed `dark_social_redaction_patterns`, or the relation var
    `dark_social__seed_redaction_patterns` names) is replaced whole by the pattern's placeholder
    (`{email}`, `{token}`, `{ip}`, `{phone}`, `{id}`). Patterns are tried in `priority` order;
    a replaced segment matches no later pattern. The regular expressions go through the
    dispatched `regexp_replace_all`, so they run on every engine.
-#}

{% macro redaction_patterns() -%}
    {#-
        The (pattern, placeholder) pairs of the redaction list, in priority order, read when the
        model runs. The list is a seed, so `dbt build` loads it before any model that redacts.
        Where no warehouse is at hand (`dbt parse`, `dbt ls`, the offline renderings of lint/ and
        engines/) the list is empty; a run or build without the loaded list stops with what to do.
    -#}
    {#- a unit test gives its model's inputs as fixtures: it runs with no redaction (and no ref to the list) -#}
    {%- if model is defined and model is mapping and model.get('resource_type') == 'unit_test' -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set relation = ref(dark_social.setting('dark_social__seed_redaction_patterns')) -%}
    {%- if not execute -%}{{ return([]) }}{%- endif -%}
    {%- set found = adapter.get_relation(relation.database, relation.schema, relation.identifier) -%}
    {%- if found is none -%}
        {%- if flags.WHICH in ('run', 'build') -%}
            {{ exceptions.raise_compiler_error(
                "dark_social: the redaction list " ~ relation ~ " is not loaded, and URL paths, hosts and "
                ~ "query values are redacted with it before any model stores them. Run `dbt seed` (or `dbt build`, "
                ~ "which loads seeds first), or point var dark_social__seed_redaction_patterns at your own list.") }}
        {%- endif -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set result = run_query(
        'select pattern, placeholder from ' ~ relation
        ~ ' where pattern is not null and placeholder is not null order by priority, placeholder, pattern') -%}
    {%- set patterns = [] -%}
    {%- for row in result.rows -%}
        {%- do patterns.append((row[0] | trim, row[1] | trim)) -%}
    {%- endfor -%}
    {{ return(patterns) }}
{%- endmacro %}


{% macro redact_segments(expression, patterns=none) -%}
    {#-
        `expression` (a path, a host or a query value) with every `/`-separated segment that
        matches a redaction pattern in full replaced by its placeholder; null stays null.
        Each segment is wrapped in its own pair of slashes (`/a/b` -> `///a//b/`), so that one
        regular expression per pattern, anchored on the slashes, replaces whole segments only
        and adjacent segments never share a delimiter; the wrapping is removed afterwards.
        A pattern must therefore not match `/` (write `[^/]`, not `.`).
    -#}
    {%- set pairs = patterns if patterns is not none else dark_social.redaction_patterns() -%}
    {%- if pairs | length == 0 -%}
        {{ return(expression) }}
    {%- endif -%}
    {%- set ns = namespace(sql="'/' || replace(" ~ expression ~ ", '/', '//') || '/'") -%}
    {%- for pattern, placeholder in pairs -%}
        {%- set ns.sql = dark_social.regexp_replace_all(ns.sql, '/(' ~ pattern ~ ')/', '/' ~ placeholder ~ '/') -%}
    {%- endfor -%}
    {{ return("replace(" ~ dark_social.regexp_replace_all(ns.sql, '^/|/$', '') ~ ", '//', '/')") }}
{%- endmacro %}
