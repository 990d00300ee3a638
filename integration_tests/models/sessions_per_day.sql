-- A user model on top of the package: sessions per reporting day.
select
    session_date_local,
    count(*) as sessions
from {{ ref('dark_social', 'int_dark_social_sessions__aggregated') }}
group by session_date_local
