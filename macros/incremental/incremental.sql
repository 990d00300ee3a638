{#-
    Incremental runs (README, "Scheduled runs"). Hit-level models reprocess a window of event
    time: every hit at or after (the latest hit already built minus
    `dark_social__incremental_lookback_hours`), or from `dark_social__backfill_start` when set.
    Session-level models and marts then pick up exactly what their parent (re)built in this or an
    earlier unfinished run, through the `dbt_loaded_at` stamp: hit-level models write the run's
    start time, session-level models carry their parent's stamp along (a watermark).
    `--full-refresh` rebuilds everything.
-#}

{% macro incremental_windows() -%}
    {#-
        Whether incremental runs reprocess a window (delete what is rebuilt, insert it again). Engines
        that cannot delete rows (Spark without Delta Lake) rebuild every incremental model in full
        instead: the hit-level strategy is then `insert_overwrite` with no partition, which replaces
        the table's rows in one statement, and the windows and watermarks are off.
    -#}
    {{ return(adapter.dispatch('incremental_windows', 'dark_social')()) }}
{%- endmacro %}

{% macro default__incremental_windows() -%}
    {{ return(true) }}
{%- endmacro %}

{% macro spark__incremental_windows() -%}
    {#- Delta Lake tables (Databricks, or Spark with Delta) delete and merge: set the strategy to `merge`. -#}
    {{ return(var('dark_social__hits_incremental_strategy') != 'insert_overwrite') }}
{%- endmacro %}


{% macro session_incremental_strategy() -%}
    {#-
        How session-level models and daily marts write: `append`, after their pre-hook deleted
        what is rebuilt (`delete_rebuilt_sessions`, `delete_rebuilt_days`); where windows are off
        (`incremental_windows`), the whole table replaced (`full_rebuild_strategy`).
    -#}
    {{ return('append' if dark_social.incremental_windows() else dark_social.full_rebuild_strategy()) }}
{%- endmacro %}

{% macro full_rebuild_strategy() -%}
    {{ return(adapter.dispatch('full_rebuild_strategy', 'dark_social')()) }}
{%- endmacro %}

{% macro default__full_rebuild_strategy() -%}
    {{ return('delete+insert') }}
{%- endmacro %}

{% macro spark__full_rebuild_strategy() -%}
    {{ return('insert_overwrite') }}
{%- endmacro %}


{% macro loaded_at() -%}
    {#- The stamp of this run, written on every row an incremental model (re)builds. -#}
    cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S.%f") }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}


{% macro incremental_scalar(sql) -%}
    {#- The single value a query returns on the existing table, at compile time (before any hook runs). -#}
    {%- if not execute -%}{{ return(none) }}{%- endif -%}
    {%- set result = run_query(sql) -%}
    {{ return(result.columns[0].values()[0] if result.rows | length > 0 else none) }}
{%- endmacro %}


{% macro timestamp_literal(value) -%}
    cast('{{ value }}' as {{ dbt.type_timestamp() }})
{%- endmacro %}


{% macro hit_window_start(time_column='hit_at', filter='1 = 1') -%}
    {#-
        Start of the event-time window an incremental hit-level model reprocesses, as a SQL
        timestamp literal; none on a full build. Latest `time_column` already built (rows passing
        `filter`) minus the lookback, or the backfill start when that is earlier.
    -#}
    {%- if not is_incremental() or not dark_social.incremental_windows() -%}{{ return(none) }}{%- endif -%}
    {%- set lookback_hours = var('dark_social__incremental_lookback_hours') -%}
    {%- set latest = dark_social.incremental_scalar(
        'select max(' ~ time_column ~ ') from ' ~ this ~ ' where ' ~ filter) -%}
    {%- set backfill_start = var('dark_social__backfill_start') -%}
    {%- if latest is none and backfill_start is none -%}{{ return(none) }}{%- endif -%}
    {%- set starts = [] -%}
    {%- if latest is not none -%}
        {%- do starts.append(dbt.dateadd('hour', -1 * lookback_hours, dark_social.timestamp_literal(latest))) -%}
    {%- endif -%}
    {%- if backfill_start is not none -%}
        {%- do starts.append(dark_social.timestamp_literal(backfill_start)) -%}
    {%- endif -%}
    {{ return(starts[0] if starts | length == 1 else 'least(' ~ starts | join(', ') ~ ')') }}
{%- endmacro %}


{% macro hit_window_filter(time_column, window_start) -%}
    {#- Rows of the window: at or after its start (and before `dark_social__backfill_end` when set). -#}
    {%- set backfill_end = var('dark_social__backfill_end') -%}
    ({{ time_column }} >= {{ window_start }}
        {%- if backfill_end is not none %} and {{ time_column }} < {{ dark_social.timestamp_literal(backfill_end) }}{% endif %})
{%- endmacro %}


{% macro last_loaded_at() -%}
    {#- The latest `dbt_loaded_at` of this model's table, as a SQL literal; none on a full build. -#}
    {%- if not is_incremental() or not dark_social.incremental_windows() -%}{{ return(none) }}{%- endif -%}
    {%- set latest = dark_social.incremental_scalar('select max(dbt_loaded_at) from ' ~ this) -%}
    {{ return(dark_social.timestamp_literal(latest) if latest is not none else none) }}
{%- endmacro %}


{% macro changed_since(relation_alias, since) -%}
    {#- Rows of a parent (re)built after `since` (all rows on a full build). -#}
    {%- if since is none -%}1 = 1{%- else -%}{{ relation_alias }}.dbt_loaded_at > {{ since }}{%- endif -%}
{%- endmacro %}


{% macro delete_rebuilt_sessions(parent, time_column, since, client_column='client_id', parent_client='client_id') -%}
    {#-
        Pre-hook of a session-level incremental model: delete, for every client whose sessions
        the parent rebuilt since `since`, this model's sessions that start at or after the
        earliest rebuilt one (they are all rebuilt, some under another key).
    -#}
    {%- if since is none -%}{{ return('') }}{%- endif -%}
    delete from {{ this }} as built_sessions
    where exists (
        select 1
        from (
            select {{ parent_client }} as client, min({{ time_column }}) as rebuilt_from
            from {{ parent }}
            where dbt_loaded_at > {{ since }}
            group by {{ parent_client }}
        ) as rebuilt
        where rebuilt.client = built_sessions.{{ client_column }}
            and built_sessions.session_started_at >= rebuilt.rebuilt_from
    )
{%- endmacro %}


{% macro delete_rebuilt_days(parent, since) -%}
    {#- Pre-hook of a daily mart: delete the days at or after the earliest day its parent rebuilt since `since`. -#}
    {%- if since is none -%}{{ return('') }}{%- endif -%}
    delete from {{ this }}
    where session_date >= (select min(session_date) from {{ parent }} where dbt_loaded_at > {{ since }})
{%- endmacro %}


{% macro rebuilt_days_filter(parent_alias, parent, since) -%}
    {#- Rows of the parent on the days a daily mart rebuilds (all rows on a full build). -#}
    {%- if since is none -%}1 = 1{%- else -%}
    {{ parent_alias }}.session_date >= (select min(session_date) from {{ parent }} where dbt_loaded_at > {{ since }})
    {%- endif -%}
{%- endmacro %}


{% macro client_key(client_id) -%}
    {#- The salted hash that stands for a client id in the marts (var `dark_social__client_id_salt`). -#}
    {{ dark_social.salted_hash(client_id) }}
{%- endmacro %}

{% macro salted_hash(expression) -%}
    {#-
        md5 of the salt (var `dark_social__client_id_salt`), `|` and `expression`: every key a mart
        exposes that comes from an identifier (client_key, session_key) and the access-log visitor
        id go through it, so none can be recomputed from raw ids (or IP addresses) without the salt.
    -#}
    {{ dbt.hash(dbt.concat([dark_social.sql_string_literal(dark_social.setting('dark_social__client_id_salt')), "'|'", expression])) }}
{%- endmacro %}

{% macro session_public_key(session_key) -%}
    {#- The session key of the marts: the salted hash of the internal one (which hashes the raw client id, unsalted). -#}
    {{ dark_social.salted_hash(dbt.concat(["'session|'", session_key])) }}
{%- endmacro %}

{% macro check_client_id_salt() -%}
    {#-
        Warns loudly when the salt is the package's published default (or empty): anyone can then
        recompute client_key and session_key from raw ids. Var `dark_social__default_salt_severity`
        set to `error` stops the build instead (for production).
    -#}
    {%- if not execute -%}{{ return('') }}{%- endif -%}
    {%- set salt = dark_social.setting('dark_social__client_id_salt') | string -%}
    {%- set severity = var('dark_social__default_salt_severity') -%}
    {%- if severity not in ('warn', 'error') -%}
        {{ exceptions.raise_compiler_error("dark_social: var dark_social__default_salt_severity is '" ~ severity
            ~ "'; set it to warn or error.") }}
    {%- endif -%}
    {%- if salt | trim in ('', 'dark_social') -%}
        {%- set message = "dark_social: THE CLIENT-ID SALT IS THE PUBLISHED DEFAULT. client_key and session_key in the "
            ~ "marts can be recomputed from raw client ids (and access-log IP addresses) by anyone. Set a secret "
            ~ "salt: environment variable DARK_SOCIAL_CLIENT_ID_SALT or var dark_social__client_id_salt, then "
            ~ "`dbt build --full-refresh` (README, section Privacy). Set var dark_social__default_salt_severity: "
            ~ "error to refuse such builds in production." -%}
        {%- if severity == 'error' -%}
            {{ exceptions.raise_compiler_error(message) }}
        {%- else -%}
            {%- do exceptions.warn(message) -%}
        {%- endif -%}
    {%- endif -%}
    {{ return('') }}
{%- endmacro %}
