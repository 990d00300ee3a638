-- The package's simple-URL macro on a model of our own, with raw URLs and bare paths.
{{ dark_social.simple_urls(ref('page_urls'), 'url') }}
