{% test accepted_enumeration(model, column_name, enumeration, visits_only=false) %}
{#-
    `column_name` holds only values of `enumeration` (or of any of a list of enumerations) in seed
    dark_social_enumerations, the one list
    of every fixed value the package writes (signals, origins, channels, reasons...), which the
    Great Expectations suites read too. `visits_only` leaves out the values that never reach the
    marts (bots). Returns each other value with its row count, and one row naming the
    enumeration when the seed has none of that name (a misspelt enumeration fails, never passes).
-#}
with

allowed as (
    select value
    from {{ ref('dark_social', 'dark_social_enumerations') }}
    {%- set enumerations = [enumeration] if enumeration is string else enumeration %}
    where enumeration in ({{ dark_social.sql_string_list(enumerations) }})
    {%- if visits_only %}
        and in_marts
    {%- endif %}
),

unexpected as (
    select
        cast({{ column_name }} as {{ dbt.type_string() }}) as unexpected_value,
        count(*) as row_count
    from {{ model }}
    where {{ column_name }} is not null
        and cast({{ column_name }} as {{ dbt.type_string() }}) not in (select value from allowed)
    group by cast({{ column_name }} as {{ dbt.type_string() }})
),

unknown_enumeration as (
    select
        {{ dark_social.sql_string_literal('no enumeration ' ~ enumerations | join(', ') ~ ' in dark_social_enumerations') }} as unexpected_value,
        0 as row_count
    from (select 1 as one) as single_row
    where not exists (select 1 from allowed)
)

select * from unexpected
union all
select * from unknown_enumeration
{% endtest %}
