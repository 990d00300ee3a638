{% test share_within_bounds(model, column_name, denominator, min_share, max_share) %}
{#-
    The overall share sum(column_name) / sum(denominator) of the model lies within [min_share,
    max_share] (bounds as vars, e.g. the dark share of direct): a sudden drop or jump usually
    means a collector or a rule broke. Returns one row with the share when it is outside.
-#}
with

totals as (
    select
        cast(sum({{ column_name }}) as {{ dark_social.type_double() }}) / nullif(sum({{ denominator }}), 0) as share_value
    from {{ model }}
)

select share_value
from totals
where share_value < {{ min_share }} or share_value > {{ max_share }}
{% endtest %}
