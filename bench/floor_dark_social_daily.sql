-- Benchmark floor: fct_dark_social_daily as one hand-written DuckDB query, straight from the raw
-- Parquet hits and the rule seed CSVs (placeholders `hits` and `seeds`, filled in with str.format,
-- hence the doubled braces). Same rules as the dbt models with the default vars: 30-minute timeout,
-- no midnight or source split, reporting time zone UTC, no internal hosts, default click-id
-- parameters and index pages, max field length 8192, future tolerance 60 minutes. hit_at is read as
-- a naive UTC TIMESTAMP column, as the generated hits store it. Checked by bench/check_floor.py.
--
-- How it is kept cheap:
--   * a raw hit gets only what validation, dedup and sessionization need: trimmed ids, a strlen
--     fast path for the length limit, and an anchored regex on the untrimmed page URL for
--     "http(s) URL with a host" (a plain ASCII test first, the exact space-aware test only when
--     that one fails); page URL, referrer and agent are trimmed only where they are used;
--   * dedup: copies are rare, so keys seen twice are found on a 64-bit hash of hit_key (a hash
--     collision only adds candidates) and only those rows are ranked, on the real hit_key;
--   * sessionization: one lag() window carrying only (client, time, key, row id); the landing hit
--     of a session is the hit that starts it, so no running sum and no per-session grouping;
--   * landing hits fetch their URL, referrer and agent by row id, and all URL / referrer / agent
--     work (regexes, seed lists) runs once per distinct value, never per hit.
with

-- ---- raw hits and validation: any row with a quarantine reason is left out -------------------------
-- Staging trims every text field; DuckDB's trim strips exactly the Unicode space separators
-- (category Zs). Ids are trimmed here; page URL, referrer and agent only where they are used: on
-- the distinct values of landing hits, in the rare copy ranking and hash key, in the length check.
raw as (
    select
        (file_index << 40) | file_row_number as rid,
        nullif(trim(hit_id), '') as hid,
        cast(hit_at as timestamp) as ts,
        nullif(trim(client_id), '') as cid,
        page_url,
        referrer_url,
        user_agent,
        event_name,
        -- field_too_large fast path: strlen (bytes, untrimmed) bounds length (characters, trimmed)
        greatest(strlen(hit_id), strlen(client_id), strlen(event_name), strlen(page_url), strlen(referrer_url),
            strlen(user_agent)) > 8192 as maybe_too_large
    from read_parquet('{hits}')
),

valid as materialized (
    select
        rid,
        coalesce(
            hid,
            md5(cid || '|' || coalesce(cast(ts as varchar), '') || '|' || trim(page_url) || '|'
                || coalesce(trim(referrer_url), '') || '|' || coalesce(trim(user_agent), '') || '|'
                || coalesce(nullif(trim(event_name), ''), 'page_view'))
        ) as hit_key,
        ts, cid, page_url, referrer_url, user_agent
    from raw
    where ts is not null                                                           -- missing_timestamp
        and ts <= cast(timezone('UTC', now()) as timestamp) + interval 60 minute   -- future_timestamp
        and cid is not null                                                        -- missing_client_id
        and (not maybe_too_large                                                   -- field_too_large
            or (coalesce(length(hid), 0) <= 8192 and length(cid) <= 8192
                and coalesce(length(ltrim(rtrim(event_name))), 0) <= 8192
                -- (ltrim(rtrim()) is trim; spelled apart so the optimizer does not hoist the trims out
                -- of this rare branch as subexpressions shared with the hash key)
                and length(ltrim(rtrim(page_url))) <= 8192
                and coalesce(length(ltrim(rtrim(referrer_url))), 0) <= 8192
                and coalesce(length(ltrim(rtrim(user_agent))), 0) <= 8192))
        -- missing_page_url / non_web_scheme / unparseable_page_url, on the untrimmed URL: after
        -- leading spaces, scheme http(s) and a non-empty host as staging's regex
        -- `^scheme://(?:[^/?#@]*@)?([^/?#:]*)` extracts it from the trimmed URL (user info runs to
        -- the first `@` of the authority; the host's first character must survive the right trim,
        -- i.e. be no space or have a non-space after it). The ASCII-only first test settles the
        -- usual URL (host starting with a letter or digit) without Unicode classes.
        and (regexp_matches(page_url, '^[Hh][Tt][Tt][Pp][Ss]?://(?:[^/?#@]*@[A-Za-z0-9]|[A-Za-z0-9][^/?#@]*(?:[/?#]|$))')
            or regexp_matches(page_url,
                '^\p{{Zs}}*[Hh][Tt][Tt][Pp][Ss]?://(?:'
                    || '[^/?#@]*@(?:[^/?#:\p{{Zs}}]|\p{{Zs}}(?s:.)*[^\p{{Zs}}])'
                    || '|[^/?#@:\p{{Zs}}][^/?#@]*(?:[/?#]|$)'
                    || '|\p{{Zs}}(?:[^/?#@]*[/?#]|[^/?#@]*[^/?#@\p{{Zs}}][^/?#@]*$)'
                || ')'))
),

-- ---- dedup: first copy of each hit_key by (hit_at, page_url, referrer_url, user_agent), nulls last --
-- Copies are rare: keys seen more than once are found on a 64-bit hash of hit_key (a collision only
-- adds candidates), and only their rows are ranked, on the real hit_key.
copied as (
    select hash(hit_key) as key_hash from valid group by key_hash having count(*) > 1
),

deduplicated as (
    select rid, hit_key, ts, cid
    from valid
    where hash(hit_key) not in (select key_hash from copied)
    union all
    select rid, hit_key, ts, cid
    from valid
    where hash(hit_key) in (select key_hash from copied)
    qualify row_number() over (
        partition by hit_key
        order by ts, trim(page_url), nullif(trim(referrer_url), ''), nullif(trim(user_agent), ''), cid
    ) = 1
),

-- ---- sessionization: a hit more than 30 minutes after the client's previous hit starts a session --
timeline as (
    select rid, ts, lag(ts) over (partition by cid order by ts, hit_key) as previous_ts
    from deduplicated
),

days as (
    select cast(min(ts) as date) as first_day, cast(max(ts) as date) as last_day from timeline
),

-- landing hits (first hit of each session), counted per distinct (day, page, referrer, agent) as stored
landings as materialized (
    select cast(ts as date) as session_date, page_url, referrer_url, user_agent, count(*) as n
    from valid
    where rid in (
        select rid from timeline
        where previous_ts is null or epoch_us(ts) - epoch_us(previous_ts) > 1800000000
    )
    group by all
),

-- ---- rule seeds ----------------------------------------------------------------------------------
ua_rules as (
    select token, lower(trim(match_type)) as match_type, lower(trim(agent_type)) as agent_type,
        cast(priority as integer) as priority
    from read_csv('{seeds}/dark_social_user_agents.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
),

referrer_rules as (
    select case when lower(trim(match_type)) = 'regex' then trim(host) else lower(trim(host)) end as host,
        lower(trim(match_type)) as match_type, lower(trim(source)) as source,
        lower(trim(medium)) as medium, lower(trim(source_category)) as source_category
    from read_csv('{seeds}/dark_social_referrer_sources.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
),

click_rules as (
    select trim(parameter) as parameter, lower(trim(source)) as source, lower(trim(medium)) as medium
    from read_csv('{seeds}/dark_social_click_ids.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
),

-- share sources that name an app (a row without app proves nothing)
share_rules as (
    select distinct lower(trim(utm_source)) as utm_source
    from read_csv('{seeds}/dark_social_share_sources.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
    where app is not null
),

simple_rules as (
    select
        nullif(regexp_replace(lower(trim(host)), '^www[0-9]*[.]|[.]$', '', 'g'), '') as host,
        lower(trim(match_type)) as match_type,
        trim(pattern) as pattern
    from read_csv('{seeds}/dark_social_simple_urls.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
),

-- ---- landing pages, once per distinct URL ----------------------------------------------------------
page_parts as (
    select
        page_url,
        parts.host,
        nullif(parts.path, '') as path_raw,
        nullif(parts.query, '') as query,
        case when contains(url, '#') then nullif(regexp_extract(url, '#(.*)$', 1), '') end as fragment
    from (
        select
            page_url,
            url,
            -- staging's url_host, url_path and url_query in one pass (same groups, same greedy choices)
            regexp_extract(url, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]*)[^/?#]*([^?#]*)(?:[?]([^#]*))?',
                ['host', 'path', 'query']) as parts
        from (select page_url, trim(page_url) as url from (select distinct page_url from landings))
    )
),

page_values as (
    select
        page_url,
        regexp_replace(lower(host), '^www[0-9]*[.]|[.]$', '', 'g') as host,
        path_raw,
        fragment,
        replace(nullif(regexp_extract(query, '(?:^|&)utm_source=([^&]*)', 1), ''), '+', ' ') as utm_source_raw,
        replace(nullif(regexp_extract(query, '(?:^|&)utm_medium=([^&]*)', 1), ''), '+', ' ') as utm_medium_raw,
        nullif(regexp_extract(query, '(?:^|&)utm_campaign=([^&]*)', 1), '') as utm_campaign_raw,
        nullif(regexp_extract(query, '(?:^|&)(gclid|gbraid|wbraid|dclid|msclkid|fbclid|ttclid|twclid|li_fat_id|epik|rdt_cid|yclid|igshid|igsh|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok)=[^&]', 1), '')
            as click_id_parameter
    from page_parts
),

pages as (
    select
        page_url,
        host,
        -- normalised path: decode safe escapes, lower-case, collapse slashes, index pages, trailing slash
        coalesce(nullif(regexp_replace(regexp_replace(regexp_replace(lower(case
                when path_raw is null or strpos(path_raw, '%') = 0 then path_raw
                when regexp_matches(path_raw, '%(2[fF]|3[fF]|23|26)') then path_raw
                else coalesce(try(url_decode(path_raw)), path_raw)
            end), '/{{2,}}', '/', 'g'),
            '/(index[.]html|index[.]htm|index[.]php|index[.]asp|index[.]aspx|index[.]jsp|default[.]aspx|default[.]asp)$', '/', 'g'),
            '(.)/+$', '\1', 'g'), ''), '/') as path,
        (utm_source_raw is not null or utm_medium_raw is not null or utm_campaign_raw is not null) as has_campaign_tags,
        lower(trim(case
            when utm_source_raw is null or strpos(utm_source_raw, '%') = 0 then utm_source_raw
            when regexp_matches(utm_source_raw, '%(2[fF]|3[fF]|23|26)') then utm_source_raw
            else coalesce(try(url_decode(utm_source_raw)), utm_source_raw)
        end)) as utm_source,
        lower(trim(case
            when utm_medium_raw is null or strpos(utm_medium_raw, '%') = 0 then utm_medium_raw
            when regexp_matches(utm_medium_raw, '%(2[fF]|3[fF]|23|26)') then utm_medium_raw
            else coalesce(try(url_decode(utm_medium_raw)), utm_medium_raw)
        end)) as utm_medium,
        click_id_parameter,
        case
            when fragment is null then null
            when regexp_matches(fragment, '^[.][A-Za-z0-9_-]{{11}}$') then 'copy'
            when regexp_matches(fragment, '^[.][A-Za-z0-9_-]{{11}}[.][A-Za-z0-9_]+$') then 'button'
            when regexp_matches(fragment, '^at_pco=') then 'copy'
            when regexp_matches(fragment, '^sthash[.][A-Za-z0-9]{{8}}[.]dpuf$') then 'copy'
            when regexp_matches(fragment, '^sthash[.][A-Za-z0-9]{{8}}[.]dpbs$') then 'button'
        end as share_fragment_kind,
        lower(nullif(regexp_extract(fragment, '^[.][A-Za-z0-9_-]{{11}}[.]([A-Za-z0-9_]+)$', 1), '')) as share_fragment_service
    from page_values
),

-- simple-URL rule, once per distinct (host, path), both already normalised above.
simple_input as (
    select
        host,
        path,
        host as match_host,
        path as match_path
    from (select distinct host, path from pages)
),

simple_pages as (
    select i.host, i.path
    from simple_input as i
    inner join simple_rules as r
        on r.match_type = 'exact' and i.match_path = r.pattern
    where r.host is null or r.host = i.match_host
    union
    select i.host, i.path
    from simple_input as i
    inner join simple_rules as r
        on (r.match_type = 'prefix' and starts_with(i.match_path, r.pattern))
        or (r.match_type = 'regex' and regexp_matches(i.match_path, r.pattern))
    where r.host is null or r.host = i.match_host
),

-- what the landing URL alone says, in the order of precedence (see `sessions` below):
--   early: campaign tags (tracked messaging when utm_source is a share source) or a click id,
--   late:  share fragment, then the deep-link rule
page_evidence as (
    select
        p.page_url,
        p.host,
        case
            when p.has_campaign_tags and p.utm_source in (select utm_source from share_rules) then 'tracked_messaging'
            when p.has_campaign_tags then 'campaign'
            when p.click_id_parameter is not null then 'click_id'
        end as early_origin,
        -- GA4 channel Direct (source '(direct)', medium '(none)' / '(not set)') when tags or a click id decide
        case
            when p.has_campaign_tags then
                coalesce(p.utm_source, '(not set)') = '(direct)' and coalesce(p.utm_medium, '(not set)') in ('(none)', '(not set)')
            when p.click_id_parameter is not null then
                coalesce(c.source, '') = '(direct)' and coalesce(c.medium, '') in ('(none)', '(not set)')
        end as early_is_direct,
        case
            when p.share_fragment_kind = 'copy' then 'dark_social'
            when p.share_fragment_kind = 'button' and p.share_fragment_service in (select utm_source from share_rules) then 'dark_social'
            when p.share_fragment_kind = 'button' then 'hidden_social'
            when s.path is null then 'dark_social'
            else 'direct'
        end as late_origin,
        p.share_fragment_kind is not null as has_share_fragment
    from pages as p
    left join click_rules as c on p.click_id_parameter = c.parameter
    left join simple_pages as s on p.host = s.host and p.path = s.path
),

-- ---- referrers: normalised host once per distinct referrer URL, then its best source row -------------
referrers as (
    select
        referrer_url,
        regexp_replace(lower(nullif(regexp_extract(trim(referrer_url), '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]*)', 1), '')),
            '^www[0-9]*[.]|[.]$', '', 'g') as referrer_host
    from (select distinct referrer_url from landings where referrer_url is not null)
),

referrer_sources as (
    select
        d.referrer_host,
        arg_min(
            {{'source': r.source, 'medium': r.medium, 'category': r.source_category}},
            {{'rank': case r.match_type when 'exact' then 0 when 'suffix' then 1000 - length(r.host) else 2000 end, 'host': r.host}}
        ) as best
    from (select distinct referrer_host from referrers where referrer_host is not null) as d
    inner join referrer_rules as r
        on ((r.match_type = 'exact' or r.match_type = 'suffix') and d.referrer_host = r.host)
        or (r.match_type = 'suffix' and ends_with(d.referrer_host, '.' || r.host))
        or (r.match_type = 'regex' and regexp_matches(d.referrer_host, r.host))
    group by d.referrer_host
),

referrer_evidence as (
    select
        f.referrer_url,
        f.referrer_host,
        s.best.category as referrer_category,
        -- GA4 channel Direct when an external referrer decides: source = its source or host, medium = its medium or 'referral'
        coalesce(s.best.source, f.referrer_host) = '(direct)' and coalesce(s.best.medium, 'referral') in ('(none)', '(not set)')
            as external_is_direct
    from referrers as f
    left join referrer_sources as s on f.referrer_host = s.referrer_host
),

-- ---- user agents: type of the best signature by (priority, token), once per distinct agent ---------
agents as (
    select d.user_agent, arg_min(r.agent_type, {{'priority': r.priority, 'token': r.token}}) as agent_type
    from (
        select user_agent, nullif(trim(user_agent), '') as ua
        from (select distinct user_agent from landings where user_agent is not null)
    ) as d
    inner join ua_rules as r
        on (r.match_type = 'contains' and contains(d.ua, r.token))
        or (r.match_type = 'regex' and regexp_matches(d.ua, r.token))
    group by d.user_agent
),

-- ---- sessions: the precedence of evidence (macros/classification/precedence.sql) ------------------
sessions as (
    select
        l.session_date,
        l.n,
        a.agent_type,
        f.referrer_host is not null and f.referrer_host = p.host as is_internal_referrer,
        f.referrer_host is not null and f.referrer_host <> p.host as has_external_referrer,
        f.referrer_category,
        f.external_is_direct,
        p.early_origin,
        p.early_is_direct,
        p.late_origin,
        p.has_share_fragment
    from landings as l
    inner join page_evidence as p on l.page_url = p.page_url
    left join referrer_evidence as f on l.referrer_url = f.referrer_url
    left join agents as a on l.user_agent = a.user_agent
),

classified as (
    select
        session_date,
        n,
        case
            when agent_type = 'link_preview' then 'link_preview'
            when agent_type = 'bot' then 'bot'
            when is_internal_referrer then 'internal'
            when early_origin is not null then early_origin
            when has_external_referrer then coalesce(referrer_category, 'referral')
            when agent_type = 'messaging_app' then 'dark_social'
            when agent_type = 'social_app' then 'hidden_social'
            when agent_type = 'search_app' then 'search_app'
            else late_origin
        end as traffic_origin,
        case
            when is_internal_referrer then true
            when early_origin is not null then early_is_direct
            when has_external_referrer then external_is_direct
            else true
        end as is_direct,
        -- dark social confidence: high when an in-app browser or a share fragment proves it, medium
        -- for the deep-link rule alone
        coalesce(agent_type = 'messaging_app', false) or has_share_fragment as is_proven
    from sessions
),

daily as (
    select
        session_date,
        sum(n) as sessions,
        sum(n) filter (where is_direct) as direct_sessions,
        sum(n) filter (where traffic_origin = 'dark_social') as dark_social_sessions,
        sum(n) filter (where traffic_origin = 'dark_social' and is_proven) as dark_social_sessions_high,
        sum(n) filter (where traffic_origin = 'dark_social' and not is_proven) as dark_social_sessions_medium,
        sum(n) filter (where traffic_origin = 'tracked_messaging') as tracked_messaging_sessions
    from classified
    where traffic_origin not in ('bot', 'link_preview')    -- fct_dark_social_sessions leaves bots and link previews out
    group by session_date
),

-- ---- every day from the first to the last day with a (valid, deduplicated) hit ----------------------
completed as (
    select
        spine.session_date,
        cast(coalesce(daily.sessions, 0) as bigint) as sessions,
        cast(coalesce(daily.direct_sessions, 0) as bigint) as direct_sessions,
        cast(coalesce(daily.dark_social_sessions, 0) as bigint) as dark_social_sessions,
        cast(coalesce(daily.dark_social_sessions_high, 0) as bigint) as dark_social_sessions_high,
        cast(coalesce(daily.dark_social_sessions_medium, 0) as bigint) as dark_social_sessions_medium,
        cast(coalesce(daily.tracked_messaging_sessions, 0) as bigint) as tracked_messaging_sessions
    from (
        select cast(unnest(generate_series(first_day, last_day, interval 1 day)) as date) as session_date from days
    ) as spine
    left join daily on spine.session_date = daily.session_date
)

select
    session_date,
    sessions,
    direct_sessions,
    dark_social_sessions,
    dark_social_sessions_high,
    dark_social_sessions_medium,
    tracked_messaging_sessions,
    cast(dark_social_sessions as double) / nullif(direct_sessions, 0) as dark_share_of_direct,
    cast(dark_social_sessions as double) / nullif(sessions, 0) as dark_share_of_sessions,
    cast(dark_social_sessions as double) / nullif(tracked_messaging_sessions, 0) as dark_to_tracked_messaging_ratio
from completed
order by session_date
