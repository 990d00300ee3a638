{% test counts_are_ordered(model, columns) %}
{#-
    Counts that nest never cross: with columns [a, b, c], every row has a <= b <= c (e.g. dark
    social <= direct <= sessions). Returns the rows that break the order.
-#}
select *
from {{ model }}
where {% for column in columns[:-1] -%}
    {{ column }} > {{ columns[loop.index] }}{{ ' or ' if not loop.last }}
{%- endfor %}
{% endtest %}
