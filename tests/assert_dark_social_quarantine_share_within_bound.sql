-- The quarantine share guard: fails (severity var dark_social__quarantine_share_severity) when more
-- than var dark_social__max_quarantine_share of the raw rows this run (re)built are set aside,
-- returning the top reasons (at most 5), each with its count, its share and an example row, and
-- printing the same in the run's log. Reasons in var dark_social__quarantine_share_ignored_reasons
-- (ordinary filtering: duplicates, access-log requests that are not page views) count on neither side.
{{ config(severity=var('dark_social__quarantine_share_severity')) }}
{%- set max_share = var('dark_social__max_quarantine_share') -%}
{%- set ignored = var('dark_social__quarantine_share_ignored_reasons') or [] -%}
{%- set counted_row = "quarantine_reason not in (" ~ dark_social.sql_string_list(ignored) ~ ")"
    if ignored | length > 0 else "1 = 1" -%}
{%- set validated = ref('dark_social', 'int_dark_social_hits__validated') -%}
{%- set guard -%}
with

run_rows as (
    -- the rows the latest run (re)built: they carry its stamp
    select *
    from {{ validated }}
    where dbt_loaded_at = (select max(validated_stamps.dbt_loaded_at) from {{ validated }} as validated_stamps)
        and (quarantine_reason is null or {{ counted_row }})
),

totals as (
    select
        count(*) as run_rows,
        sum(case when quarantine_reason is not null then 1 else 0 end) as set_aside_rows
    from run_rows
),

reasons as (
    select
        quarantine_reason,
        count(*) as hits,
        min(hit_key) as example_hit_key
    from run_rows
    where quarantine_reason is not null
    group by quarantine_reason
),

ranked as (
    select
        reasons.*,
        row_number() over (order by reasons.hits desc, reasons.quarantine_reason) as reason_rank
    from reasons
),

final as (
    select
        ranked.reason_rank,
        ranked.quarantine_reason,
        ranked.hits,
        totals.set_aside_rows,
        totals.run_rows,
        cast(totals.set_aside_rows as {{ dark_social.type_double() }}) / totals.run_rows as set_aside_share,
        example.hit_id as example_hit_id,
        example.client_id as example_client_id,
        {{ dbt.safe_cast('example.hit_at', dbt.type_string()) }} as example_hit_at,
        example.page_url as example_page_url
    from ranked
    cross join totals
    inner join run_rows as example
        on ranked.example_hit_key = example.hit_key
            and ranked.quarantine_reason = example.quarantine_reason
    where ranked.reason_rank <= 5
        and totals.set_aside_rows > {{ max_share }} * totals.run_rows
)

select * from final
{%- endset -%}
{%- set built = adapter.get_relation(validated.database, validated.schema, validated.identifier)
    if execute else none -%}
{%- if built is not none -%}
    {%- set found = run_query('select * from (' ~ guard ~ ') as guard order by reason_rank') -%}
    {%- if found.rows | length > 0 -%}
        {%- set first = found.rows[0] -%}
        {%- set lines = [] -%}
        {%- for row in found.rows -%}
            {%- do lines.append('  ' ~ row['quarantine_reason'] ~ ': ' ~ row['hits'] ~ ' rows, e.g. hit_id='
                ~ row['example_hit_id'] ~ ', client_id=' ~ row['example_client_id'] ~ ', hit_at='
                ~ row['example_hit_at'] ~ ', page_url=' ~ (row['example_page_url'] | string)[:120]) -%}
        {%- endfor -%}
        {{ log(
            'dark_social: ' ~ first['set_aside_rows'] ~ ' of ' ~ first['run_rows'] ~ ' raw rows of this run ('
            ~ '%.1f' | format(100 * first['set_aside_share']) ~ '%) were set aside, more than var '
            ~ 'dark_social__max_quarantine_share (' ~ '%.1f' | format(100 * max_share) ~ '%). Top reasons:\n'
            ~ lines | join('\n') ~ '\nEvery row and its reason: int_dark_social_hits__quarantined. A numeric or '
            ~ 'oddly formatted hit_at? See docs/contract.md.', info=true) }}
    {%- endif -%}
{%- endif %}

{{ guard }}
