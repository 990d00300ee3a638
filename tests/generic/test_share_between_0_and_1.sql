{% test share_between_0_and_1(model, column_name) %}
{#- A share (ratio of a part to its whole) is null or between 0 and 1; returns the rows that are not. -#}
select {{ column_name }} as share_value
from {{ model }}
where {{ column_name }} < 0 or {{ column_name }} > 1
{% endtest %}
