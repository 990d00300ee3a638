{% macro render_engine_sql() %}
    {#-
        Renders every dispatched SQL macro of the package, with sample arguments, as one select
        per macro, for the target's engine, without touching the warehouse. Used to check the
        engines CI cannot reach (BigQuery, Snowflake) offline: `dbt run-operation
        render_engine_sql --target bigquery` prints JSON lines that `engines/check_offline.py`
        parses with sqlglot in that engine's dialect.
    -#}
    {%- set url = "url" -%}
    {%- set samples = {
        'regexp_extract': dark_social.regexp_extract(url, '^[^?#]*[?]([^#]*)', 1),
        'url_host': dark_social.url_host(url),
        'url_path': dark_social.url_path(url),
        'url_fragment': dark_social.url_fragment(url),
        'normalize_host': dark_social.normalize_host(url),
        'normalize_path': dark_social.normalize_path(url),
        'query_parameter': dark_social.query_parameter(url, 'utm_source'),
        'decode_query_value': dark_social.decode_query_value(url),
        'url_with_allowed_parameters': dark_social.url_with_allowed_parameters(url, url, url, url),
        'redact_segments': dark_social.redact_segments(url, [('[0-9]{5,}', '{id}'), ('\\[?[0-9a-f:]+\\]?', '{ip}')]),
        'matches_regex': dark_social.matches_regex(url, "'^a'"),
        'regexp_replace_all': dark_social.regexp_replace_all(url, '(.)/+$', '\\1'),
        'device_category': dark_social.device_category(url),
        'share_fragment_kind': dark_social.share_fragment_kind(url),
        'share_fragment_service': dark_social.share_fragment_service(url),
        'user_agent_matches': dark_social.user_agent_matches(url, url, url),
        'host_matches': dark_social.host_matches(url, url, url),
        'path_matches': dark_social.path_matches(url, url, url),
        'seconds_between': dark_social.seconds_between('started_at', 'ended_at'),
        'from_utc_timestamp': dark_social.from_utc_timestamp('started_at', 'Europe/Paris'),
        'to_utc_timestamp_text': dark_social.to_utc_timestamp(url, 'string'),
        'to_utc_timestamp_typed': dark_social.to_utc_timestamp('started_at', 'timestamp'),
        'utc_now': dark_social.utc_now(),
        'format_timestamp': dark_social.format_timestamp('started_at'),
        'format_date': dark_social.format_date('started_day'),
        'lag_ignore_nulls': dark_social.lag_ignore_nulls(url, 'partition by client_id order by started_at'),
        'client_key': dark_social.client_key('client_id'),
        'type_double': 'cast(1 as ' ~ dark_social.type_double() ~ ')',
        'traffic_origin': dark_social.traffic_origin(),
        'ga4_channel': dark_social.ga4_default_channel_group('source', 'medium', 'campaign', 'source_category'),
        'ga4_shard_filter': dark_social.ga4_shard_filter('20250301', '20250305'),
        'source_lookup_key': dark_social.source_lookup_key(url),
    } -%}
    {%- for name, expression in samples.items() -%}
        {%- do print(tojson({'macro': name, 'sql': 'select ' ~ expression ~ ' as value from t'})) -%}
    {%- endfor -%}
    {%- do print(tojson({'macro': 'day_spine', 'sql': dark_social.day_spine("'2025-01-01'", "'2025-01-31'")})) -%}
{% endmacro %}
