{% macro day_spine(start_date, end_date) -%}
    {#-
        A select of one row per day, `date_day`, from `start_date` to `end_date` inclusive (SQL
        date expressions, e.g. scalar subqueries). Portable: digits cross-joined (up to 10,000
        days, about 27 years) rather than a recursive CTE or generate_series.
    -#}
    with dark_social_digits as (
        select 0 as digit union all select 1 union all select 2 union all select 3 union all select 4
        union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
    ),
    dark_social_offsets as (
        select units.digit + 10 * tens.digit + 100 * hundreds.digit + 1000 * thousands.digit as day_offset
        from dark_social_digits as units
        cross join dark_social_digits as tens
        cross join dark_social_digits as hundreds
        cross join dark_social_digits as thousands
    ),
    dark_social_bounds as (
        select cast({{ start_date }} as date) as first_day, cast({{ end_date }} as date) as last_day
    )
    select cast({{ dbt.dateadd('day', 'dark_social_offsets.day_offset', 'dark_social_bounds.first_day') }} as date) as date_day
    from dark_social_offsets
    cross join dark_social_bounds
    where dark_social_offsets.day_offset <= {{ dbt.datediff('dark_social_bounds.first_day', 'dark_social_bounds.last_day', 'day') }}
{%- endmacro %}
