-- The project's own fct_sessions (any project with sessions has one): the package must neither
-- read it nor test it. It holds one marker row, so a package model reading it would be caught.
select
    'not the package' as session_key,
    cast('2000-01-01' as date) as session_date
