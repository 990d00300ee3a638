{#-
    Base model of the generic raw hits contract (var `dark_social__source_adapter: hits`): one row
    per raw row of the source `dark_social.raw_hits` (or of the files in
    `dark_social__raw_hits_location`), the user's columns mapped onto the contract
    (`dark_social__raw_hits_columns`, names matched case-insensitively, renamed columns
    coalesced) and the timestamp read as UTC whatever its type (macros/source/raw_hits.sql).
-#}
{{ config(
    materialized='view',
    enabled=dark_social.source_adapter_enabled('hits'),
) }}
{%- set raw_hits = dark_social.read_in_place(
    source('dark_social', 'raw_hits'), var('dark_social__raw_hits_location')
) -%}

with

source as (
    select * from {{ raw_hits }}
),

final as (
    select
        {{ dark_social.raw_hits_columns(raw_hits) | join(',\n        ') }},
        -- the generic contract has no adapter of its own to set rows aside
        cast(null as {{ dbt.type_string() }}) as source_quarantine_reason
    from source
)

select * from final
