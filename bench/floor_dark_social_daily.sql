-- Benchmark floor: fct_dark_social_daily in one hand-written DuckDB query, straight from the raw
-- Parquet hits ({hits}) and the rule seed CSVs in {seeds}. Same rules as the dbt models with the
-- default vars (30-minute timeout, no midnight / source split, UTC, no internal hosts, default
-- click-id parameters and index pages, max field length 8192, future tolerance 60 minutes).
--
-- How it stays cheap:
--   * every raw hit is read once and gets only what validation, dedup and sessionization need
--     (trimmed fields, length fast path on strlen, one anchored regex for "http(s) URL with a host");
--   * dedup is one hash aggregate on hit_key; sessionization is one lag() window: a session's
--     landing hit is simply a hit that starts a session, so no running sum is needed;
--   * all URL / referrer / user-agent work is done on the landing hits only, and there on the
--     distinct values (pages, referrers, agents), never per hit;
--   * the seed lists are matched against those distinct values (exact rows by equality, prefix
--     and suffix rows by starts_with / ends_with, regex rows by regexp_matches).
with

-- ---- raw hits: validation (anything with a quarantine reason is left out) ---------------------
raw as (
    select
        (file_index << 40) | file_row_number as rid,
        nullif(trim(hit_id), '') as hid,
        cast(hit_at as timestamp) as ts,
        nullif(trim(client_id), '') as cid,
        nullif(trim(page_url), '') as url,
        nullif(trim(referrer_url), '') as ref,
        nullif(trim(user_agent), '') as ua,
        event_name,
        -- field_too_large fast path: strlen (bytes, untrimmed) bounds length (characters, trimmed)
        greatest(strlen(hit_id), strlen(client_id), strlen(event_name), strlen(page_url), strlen(referrer_url),
            strlen(user_agent)) > 8192 as maybe_too_large
    from read_parquet('{hits}')
),

valid as materialized (
    select
        coalesce(
            hid,
            md5(cid || '|' || coalesce(cast(ts as varchar), '') || '|' || url || '|' || coalesce(ref, '') || '|'
                || coalesce(ua, '') || '|' || coalesce(nullif(trim(event_name), ''), 'page_view'))
        ) as hit_key,
        rid, ts, cid, url, ref, ua
    from raw
    where ts is not null                                                           -- missing_timestamp
        and ts <= cast(timezone('UTC', now()) as timestamp) + interval 60 minute   -- future_timestamp
        and cid is not null                                                        -- missing_client_id
        and url is not null                                                        -- missing_page_url
        and (not maybe_too_large                                                   -- field_too_large
            or (coalesce(length(hid), 0) <= 8192 and length(cid) <= 8192
                and length(coalesce(nullif(trim(event_name), ''), 'page_view')) <= 8192
                and length(url) <= 8192 and coalesce(length(ref), 0) <= 8192 and coalesce(length(ua), 0) <= 8192))
        -- non_web_scheme / unparseable_page_url: scheme http(s) and a non-empty host as the staging
        -- regex `^scheme://(?:[^/?#@]*@)?([^/?#:]*)` extracts it (user info = up to the first `@`)
        and regexp_matches(url, '^[Hh][Tt][Tt][Pp][Ss]?://(?:[^/?#@]*@[^/?#:]|[^/?#@:][^/?#@]*(?:[/?#]|$))')
),

-- ---- dedup: first copy of each hit_key by (hit_at, page_url, referrer_url, user_agent), nulls last.
-- Copies are rare: find the keys seen more than once, rank only their rows.
copied_keys as (
    select hit_key from valid group by hit_key having count(*) > 1
),

deduplicated as (
    select hit_key, rid, ts, cid
    from valid anti join copied_keys using (hit_key)
    union all
    select hit_key, rid, ts, cid
    from valid semi join copied_keys using (hit_key)
    qualify row_number() over (partition by hit_key order by ts, url, ref, ua) = 1
),

-- ---- sessionization: a hit more than 30 minutes after the client's previous one starts a session.
-- Only (client, time, key, row id) go through the sort; a session's landing hit is the hit that
-- starts it, so no running sum is needed.
timeline as (
    select rid, ts, lag(ts) over (partition by cid order by ts, hit_key) as previous_ts
    from deduplicated
),

days as (
    select cast(min(ts) as date) as first_day, cast(max(ts) as date) as last_day from timeline
),

landing_rows as (
    select rid from timeline
    where previous_ts is null or epoch_us(ts) - epoch_us(previous_ts) > 1800000000
),

-- landing hits with the fields classification needs
landings as materialized (
    select cast(ts as date) as session_date, url, ref, ua
    from valid semi join landing_rows using (rid)
),

-- ---- seeds ---------------------------------------------------------------------------------------
ua_rules as (
    select token, lower(trim(match_type)) as match_type, lower(trim(agent_type)) as agent_type,
        cast(priority as integer) as priority
    from read_csv('{seeds}/dark_social_user_agents.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
),

referrer_rules as (
    select lower(trim(host)) as host, lower(trim(match_type)) as match_type, lower(trim(source)) as source,
        lower(trim(medium)) as medium, lower(trim(source_category)) as source_category
    from read_csv('{seeds}/dark_social_referrer_sources.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
),

click_rules as (
    select trim(parameter) as parameter, lower(trim(source)) as source, lower(trim(medium)) as medium
    from read_csv('{seeds}/dark_social_click_ids.csv', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')
),

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

-- ---- landing pages: host, path, tags, click id, fragment — once per distinct URL --------------------
page_parts as (
    select
        url,
        regexp_replace(lower(regexp_extract(url, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]*)', 1)),
            '^www[0-9]*[.]|[.]$', '', 'g') as host,
        nullif(regexp_extract(url, '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*([^?#]*)', 1), '') as path_raw,
        case when contains(url, '?') then nullif(regexp_extract(url, '^[^?#]*[?]([^#]*)', 1), '') end as query,
        case when contains(url, '#') then nullif(regexp_extract(url, '#(.*)$', 1), '') end as fragment
    from (select distinct url from landings)
),

page_values as (
    select
        url, host, path_raw, fragment,
        replace(nullif(regexp_extract(query, '(?:^|&)utm_source=([^&]*)', 1), ''), '+', ' ') as utm_source_raw,
        replace(nullif(regexp_extract(query, '(?:^|&)utm_medium=([^&]*)', 1), ''), '+', ' ') as utm_medium_raw,
        nullif(regexp_extract(query, '(?:^|&)utm_campaign=([^&]*)', 1), '') as utm_campaign_raw,
        nullif(regexp_extract(query, '(?:^|&)(gclid|gbraid|wbraid|dclid|msclkid|fbclid|ttclid|twclid|li_fat_id|epik|rdt_cid|yclid|igshid|igsh|mc_cid|mc_eid|_hsenc|_hsmi|mkt_tok)=[^&]', 1), '')
            as click_id_parameter
    from page_parts
),

pages as (
    select
        url,
        host,
        -- normalised path (decode safe escapes, lower-case, collapse slashes, index pages, trailing slash)
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

-- simple-URL rule, once per distinct (host, path). As in int_sessions__classified, the macro
-- normalises the already normalised host and path a second time before matching.
simple_input as (
    select
        host,
        path,
        regexp_replace(lower(host), '^www[0-9]*[.]|[.]$', '', 'g') as match_host,
        coalesce(nullif(regexp_replace(regexp_replace(regexp_replace(lower(case
                when strpos(path, '%') = 0 then path
                when regexp_matches(path, '%(2[fF]|3[fF]|23|26)') then path
                else coalesce(try(url_decode(path)), path)
            end), '/{{2,}}', '/', 'g'),
            '/(index[.]html|index[.]htm|index[.]php|index[.]asp|index[.]aspx|index[.]jsp|default[.]aspx|default[.]asp)$', '/', 'g'),
            '(.)/+$', '\1', 'g'), ''), '/') as match_path
    from (select distinct host, path from pages)
),

simple_pages as (
    select distinct i.host, i.path
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

-- ---- referrers: normalised host once per distinct referrer URL, then the best source row --------
referrers as (
    select
        ref,
        regexp_replace(lower(nullif(regexp_extract(ref, '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]*)', 1), '')),
            '^www[0-9]*[.]|[.]$', '', 'g') as referrer_host
    from (select distinct ref from landings where ref is not null)
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

-- ---- user agents: type of the best signature (priority, token) once per distinct agent ----------
agents as (
    select d.ua, arg_min(r.agent_type, {{'priority': r.priority, 'token': r.token}}) as agent_type
    from (select distinct ua from landings where ua is not null) as d
    inner join ua_rules as r
        on (r.match_type = 'contains' and contains(d.ua, r.token))
        or (r.match_type = 'regex' and regexp_matches(d.ua, r.token))
    group by d.ua
),

-- ---- sessions: precedence of evidence, GA4 Direct, dark social confidence -------------------------
evidence as (
    select
        l.session_date,
        a.agent_type,
        ref.referrer_host is not null and ref.referrer_host = p.host as is_internal_referrer,
        ref.referrer_host is not null and ref.referrer_host <> p.host as has_external_referrer,
        ref.referrer_host,
        rs.best.source as referrer_source,
        rs.best.medium as referrer_medium,
        rs.best.category as referrer_category,
        p.has_campaign_tags,
        p.utm_source,
        p.utm_medium,
        p.utm_source in (select utm_source from share_rules) as is_share_source,
        p.click_id_parameter,
        c.source as click_source,
        c.medium as click_medium,
        p.share_fragment_kind,
        p.share_fragment_service in (select utm_source from share_rules) as is_share_fragment_app,
        s.path is not null as is_simple_landing_page
    from landings as l
    inner join pages as p on l.url = p.url
    left join referrers as ref on l.ref = ref.ref
    left join referrer_sources as rs on ref.referrer_host = rs.referrer_host
    left join agents as a on l.ua = a.ua
    left join click_rules as c on p.click_id_parameter = c.parameter
    left join simple_pages as s on p.host = s.host and p.path = s.path
),

origins as (
    select
        *,
        case
            when agent_type = 'link_preview' then 'link_preview'
            when agent_type = 'bot' then 'bot'
            when is_internal_referrer then 'internal'
            when has_campaign_tags and is_share_source then 'tracked_messaging'
            when has_campaign_tags then 'campaign'
            when click_id_parameter is not null then 'click_id'
            when has_external_referrer then coalesce(referrer_category, 'referral')
            when agent_type = 'messaging_app' then 'dark_social'
            when agent_type = 'social_app' then 'hidden_social'
            when agent_type = 'search_app' then 'search_app'
            when share_fragment_kind = 'copy' then 'dark_social'
            when share_fragment_kind = 'button' and is_share_fragment_app then 'dark_social'
            when share_fragment_kind = 'button' then 'hidden_social'
            when not is_simple_landing_page then 'dark_social'
            else 'direct'
        end as traffic_origin,
        -- GA4 channel 'Direct': source '(direct)' with medium '(none)' / '(not set)'
        case
            when is_internal_referrer then true
            when has_campaign_tags then
                coalesce(utm_source, '(not set)') = '(direct)' and coalesce(utm_medium, '(not set)') in ('(none)', '(not set)')
            when click_id_parameter is not null then
                coalesce(click_source, '') = '(direct)' and coalesce(click_medium, '') in ('(none)', '(not set)')
            when has_external_referrer then
                coalesce(referrer_source, referrer_host) = '(direct)' and coalesce(referrer_medium, 'referral') in ('(none)', '(not set)')
            else true
        end as is_direct,
        -- confidence of a dark social session: high when an in-app browser or a share fragment proves
        -- it (signal messaging_in_app_browser / share_fragment), medium for the deep-link rule alone
        coalesce(agent_type = 'messaging_app', false) or share_fragment_kind is not null as is_proven
    from evidence
),

daily as (
    select
        session_date,
        count(*) as sessions,
        count(*) filter (where is_direct) as direct_sessions,
        count(*) filter (where traffic_origin = 'dark_social') as dark_social_sessions,
        count(*) filter (where traffic_origin = 'dark_social' and is_proven) as dark_social_sessions_high,
        count(*) filter (where traffic_origin = 'dark_social' and not is_proven) as dark_social_sessions_medium,
        count(*) filter (where traffic_origin = 'tracked_messaging') as tracked_messaging_sessions
    from origins
    where traffic_origin not in ('bot', 'link_preview')
    group by session_date
),

completed as (
    select
        cast(spine.day as date) as session_date,
        cast(coalesce(daily.sessions, 0) as bigint) as sessions,
        cast(coalesce(daily.direct_sessions, 0) as bigint) as direct_sessions,
        cast(coalesce(daily.dark_social_sessions, 0) as bigint) as dark_social_sessions,
        cast(coalesce(daily.dark_social_sessions_high, 0) as bigint) as dark_social_sessions_high,
        cast(coalesce(daily.dark_social_sessions_medium, 0) as bigint) as dark_social_sessions_medium,
        cast(coalesce(daily.tracked_messaging_sessions, 0) as bigint) as tracked_messaging_sessions
    from (select unnest(generate_series(first_day, last_day, interval 1 day)) as day from days) as spine
    left join daily on cast(spine.day as date) = daily.session_date
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
