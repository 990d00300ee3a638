-- Nothing is lost: every raw row (of the chosen source adapter) is staged; every staged row is
-- used or set aside with a reason; every used hit is in exactly one session; session hit counts
-- add up to the used hits. Returns a row (a failure) when any of these counts disagree.

with

raw_hits as (
    select count(*) as row_count from {{ dark_social.source_relation(dark_social.source_adapter()) }}
),

staged as (
    select count(*) as row_count from {{ ref('dark_social', 'stg_dark_social__hits') }}
),

validated as (
    select
        count(*) as row_count,
        sum(case when quarantine_reason is null then 1 else 0 end) as used_count
    from {{ ref('dark_social', 'int_dark_social_hits__validated') }}
),

quarantined as (
    select count(*) as row_count from {{ ref('dark_social', 'int_dark_social_hits__quarantined') }}
),

sessionized as (
    select count(*) as row_count from {{ ref('dark_social', 'int_dark_social_hits__sessionized') }}
),

sessions as (
    select coalesce(sum(hit_count), 0) as hit_count
    from {{ ref('dark_social', 'int_dark_social_sessions__aggregated') }}
),

counts as (
    select
        raw_hits.row_count as raw_rows,
        staged.row_count as staged_rows,
        validated.row_count as validated_rows,
        coalesce(validated.used_count, 0) as used_hits,
        quarantined.row_count as quarantined_hits,
        sessionized.row_count as sessionized_hits,
        sessions.hit_count as session_hits
    from raw_hits
    cross join staged
    cross join validated
    cross join quarantined
    cross join sessionized
    cross join sessions
),

final as (
    select *
    from counts
    where raw_rows <> staged_rows
        or staged_rows <> validated_rows
        or validated_rows <> used_hits + quarantined_hits
        or used_hits <> sessionized_hits
        or sessionized_hits <> session_hits
)

select * from final
