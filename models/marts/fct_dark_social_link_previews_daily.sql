{#-
    Link-preview fetches by day, page and app, for BI: which pages are being pasted into which
    messaging or social app. Every fetch proves a share; it does not count the people who saw
    the preview (an app fetches once per chat, or once for all, depending on the app).
-#}
{{ config(materialized='table') }}

with

fetches as (
    select * from {{ ref('dark_social', 'int_dark_social_link_previews__fetches') }}
),

counted as (
    select
        fetch_date,
        page_host,
        page_path,
        app,
        count(*) as fetches,
        sum(case when is_page then 1 else 0 end) as page_fetches,
        count(distinct client_id) as fetchers,
        min(fetched_at) as first_fetched_at,
        max(fetched_at) as last_fetched_at
    from fetches
    group by fetch_date, page_host, page_path, app
),

final as (
    select
        cast(
            {{ dbt.hash(dbt.concat([
                dark_social.format_date('fetch_date'), "'|'", "coalesce(page_host, '')", "'|'", 'page_path',
                "'|'", 'app',
            ])) }}
            as {{ dbt.type_string() }}
        ) as preview_day_key,
        cast(fetch_date as date) as fetch_date,
        cast(page_host as {{ dbt.type_string() }}) as page_host,
        cast(page_path as {{ dbt.type_string() }}) as page_path,
        cast(app as {{ dbt.type_string() }}) as app,
        cast(fetches as {{ dbt.type_bigint() }}) as fetches,
        cast(page_fetches as {{ dbt.type_bigint() }}) as page_fetches,
        cast(fetchers as {{ dbt.type_bigint() }}) as fetchers,
        cast(first_fetched_at as {{ dbt.type_timestamp() }}) as first_fetched_at,
        cast(last_fetched_at as {{ dbt.type_timestamp() }}) as last_fetched_at
    from counted
)

select * from final
