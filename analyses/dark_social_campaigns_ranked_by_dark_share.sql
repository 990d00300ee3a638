-- Which campaigns are shared privately? Campaigns ranked by the share of their sessions that
-- are dark social, with tracked messaging shares beside them (campaigns of 50 sessions or more).
select
    campaign,
    sum(sessions) as sessions,
    sum(dark_social_sessions) as dark_social_sessions,
    sum(tracked_messaging_sessions) as tracked_messaging_sessions,
    cast(sum(dark_social_sessions) as {{ dark_social.type_double() }})
    / nullif(sum(sessions), 0) as dark_share_of_sessions
from {{ ref('dark_social', 'fct_dark_social_campaigns_daily') }}
group by campaign
having sum(sessions) >= 50
order by dark_share_of_sessions desc, campaign asc
