{% test no_missing_days(model, column_name) %}
{#- Every day between the first and the last `column_name` (a date) of `model` has a row; returns the missing days. -#}
with

days as (
    {{ dark_social.day_spine('(select min(' ~ column_name ~ ') from ' ~ model ~ ')', '(select max(' ~ column_name ~ ') from ' ~ model ~ ')') }}
)

select days.date_day as missing_day
from days
left join {{ model }} as model_rows
    on days.date_day = model_rows.{{ column_name }}
where model_rows.{{ column_name }} is null
{% endtest %}
