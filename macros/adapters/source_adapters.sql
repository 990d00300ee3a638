{#-
    Source adapters (README, "Source adapters"): which collector the raw hits come from. Var
    `dark_social__source_adapter` picks one; `hits` (the default) is the generic raw hits
    contract read by stg_dark_social__hits itself, the others each have a staging model
    `stg_<adapter>__hits` that maps the collector's shape onto the contract. Only the chosen
    adapter's source and model are enabled, so lineage and `dbt source freshness` stay clean.
-#}

{% macro source_adapters() -%}
    {#- adapter -> the source table it reads and the DuckDB file-location var. -#}
    {{ return({
        'hits': {'source': 'dark_social', 'table': 'raw_hits', 'location_var': 'dark_social__raw_hits_location'},
        'ga4': {'source': 'dark_social_ga4', 'table': 'events', 'location_var': 'dark_social__ga4_events_location'},
        'snowplow': {'source': 'dark_social_snowplow', 'table': 'events', 'location_var': 'dark_social__snowplow_events_location'},
        'segment': {'source': 'dark_social_segment', 'table': 'pages', 'location_var': 'dark_social__segment_pages_location'},
        'access_log': {'source': 'dark_social_access_log', 'table': 'lines', 'location_var': 'dark_social__access_log_location'},
    }) }}
{%- endmacro %}


{% macro source_adapter() -%}
    {#- The chosen adapter (var `dark_social__source_adapter`, default `hits`); stops on an unknown one. -#}
    {%- set chosen = var('dark_social__source_adapter', 'hits') or 'hits' -%}
    {%- set known = dark_social.source_adapters() -%}
    {%- if chosen not in known -%}
        {{ exceptions.raise_compiler_error(
            "dark_social: var dark_social__source_adapter is '" ~ chosen ~ "'; choose one of: "
            ~ known.keys() | list | join(', ') ~ " (README, \"Source adapters\").") }}
    {%- endif -%}
    {{ return(chosen) }}
{%- endmacro %}


{% macro source_adapter_enabled(name) -%}
    {#- Whether adapter `name` is the chosen one (drives `enabled` of its staging model). -#}
    {{ return(dark_social.source_adapter() == name) }}
{%- endmacro %}


{% macro adapter_source_relation(name) -%}
    {#-
        The relation adapter `name` reads: its source, or on DuckDB the table function in its
        location var (files read in place). Only call it for the chosen adapter: the other
        adapters' sources are disabled.
    -#}
    {%- set spec = dark_social.source_adapters()[name] -%}
    {%- set source_relation = source(spec.source, spec.table) -%}
    {%- set location = var(spec.location_var, none) -%}
    {%- if location -%}
        {%- if target.type != 'duckdb' -%}
            {{ exceptions.raise_compiler_error(
                "dark_social: var " ~ spec.location_var ~ " reads files and works on DuckDB only; target '"
                ~ target.name ~ "' is " ~ target.type ~ ". Unset it and point the source '" ~ spec.source
                ~ "' at a table with its database / schema / identifier vars (README, \"Source adapters\").") }}
        {%- endif -%}
        {{ return('(select * from ' ~ location ~ ')') }}
    {%- endif -%}
    {{ return(source_relation) }}
{%- endmacro %}


{% macro source_rows_relation() -%}
    {#- The rows the chosen adapter reads, one per raw row (what the accounting test counts). -#}
    {%- set chosen = dark_social.source_adapter() -%}
    {%- if chosen == 'hits' -%}{{ return(dark_social.raw_hits_relation()) }}{%- endif -%}
    {{ return(dark_social.adapter_source_relation(chosen)) }}
{%- endmacro %}


{% macro adapter_loaded_at_query(name, hit_at_expression) -%}
    {#- The query `dbt source freshness` runs on an adapter's source: the latest hit time, UTC. -#}
    {%- if dark_social.source_adapter() != name -%}{{ return('select null') }}{%- endif -%}
    {{ return('select max(' ~ hit_at_expression ~ ') from ' ~ dark_social.adapter_source_relation(name) ~ ' as raw_rows') }}
{%- endmacro %}
