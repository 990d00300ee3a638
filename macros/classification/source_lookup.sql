{#-
    The one lookup of a source name in the referrer-source list (seed dark_social_referrer_sources,
    Google's GA4 source-category list plus the package's additions): the same for a `utm_source`,
    a referrer host, an Android package and a click id's source, whatever its form (bare name
    `facebook`, host `m.facebook.com`, a subdomain of a listed host). Case never matters: names and
    list entries are compared lower-case, as GA4 compares channel-group conditions ("The match is
    case insensitive", Admin API ChannelGroupFilter), and a list entry must equal the name (GA4's
    "matches a list"), not merely occur in it. docs/method.md, "Source names".
-#}

{% macro source_lookup_key(name) -%}
    {#- A source name as the lookup compares it: trimmed, lower-case, no leading `www.` nor trailing dot. -#}
    {{ dark_social.normalize_host('trim(' ~ name ~ ')') }}
{%- endmacro %}

{% macro source_match_rank(entry_host, match_type, entry_source, name) -%}
    {#-
        Preference when several entries match one name, most specific first: an entry equal to the
        name (an `exact` host or Google's bare name), then an entry whose clean `source` is the name
        (`gmail`), then the longest `suffix` rule, then a `regex`.
    -#}
    case
        when {{ match_type }} = 'exact' and {{ name }} = {{ entry_host }} then 0
        when {{ name }} = {{ entry_source }} then 1
        when {{ match_type }} = 'suffix' then 1000 - {{ dbt.length(entry_host) }}
        else 2000
    end
{%- endmacro %}

{% macro source_lookup(names, entries) -%}
    {#-
        A select of the best entry of each name of `names` (a relation or CTE with one row per
        distinct `name`, already `source_lookup_key`ed): `name`, `source`, `medium`,
        `source_category`. `entries` has the referrer-source list's columns, hosts lower-case
        (regex rows as written). Names no entry matches are left out.
    -#}
    select name, source, medium, source_category
    from (
        select
            source_names.name,
            list_entries.source,
            list_entries.medium,
            list_entries.source_category,
            row_number() over (
                partition by source_names.name
                order by
                    {{ dark_social.source_match_rank('list_entries.host', 'list_entries.match_type', 'list_entries.source', 'source_names.name') }},
                    {{ dark_social.byte_order('list_entries.host') }},
                    {{ dark_social.byte_order('list_entries.source') }}
            ) as match_rank
        from {{ names }} as source_names
        inner join {{ entries }} as list_entries
            on {{ dark_social.host_matches('list_entries.host', 'list_entries.match_type', 'source_names.name') }}
            or source_names.name = list_entries.source
    ) as ranked_entries
    where match_rank = 1
{%- endmacro %}
