{#-
    The raw hits contract: which columns the package reads, how users map theirs onto it, and
    where the rows come from. Users configure this with vars (README, "Bring your own hits");
    nothing here needs editing.
-#}

{% macro raw_hits_contract() -%}
    {#-
        name -> (required, kind). kind `timestamp` goes through to_utc_timestamp, `string` is trimmed text.
        `http_method`, `http_status` and `file_extension` describe a server request (access
        logs, CDN logs): rows that carry them are page views only when they pass the page-request
        rules of int_dark_social_hits__validated.
        `event_value` and `event_currency` are the event's amount (number or numeric text) and its
        ISO 4217 code; without such columns they can be read from a JSON text column
        (var `dark_social__event_json_column`).
    -#}
    {{ return({
        'hit_id': {'required': false, 'kind': 'string'},
        'hit_at': {'required': true, 'kind': 'timestamp'},
        'client_id': {'required': true, 'kind': 'string'},
        'page_url': {'required': true, 'kind': 'string'},
        'referrer_url': {'required': false, 'kind': 'string'},
        'user_agent': {'required': false, 'kind': 'string'},
        'event_name': {'required': false, 'kind': 'string'},
        'session_id': {'required': false, 'kind': 'string'},
        'user_id': {'required': false, 'kind': 'string'},
        'ip_address': {'required': false, 'kind': 'string'},
        'http_method': {'required': false, 'kind': 'string'},
        'http_status': {'required': false, 'kind': 'string'},
        'file_extension': {'required': false, 'kind': 'string'},
        'event_value': {'required': false, 'kind': 'string'},
        'event_currency': {'required': false, 'kind': 'string'},
    }) }}
{%- endmacro %}


{% macro get_raw_hits_columns(relation) -%}
    {{ return(adapter.dispatch('get_raw_hits_columns', 'dark_social')(relation)) }}
{%- endmacro %}

{% macro default__get_raw_hits_columns(relation) -%}
    {#- [(name, data_type)] of a relation, or of any select-able expression on DuckDB. -#}
    {%- set columns = [] -%}
    {%- for column in adapter.get_columns_in_relation(relation) -%}
        {%- do columns.append((column.name, column.data_type)) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}

{% macro duckdb__get_raw_hits_columns(relation) -%}
    {%- set described = run_query('describe select * from ' ~ relation) -%}
    {%- set columns = [] -%}
    {%- for row in described.rows -%}
        {%- do columns.append((row['column_name'], row['column_type'])) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}


{% macro spark__get_raw_hits_columns(relation) -%}
    {#- `describe query` also describes files read in place (parquet.`path`), which are no relation. -#}
    {%- set described = run_query('describe query select * from ' ~ relation) -%}
    {%- set columns = [] -%}
    {%- for row in described.rows -%}
        {%- do columns.append((row['col_name'], row['data_type'])) -%}
    {%- endfor -%}
    {{ return(columns) }}
{%- endmacro %}


{% macro raw_hits_columns(relation) -%}
    {#-
        Returns one SQL select item per contract column, `<expression> as <contract name>`.
        A mapping (var dark_social__raw_hits_columns) names the user's column, or a list of names
        coalesced in order for columns renamed over time. Unmapped columns are looked up by their
        contract name. Names match case-insensitively. A missing optional column is null; a
        missing required column stops the run with a message saying how to map it.
    -#}
    {%- set contract = dark_social.raw_hits_contract() -%}
    {%- set mapping = var('dark_social__raw_hits_columns') or {} -%}
    {%- for name in mapping.keys() if name not in contract -%}
        {{ exceptions.raise_compiler_error(
            "dark_social: var dark_social__raw_hits_columns maps '" ~ name ~ "', which is not a raw hits "
            ~ "contract column. Contract columns: " ~ contract.keys() | list | join(', ') ~ ".") }}
    {%- endfor -%}

    {%- set json_column = var('dark_social__event_json_column') -%}
    {%- set json_paths = {
        'event_value': var('dark_social__event_json_value_path'),
        'event_currency': var('dark_social__event_json_currency_path'),
    } -%}
    {%- set available = {} -%}
    {%- if execute -%}
        {%- for column_name, data_type in dark_social.get_raw_hits_columns(relation) -%}
            {%- do available.update({column_name | lower: (column_name, data_type)}) -%}
        {%- endfor -%}
    {%- endif -%}

    {%- set items = [] -%}
    {%- for name, spec in contract.items() -%}
        {%- set wanted = mapping.get(name, name) -%}
        {%- set candidates = [wanted] if wanted is string else wanted -%}
        {%- set found = [] -%}
        {%- for candidate in candidates if candidate | lower in available -%}
            {%- do found.append(available[candidate | lower]) -%}
        {%- endfor -%}

        {%- if not execute -%}
            {%- set expression = 'null' -%}
            {%- if spec.kind == 'timestamp' -%}{%- do items.append('false as has_raw_' ~ name) -%}{%- endif -%}
        {%- elif found | length == 0 and name in json_paths and json_column is not none -%}
            {#- the value or currency read from the JSON text column (var dark_social__event_json_column) -#}
            {%- if json_column | lower not in available -%}
                {{ exceptions.raise_compiler_error(
                    "dark_social: var dark_social__event_json_column names '" ~ json_column ~ "', which the raw "
                    ~ "hits do not have. Set it to the JSON text column holding the event's data, or null. "
                    ~ "Columns found: " ~ available.values() | map(attribute=0) | join(', ') ~ ".") }}
            {%- endif -%}
            {%- set expression = dark_social.json_extract_text(
                'cast(' ~ adapter.quote(available[json_column | lower][0]) ~ ' as ' ~ dbt.type_string() ~ ')',
                json_paths[name]) -%}
        {%- elif found | length == 0 -%}
            {%- if spec.required -%}
                {{ exceptions.raise_compiler_error(
                    "dark_social: the raw hits have no column for the required contract column '" ~ name
                    ~ "' (looked for: " ~ candidates | join(', ') ~ "). Map it in var dark_social__raw_hits_columns, "
                    ~ "e.g. {" ~ name ~ ": your_column}. Columns found: "
                    ~ available.values() | map(attribute=0) | join(', ') ~ ".") }}
            {%- endif -%}
            {%- set expression = 'null' -%}
            {%- if spec.kind == 'timestamp' -%}{%- do items.append('false as has_raw_' ~ name) -%}{%- endif -%}
        {%- elif spec.kind == 'timestamp' -%}
            {%- set parts = [] -%}
            {%- for column_name, data_type in found -%}
                {%- if dark_social.is_numeric_type(data_type) -%}
                    {%- do parts.append(dark_social.epoch_column_to_utc(column_name, data_type, name)) -%}
                {%- else -%}
                    {%- do parts.append(dark_social.to_utc_timestamp(adapter.quote(column_name), data_type)) -%}
                {%- endif -%}
            {%- endfor -%}
            {%- set expression = parts[0] if parts | length == 1 else 'coalesce(' ~ parts | join(', ') ~ ')' -%}
            {#- whether the raw value was there at all (not null, not blank text), to tell "missing" from "unparseable" -#}
            {%- set present = [] -%}
            {%- for column_name, data_type in found -%}
                {%- if dark_social.is_text_type(data_type) -%}
                    {%- do present.append("nullif(trim(" ~ adapter.quote(column_name) ~ "), '') is not null") -%}
                {%- else -%}
                    {%- do present.append(adapter.quote(column_name) ~ ' is not null') -%}
                {%- endif -%}
            {%- endfor -%}
            {%- do items.append('(' ~ present | join(' or ') ~ ') as has_raw_' ~ name) -%}
        {%- else -%}
            {%- set parts = [] -%}
            {%- for column_name, data_type in found -%}
                {%- do parts.append('cast(' ~ adapter.quote(column_name) ~ ' as ' ~ dbt.type_string() ~ ')') -%}
            {%- endfor -%}
            {%- set expression = parts[0] if parts | length == 1 else 'coalesce(' ~ parts | join(', ') ~ ')' -%}
        {%- endif -%}

        {%- if spec.kind == 'timestamp' -%}
            {%- do items.append('cast(' ~ expression ~ ' as ' ~ dbt.type_timestamp() ~ ') as ' ~ name) -%}
        {%- else -%}
            {%- do items.append('cast(' ~ expression ~ ' as ' ~ dbt.type_string() ~ ') as ' ~ name) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(items) }}
{%- endmacro %}


{% macro is_numeric_type(data_type) -%}
    {#- Whether a column type (as the engine names it) holds numbers (integers, decimals, floats). -#}
    {%- set type = (data_type or '') | lower | trim -%}
    {%- set numeric = ['tinyint', 'smallint', 'integer', 'int', 'bigint', 'hugeint', 'utinyint', 'usmallint',
                       'uinteger', 'ubigint', 'uhugeint', 'int2', 'int4', 'int8', 'int64', 'long', 'short',
                       'byte', 'double', 'float', 'float4', 'float8', 'float64', 'real', 'decimal', 'numeric',
                       'number', 'bignumeric'] -%}
    {{ return(type.split('(')[0].split(' ')[0] in numeric) }}
{%- endmacro %}


{% macro epoch_column_to_utc(column_name, data_type, contract_name) -%}
    {#-
        A numeric raw timestamp column read as an epoch in var `dark_social__raw_hit_at_epoch_unit`
        (`s`, `ms` or `us`); without the var, an error naming the column and its type (a number read
        in the wrong unit is a wrong date, and text casts would quarantine every row).
    -#}
    {%- set unit = var('dark_social__raw_hit_at_epoch_unit') -%}
    {%- if unit is none -%}
        {{ exceptions.raise_compiler_error(
            "dark_social: raw column '" ~ column_name ~ "' (contract column " ~ contract_name ~ ") is numeric ("
            ~ data_type ~ "): an epoch number, not a timestamp. Say its unit with var "
            ~ "dark_social__raw_hit_at_epoch_unit: s, ms or us (e.g. --vars '{dark_social__raw_hit_at_epoch_unit: ms}'), "
            ~ "or give a timestamp or ISO-8601 text column (docs/contract.md).") }}
    {%- endif -%}
    {%- set factors = {'s': 1000000, 'ms': 1000, 'us': 1} -%}
    {%- if unit not in factors -%}
        {{ exceptions.raise_compiler_error(
            "dark_social: var dark_social__raw_hit_at_epoch_unit is '" ~ unit ~ "'; it must be s, ms or us.") }}
    {%- endif -%}
    {{ return(dark_social.epoch_microseconds_to_timestamp(
        '(' ~ adapter.quote(column_name) ~ ') * ' ~ factors[unit])) }}
{%- endmacro %}


{% macro is_text_type(data_type) -%}
    {#- Whether a column type (as the engine names it) holds text. -#}
    {%- set type = (data_type or '') | lower -%}
    {{ return(type == '' or 'char' in type or 'text' in type or 'string' in type) }}
{%- endmacro %}


{% macro raw_hits_loaded_at_query() -%}
    {#-
        The query `dbt source freshness` runs on the raw hits: the latest `hit_at` as the contract
        reads it (mapped column, any timestamp format, UTC), from the table or the files.
    -#}
    {%- set relation = dark_social.source_relation('hits') -%}
    {%- set columns = dark_social.raw_hits_columns(relation) -%}
    {%- set found = namespace(item=none) -%}
    {%- for item in columns if item.endswith(' as hit_at') -%}{%- set found.item = item -%}{%- endfor -%}
    {{ return('select max(raw_hits.hit_at) from (select ' ~ found.item ~ ' from ' ~ relation ~ ' as raw_rows) as raw_hits') }}
{%- endmacro %}
