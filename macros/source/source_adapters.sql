{#-
    Source adapters (README, "Source adapters"): which collector the raw hits come from, and where
    its rows are. Var `dark_social__source_adapter` picks one; each adapter has one base model
    (`models/staging/<source>/base/`) that reads its source and maps the collector's shape onto
    the raw hits contract, and `stg_dark_social__hits` reads the chosen base model. Only the chosen
    adapter's source and base model are enabled, so lineage and `dbt source freshness` stay clean.
-#}

{% macro source_adapters() -%}
    {#- adapter -> its source table, the var of its files read in place, and its base model. -#}
    {{ return({
        'hits': {'source': 'dark_social', 'table': 'raw_hits',
                 'location_var': 'dark_social__raw_hits_location', 'base_model': 'base_dark_social__raw_hits'},
        'ga4': {'source': 'dark_social_ga4', 'table': 'events',
                'location_var': 'dark_social__ga4_events_location', 'base_model': 'base_dark_social_ga4__events'},
        'snowplow': {'source': 'dark_social_snowplow', 'table': 'events',
                     'location_var': 'dark_social__snowplow_events_location', 'base_model': 'base_dark_social_snowplow__events'},
        'segment': {'source': 'dark_social_segment', 'table': 'pages',
                    'location_var': 'dark_social__segment_pages_location', 'base_model': 'base_dark_social_segment__pages'},
        'access_log': {'source': 'dark_social_access_log', 'table': 'lines',
                       'location_var': 'dark_social__access_log_location', 'base_model': 'base_dark_social_access_log__lines'},
    }) }}
{%- endmacro %}


{% macro source_adapter() -%}
    {#- The chosen adapter (var `dark_social__source_adapter`); stops on an unknown one. -#}
    {%- set chosen = var('dark_social__source_adapter') or 'hits' -%}
    {%- set known = dark_social.source_adapters() -%}
    {%- if chosen not in known -%}
        {{ exceptions.raise_compiler_error(
            "dark_social: var dark_social__source_adapter is '" ~ chosen ~ "'; choose one of: "
            ~ known.keys() | list | join(', ') ~ " (README, \"Source adapters\").") }}
    {%- endif -%}
    {{ return(chosen) }}
{%- endmacro %}


{% macro source_adapter_enabled(name) -%}
    {#- Whether adapter `name` is the chosen one (drives `enabled` of its base model). -#}
    {{ return(dark_social.source_adapter() == name) }}
{%- endmacro %}


{% macro base_model() -%}
    {#- The name of the chosen adapter's base model (what `stg_dark_social__hits` reads). -#}
    {{ return(dark_social.source_adapters()[dark_social.source_adapter()].base_model) }}
{%- endmacro %}


{% macro read_in_place(source_relation, location) -%}
    {#-
        What a base model selects from: its source, or the files named by its location var, read
        in place (a DuckDB table function such as `read_parquet('...')`, or a Spark file relation
        such as parquet.`s3://...`). The base model calls `source()` itself, so lineage and
        `dbt source freshness` keep working when files are read.
    -#}
    {%- if not location -%}{{ return(source_relation) }}{%- endif -%}
    {%- if target.type not in ('duckdb', 'spark', 'databricks') -%}
        {{ exceptions.raise_compiler_error(
            "dark_social: a file location (" ~ location ~ ") works on DuckDB and Spark only; target '"
            ~ target.name ~ "' is " ~ target.type ~ ". Unset the location var and point the source '"
            ~ source_relation.identifier ~ "' at a table with its database / schema / identifier vars "
            ~ "(README, \"Bring your own hits\" and \"Source adapters\").") }}
    {%- endif -%}
    {{ return('(select * from ' ~ location ~ ')') }}
{%- endmacro %}


{% macro source_relation(name) -%}
    {#-
        The rows adapter `name` reads, one per raw row: its source or its files. For the source
        freshness query and the accounting test; models call `source()` and `read_in_place`.
    -#}
    {%- set spec = dark_social.source_adapters()[name] -%}
    {%- set relation = dark_social.read_in_place(source(spec.source, spec.table), var(spec.location_var)) -%}
    {%- if name == 'segment' and var('dark_social__segment_order_completed_identifier') is not none -%}
        {#- Segment's Order Completed calls are raw rows too (base_dark_social_segment__pages) -#}
        {%- set orders = dark_social.read_in_place(
            source('dark_social_segment', 'order_completed'), var('dark_social__segment_order_completed_location')
        ) -%}
        {%- set hit_at = adapter.quote('timestamp') -%}
        {{ return('(select ' ~ hit_at ~ ' from ' ~ relation ~ ' as pages union all select ' ~ hit_at
                  ~ ' from ' ~ orders ~ ' as order_completed)') }}
    {%- endif -%}
    {{ return(relation) }}
{%- endmacro %}


{% macro source_loaded_at_query(name, hit_at_expression) -%}
    {#- The query `dbt source freshness` runs on an adapter's source: the latest hit time, UTC. -#}
    {%- if dark_social.source_adapter() != name -%}{{ return('select null') }}{%- endif -%}
    {{ return('select max(' ~ hit_at_expression ~ ') from ' ~ dark_social.source_relation(name) ~ ' as raw_rows') }}
{%- endmacro %}
