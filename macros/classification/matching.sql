{#- How an entry of a rule list matches a value. One macro per list kind, so a change is made once. -#}

{% macro rule_match_type(column='match_type') -%}
    {#- A rule list's `match_type` as the matching macros compare it (every list, one spelling). -#}
    lower(trim({{ column }}))
{%- endmacro %}

{% macro user_agent_matches(token, match_type, user_agent) -%}
    {#- A user-agent signature row matches: `contains` is a case-sensitive substring, `regex` a regular expression. -#}
    {{ return(adapter.dispatch('user_agent_matches', 'dark_social')(token, match_type, user_agent)) }}
{%- endmacro %}

{% macro default__user_agent_matches(token, match_type, user_agent) -%}
    (
        ({{ match_type }} = 'contains' and {{ dbt.position(token, user_agent) }} > 0)
        or ({{ match_type }} = 'regex' and {{ dark_social.matches_regex(user_agent, token) }})
    )
{%- endmacro %}


{% macro host_matches(entry_host, match_type, host) -%}
    {#- A referrer-source row matches a normalised host: `exact`, `suffix` (the domain or any subdomain), or `regex`. -#}
    {{ return(adapter.dispatch('host_matches', 'dark_social')(entry_host, match_type, host)) }}
{%- endmacro %}

{% macro default__host_matches(entry_host, match_type, host) -%}
    (
        ({{ match_type }} in ('exact', 'suffix') and {{ host }} = {{ entry_host }})
        or ({{ match_type }} = 'suffix'
            and {{ dbt.right(host, dbt.length(entry_host) ~ ' + 1') }} = {{ dbt.concat(["'.'", entry_host]) }})
        or ({{ match_type }} = 'regex' and {{ dark_social.matches_regex(host, entry_host) }})
    )
{%- endmacro %}


{% macro path_matches(pattern, match_type, path) -%}
    {#- A path-list row (simple URLs, campaign pages) matches a normalised path: `exact`, `prefix` or `regex`. -#}
    {{ return(adapter.dispatch('path_matches', 'dark_social')(pattern, match_type, path)) }}
{%- endmacro %}

{% macro default__path_matches(pattern, match_type, path) -%}
    (
        ({{ match_type }} = 'exact' and {{ path }} = {{ pattern }})
        or ({{ match_type }} = 'prefix' and {{ dbt.position(pattern, path) }} = 1)
        or ({{ match_type }} = 'regex' and {{ dark_social.matches_regex(path, pattern) }})
    )
{%- endmacro %}

{% macro path_match_rank(pattern, match_type) -%}
    {#- Order of preference when several path rows match: exact, then the longest prefix, then regex. -#}
    case {{ match_type }} when 'exact' then 0 when 'prefix' then 100000 - {{ dbt.length(pattern) }} else 200000 end
{%- endmacro %}


{% macro user_agent_types(agents, signatures) -%}
    {#-
        A select of the best-ranked signature of each distinct user agent of `agents` (a relation
        or CTE with a `user_agent` column, one row per agent): `user_agent`, `agent_type`, `app`.
        `signatures` is the user-agent rule list (seed `dark_social_user_agents`, or var
        `dark_social__seed_user_agents`); the lowest priority, then the token, wins. Agents
        matching no signature are left out. Used by classification and by the link-preview
        fetches, so both read one list the same way.
    -#}
    select user_agent, agent_type, app
    from (
        select
            agents.user_agent,
            signatures.agent_type,
            signatures.app,
            row_number() over (
                partition by agents.user_agent
                order by signatures.priority, {{ dark_social.byte_order('signatures.token') }}
            ) as match_rank
        from {{ agents }} as agents
        inner join (
            select
                token,
                {{ dark_social.rule_match_type() }} as match_type,
                lower(trim(agent_type)) as agent_type,
                app,
                cast(priority as {{ dbt.type_int() }}) as priority
            from {{ signatures }}
        ) as signatures
            on {{ dark_social.user_agent_matches('signatures.token', 'signatures.match_type', 'agents.user_agent') }}
    ) as ranked_matches
    where match_rank = 1
{%- endmacro %}
