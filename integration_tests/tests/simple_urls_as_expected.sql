-- Every URL is classified as the seed expects: returns the ones that are not.
select url, why, is_simple_url, simple_url_path, simple_url_rule
from {{ ref('page_urls_simple') }}
where is_simple_url <> (expected_simple = 'true')
