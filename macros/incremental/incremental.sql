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


{% macro hit_window_start(time_column='hit_at', filter='1 = 1', late_source=none, rebuilt_parent=none) -%}
    {#-
        Start of the event-time window an incremental hit-level model reprocesses, as a SQL
        timestamp literal; none on a full build. Latest `time_column` already built (rows passing
        `filter`) minus the lookback, or the backfill start when that is earlier. With
        `late_source` (the staged hits), days before that start where the source holds more hits
        than were built (late data, `late_hit_days`) widen the window to the earliest of them, or
        stop the run (var `dark_social__late_hits`). With `rebuilt_parent`, the earliest hit the
        parent (re)built since this model's last run widens it too, so a model follows its
        parent's widened window.
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
    {%- set start = starts[0] if starts | length == 1 else 'least(' ~ starts | join(', ') ~ ')' -%}
    {%- if late_source is not none -%}
        {%- set late_day = dark_social.earliest_late_hit_day(late_source, time_column, start) -%}
        {%- if late_day is not none -%}
            {%- set start = 'least(' ~ start ~ ', ' ~ dark_social.timestamp_literal(late_day ~ ' 00:00:00') ~ ')' -%}
        {%- endif -%}
    {%- endif -%}
    {%- if rebuilt_parent is not none -%}
        {%- set rebuilt_from = dark_social.incremental_scalar(
            'select min(' ~ time_column ~ ') from ' ~ rebuilt_parent ~ ' where dbt_loaded_at > '
            ~ '(select max(dbt_loaded_at) from ' ~ this ~ ')') -%}
        {%- if rebuilt_from is not none -%}
            {%- set start = 'least(' ~ start ~ ', ' ~ dark_social.timestamp_literal(rebuilt_from) ~ ')' -%}
        {%- endif -%}
    {%- endif -%}
    {{ return(start) }}
{%- endmacro %}


{% macro earliest_late_hit_day(source_relation, time_column, window_start) -%}
    {#-
        Late data: the earliest day (UTC, `YYYY-MM-DD`) before `window_start` on which the source
        holds more hits than this model built (hits that arrived after the runs that covered their
        day), or none. A count per day on each side, no row-level join. Var
        `dark_social__late_hits`: `widen` (default) returns the day, so the window starts there and
        the marts equal a full refresh; `stop` fails the run before anything downstream (every mart
        of hits) is built, naming the days and the backfill command.
    -#}
    {%- set earliest = dark_social.earliest_hit_at() -%}
    {%- set per_day -%}
        select cast({{ time_column }} as date) as hit_day, count(*) as hits
        from {relation}
        where {{ time_column }} >= {{ earliest }} and {{ time_column }} < {{ window_start }}
        group by cast({{ time_column }} as date)
    {%- endset -%}
    {%- set query -%}
        select
            {{ dark_social.format_date('source_days.hit_day') }} as hit_day,
            source_days.hits - coalesce(built_days.hits, 0) as late_hits
        from ({{ per_day | replace('{relation}', source_relation | string) }}) as source_days
        left join ({{ per_day | replace('{relation}', this | string) }}) as built_days
            on source_days.hit_day = built_days.hit_day
        where source_days.hits > coalesce(built_days.hits, 0)
        order by source_days.hit_day
    {%- endset -%}
    {%- if not execute -%}{{ return(none) }}{%- endif -%}
    {%- set found = run_query(query) -%}
    {%- if found.rows | length == 0 -%}{{ return(none) }}{%- endif -%}
    {%- set first_day = found.rows[0][0] -%}
    {%- set days = [] -%}
    {%- for row in found.rows -%}{%- do days.append(row[0] ~ ' (' ~ row[1] ~ ')') -%}{%- endfor -%}
    {%- set mode = var('dark_social__late_hits') -%}
    {%- if mode not in ('widen', 'stop') -%}
        {{ exceptions.raise_compiler_error(
            "dark_social: var dark_social__late_hits is '" ~ mode ~ "'; it must be widen or stop.") }}
    {%- endif -%}
    {%- set summary = 'late hits older than the incremental window, on ' ~ days | length ~ ' day(s): '
        ~ (days[:10] | join(', ')) ~ (', ...' if days | length > 10 else '') -%}
    {%- if mode == 'stop' -%}
        {%- set cli_vars = invocation_args_dict.get('vars') or {} -%}
        {%- if cli_vars is string -%}{%- set cli_vars = fromyaml(cli_vars) or {} -%}{%- endif -%}
        {%- set backfill_vars = dict(cli_vars) -%}
        {%- do backfill_vars.update({'dark_social__backfill_start': first_day ~ ' 00:00:00'}) -%}
        {{ exceptions.raise_compiler_error(
            "dark_social: " ~ summary ~ ". Nothing downstream was built (var dark_social__late_hits: stop). "
            ~ "Backfill them with:
  dbt " ~ invocation_args_dict.get('which', 'build') ~ " --vars '"
            ~ tojson(backfill_vars) ~ "'
(or set dark_social__late_hits: widen to do it on every run).") }}
    {%- endif -%}
    {{ log('dark_social: ' ~ summary ~ '; the window starts on ' ~ first_day ~ ' (var dark_social__late_hits: widen).', info=true) }}
    {{ return(first_day) }}
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


{% macro delete_rebuilt_sessions(parent, time_column, since, client_column='client_id', parent_client='client_id', rewind_days=0) -%}
    {#-
        Pre-hook of a session-level incremental model: delete, for every client whose sessions
        the parent rebuilt since `since`, this model's sessions that start at or after the
        earliest rebuilt one (they are all rebuilt, some under another key), or `rewind_days`
        before it (a model whose rows read the client's later sessions rebuilds those too).
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
            and built_sessions.session_started_at >= {% if rewind_days -%}
                {{ dbt.dateadd('day', -1 * rewind_days, 'rebuilt.rebuilt_from') }}
            {%- else %}rebuilt.rebuilt_from{% endif %}
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
