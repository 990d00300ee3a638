{% macro rule_seed(name) -%}
    {#-
        The relation holding one of the classification lists. Each ships as a seed
        (`dark_social_<name>`); a user replaces it without forking by pointing var
        `dark_social__seed_<name>` at a seed or model of their own with the same columns.
    -#}
    {%- set known = ['simple_urls', 'referrer_sources', 'user_agents', 'click_ids', 'share_sources', 'campaign_pages'] -%}
    {%- if name not in known -%}
        {{ exceptions.raise_compiler_error("dark_social.rule_seed: unknown list '" ~ name ~ "'; known: " ~ known | join(', ')) }}
    {%- endif -%}
    {{ return(ref(var('dark_social__seed_' ~ name, 'dark_social_' ~ name))) }}
{%- endmacro %}
