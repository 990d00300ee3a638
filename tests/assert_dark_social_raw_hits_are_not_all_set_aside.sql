-- A build with nothing in it is not a green build: fails (severity var dark_social__dq_severity)
-- when the latest run (re)built raw rows and set every one of them aside (reasons in var
-- dark_social__quarantine_share_ignored_reasons aside), naming the reasons.
{{ config(severity=var('dark_social__dq_severity')) }}
{%- set ignored = var('dark_social__quarantine_share_ignored_reasons') or [] -%}
{%- set validated = ref('dark_social', 'int_dark_social_hits__validated') -%}

with

latest_run as (
    select max(dbt_loaded_at) as dbt_loaded_at from {{ validated }}
),

run_rows as (
    select validated.quarantine_reason
    from {{ validated }} as validated
    inner join latest_run
        on validated.dbt_loaded_at = latest_run.dbt_loaded_at
    {%- if ignored | length > 0 %}
    where coalesce(validated.quarantine_reason, '') not in ({{ dark_social.sql_string_list(ignored) }})
    {%- endif %}
),

totals as (
    select
        count(*) as run_rows,
        sum(case when quarantine_reason is null then 1 else 0 end) as used_rows
    from run_rows
),

final as (
    select
        run_rows.quarantine_reason,
        count(*) as hits
    from run_rows
    cross join totals
    where totals.used_rows = 0
    group by run_rows.quarantine_reason
)

select * from final
