{% test totals_match(model, column_name, compare_model, compare_expression) %}
{#-
    The sum of `column_name` over `model` equals `compare_expression` computed over
    `compare_model` (e.g. a mart's sessions against count(*) of fct_dark_social_sessions). Returns one row
    with both totals when they differ.
-#}
with
model_total as (
    select coalesce(sum({{ column_name }}), 0) as model_total from {{ model }}
),
compared_total as (
    select coalesce({{ compare_expression }}, 0) as compared_total from {{ compare_model }}
)
select *
from model_total
cross join compared_total
where model_total <> compared_total
{% endtest %}
