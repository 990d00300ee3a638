-- How much sharing escapes the share buttons, day by day: dark social sessions against tracked
-- messaging shares (share buttons), and their ratio.
select
    session_date,
    dark_social_sessions,
    dark_social_sessions_high,
    tracked_messaging_sessions,
    dark_to_tracked_messaging_ratio,
    dark_share_of_direct
from {{ ref('dark_social', 'fct_dark_social_daily') }}
order by session_date
