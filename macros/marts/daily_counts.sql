{% macro reporting_days(hits, since, first_rebuilt_day) -%}
    {#-
        The days a daily mart holds, one row per day (`date_day`): from the first day with hits
        (on an incremental run, `first_rebuilt_day`, a SQL date expression) to the last day with
        hits. `hits` is the sessionized hits relation (its `hit_date_local`); `since` is the
        model's dark_social.last_loaded_at() (none on a full build).
    -#}
    {%- set first_day = first_rebuilt_day if since is not none
        else '(select min(hit_date_local) from ' ~ hits ~ ')' -%}
    {{ dark_social.day_spine(first_day, '(select max(hit_date_local) from ' ~ hits ~ ')') }}
{%- endmacro %}


{% macro zero_filled_daily_counts(sessions, days, measures, dimension=none, dimension_values=none, dimension_expression=none) -%}
    {#-
        The measures of dark_social_counts() over the CTE `sessions`, by session_date (and by one
        dimension), for every day of the CTE `days` (and every value of the CTE
        `dimension_values`, which has one column named `dimension`): zeros where nothing happened.
        `dimension_expression` is the SQL that gives a session its dimension value (default: the
        column `dimension`). A select of session_date, the dimension, `measures` (uncast) and
        dbt_loaded_at (null on a zero row); the model casts them.
    -#}
    {%- set value = dimension_expression or dimension -%}
    with dark_social_grouped as (
        select
            session_date,
            {%- if dimension %}
            {{ value }} as {{ dimension }},
            {%- endif %}
            {{ dark_social.dark_social_counts() }},
            max(dbt_loaded_at) as dbt_loaded_at
        from {{ sessions }}
        group by session_date{% if dimension %}, {{ value }}{% endif %}
    )
    select
        reporting_days.date_day as session_date,
        {%- if dimension %}
        dimension_values.{{ dimension }},
        {%- endif %}
        {%- for column in measures %}
        coalesce(dark_social_grouped.{{ column }}, 0) as {{ column }},
        {%- endfor %}
        dark_social_grouped.dbt_loaded_at
    from {{ days }} as reporting_days
    {%- if dimension %}
    cross join {{ dimension_values }} as dimension_values
    {%- endif %}
    left join dark_social_grouped
        on reporting_days.date_day = dark_social_grouped.session_date
        {%- if dimension %}
        and dimension_values.{{ dimension }} = dark_social_grouped.{{ dimension }}
        {%- endif %}
{%- endmacro %}
