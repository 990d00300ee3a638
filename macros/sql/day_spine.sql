{% macro day_spine(start_date, end_date) -%}
    {#-
        A select of one row per day, `date_day`, from `start_date` to `end_date` inclusive (SQL
        date expressions, e.g. scalar subqueries). Portable: digits cross-joined rather than a
        recursive CTE or generate_series. Enough digits for every day from var
        `dark_social__earliest_hit_date` to ten years from now (`day_spine_capacity`); a longer
        span fails the query, naming the bounds, rather than being cut short.
    -#}
    {%- set capacity = dark_social.day_spine_capacity() -%}
    {%- set digits = (capacity - 1) | string | length -%}
    with dark_social_digits as (
        select 0 as digit union all select 1 union all select 2 union all select 3 union all select 4
        union all select 5 union all select 6 union all select 7 union all select 8 union all select 9
    ),
    dark_social_offsets as (
        select
            {% for position in range(digits) -%}
            {{ ' + ' if not loop.first }}{{ 10 ** position }} * digits_{{ position }}.digit
            {%- endfor %} as day_offset
        from dark_social_digits as digits_0
        {%- for position in range(1, digits) %}
        cross join dark_social_digits as digits_{{ position }}
        {%- endfor %}
    ),
    dark_social_bounds as (
        select
            cast({{ start_date }} as date) as first_day,
            cast({{ end_date }} as date) as last_day,
            {{ dbt.datediff('cast(' ~ start_date ~ ' as date)', 'cast(' ~ end_date ~ ' as date)', 'day') }} as span_days
    )
    select cast({{ dbt.dateadd('day', 'dark_social_offsets.day_offset', 'dark_social_bounds.first_day') }} as date) as date_day
    from dark_social_offsets
    cross join dark_social_bounds
    where dark_social_offsets.day_offset <= dark_social_bounds.span_days
        -- a span beyond the digits fails loudly: the text cannot be read as a number
        and 0 = case
            when dark_social_bounds.span_days < {{ 10 ** digits }} then 0
            else cast({{ dbt.concat([
                "'dark_social.day_spine: more than " ~ 10 ** digits ~ " days: '",
                'cast(dark_social_bounds.span_days as ' ~ dbt.type_string() ~ ')',
            ]) }} as integer)
        end
{%- endmacro %}


{% macro day_spine_capacity() -%}
    {#- Days a spine must hold: from var `dark_social__earliest_hit_date` to ten years from today. -#}
    {%- set today = modules.datetime.date.today() -%}
    {{ return((today - dark_social.earliest_hit_date()).days + 3660 + 1) }}
{%- endmacro %}
