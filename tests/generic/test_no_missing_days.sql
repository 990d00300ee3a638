{% test no_missing_days(model, date_column) %}
{#- Every day between the first and the last `date_column` of `model` has a row; returns the missing days. -#}
with
days as (
    {{ dark_social.day_spine('(select min(' ~ date_column ~ ') from ' ~ model ~ ')', '(select max(' ~ date_column ~ ') from ' ~ model ~ ')') }}
)
select days.date_day as missing_day
from days
left join {{ model }} as model_rows
    on days.date_day = model_rows.{{ date_column }}
where model_rows.{{ date_column }} is null
{% endtest %}
