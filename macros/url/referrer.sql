{% macro is_external_referrer(referrer_host, page_host, internal_hosts=none) -%}
    {#-
        True when a hit's referrer is another site: a referrer host that is neither the hit's own
        host nor one of the site's hosts (var `dark_social__internal_hosts`, normalised hosts).
        Hosts are compared normalised (lower-case, no `www.`), as staging writes them.
    -#}
    {%- set hosts = internal_hosts if internal_hosts is not none else dark_social.setting('dark_social__internal_hosts') -%}
    ({{ referrer_host }} is not null
        and {{ referrer_host }} <> coalesce({{ page_host }}, '')
        {%- if hosts | length > 0 %}
        and {{ referrer_host }} not in ({{ dark_social.sql_string_list(hosts, lower=true) }})
        {%- endif %})
{%- endmacro %}
