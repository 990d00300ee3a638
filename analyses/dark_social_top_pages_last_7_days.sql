-- Which pages are shared privately the most? The 20 landing pages with the most dark social
-- sessions over the last 7 days of data, with how much of their direct traffic is dark.
with

pages as (
    select * from {{ ref('dark_social', 'fct_dark_social_pages_daily') }}
),

last_day as (
    select max(session_date) as last_day from pages
),

last_7_days as (
    select pages.*
    from pages
    cross join last_day
    where pages.session_date > {{ dbt.dateadd('day', -7, 'last_day.last_day') }}
)

select
    landing_host,
    landing_path,
    sum(dark_social_sessions) as dark_social_sessions,
    sum(dark_social_sessions_high) as dark_social_sessions_high,
    sum(sessions) as sessions,
    cast(sum(dark_social_sessions) as {{ dark_social.type_double() }})
    / nullif(sum(direct_sessions), 0) as dark_share_of_direct
from last_7_days
group by landing_host, landing_path
order by dark_social_sessions desc, landing_path asc
limit 20
