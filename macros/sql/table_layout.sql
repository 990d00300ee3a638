{#-
    Physical layout of the hit and session tables where the warehouse has one to choose: on
    BigQuery, day partitions on the event time and clustering by visitor, so an incremental run's
    window reads and rewrites only its days. Elsewhere none (the configs are then left unset).
-#}

{% macro day_partition(time_column) -%}
    {#- The `partition_by` config of a table partitioned by the day of timestamp `time_column`. Dispatched. -#}
    {{ return(adapter.dispatch('day_partition', 'dark_social')(time_column)) }}
{%- endmacro %}

{% macro default__day_partition(time_column) -%}
    {{ return(none) }}
{%- endmacro %}

{% macro bigquery__day_partition(time_column) -%}
    {{ return({'field': time_column, 'data_type': 'timestamp', 'granularity': 'day'}) }}
{%- endmacro %}


{% macro clustering(columns) -%}
    {#- The `cluster_by` config of a table clustered by `columns` (a list). Dispatched. -#}
    {{ return(adapter.dispatch('clustering', 'dark_social')(columns)) }}
{%- endmacro %}

{% macro default__clustering(columns) -%}
    {{ return(none) }}
{%- endmacro %}

{% macro bigquery__clustering(columns) -%}
    {{ return(columns) }}
{%- endmacro %}
