{% macro setting(name) -%}
    {#-
        A var read by a macro that user projects may call on their own models (the simple-URL
        macro and the URL, referrer and key macros it builds on). Inside the package every var
        has its default in dbt_project.yml; a model of another project sees only that project's
        vars, so these macros fall back to the same defaults, listed here once
        (tests_python/test_conventions.py checks they equal dbt_project.yml's). Models of the
        package call `var()` directly.
    -#}
    {%- set defaults = {
        'dark_social__index_pages': ['index.html', 'index.htm', 'index.php', 'index.asp', 'index.aspx',
                                     'index.jsp', 'default.aspx', 'default.asp'],
        'dark_social__internal_hosts': [],
        'dark_social__allowed_query_parameters': ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term',
                                                  'utm_content', 'ref', 'page'],
        'dark_social__simple_url_max_depth': none,
        'dark_social__seed_simple_urls': 'dark_social_simple_urls',
        'dark_social__seed_redaction_patterns': 'dark_social_redaction_patterns',
        'dark_social__client_id_salt': env_var('DARK_SOCIAL_CLIENT_ID_SALT', 'dark_social'),
        'dark_social__earliest_hit_date': '2000-01-01',
    } -%}
    {%- if name not in defaults -%}
        {{ exceptions.raise_compiler_error("dark_social.setting: '" ~ name ~ "' is not a setting of the user-facing macros; models call var('" ~ name ~ "').") }}
    {%- endif -%}
    {{ return(var(name, defaults[name])) }}
{%- endmacro %}
