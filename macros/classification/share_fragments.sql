{#-
    Share fragments (docs/method.md): sharing tools write a marker into the URL fragment, so a copied
    link carries it. AddThis: `#.` + 11 characters of [A-Za-z0-9_-] (address-bar copy), with
    `.service` when a button shared it, or legacy `#at_pco=`; ShareThis: `#sthash.XXXXXXXX.dpuf`
    (copy) or `.dpbs`.
-#}

{% macro share_fragment_kind(fragment) -%}
    {#- `copy` for an address-bar copy, `button` for a button share, null when no share marker. -#}
    {{ return(adapter.dispatch('share_fragment_kind', 'dark_social')(fragment)) }}
{%- endmacro %}

{% macro default__share_fragment_kind(fragment) -%}
    case
        when {{ fragment }} is null then null
        when {{ dark_social.regexp_matches(fragment, '^[.][A-Za-z0-9_-]{11}$') }} then 'copy'
        when {{ dark_social.regexp_matches(fragment, '^[.][A-Za-z0-9_-]{11}[.][A-Za-z0-9_]+$') }} then 'button'
        when {{ dark_social.regexp_matches(fragment, '^at_pco=') }} then 'copy'
        when {{ dark_social.regexp_matches(fragment, '^sthash[.][A-Za-z0-9]{8}[.]dpuf$') }} then 'copy'
        when {{ dark_social.regexp_matches(fragment, '^sthash[.][A-Za-z0-9]{8}[.]dpbs$') }} then 'button'
    end
{%- endmacro %}

{% macro share_fragment_service(fragment) -%}
    {#- The service an AddThis button share names (`#.WNU1xGHp7QE.whatsapp` -> `whatsapp`), else null. -#}
    lower({{ dark_social.regexp_extract(fragment, '^[.][A-Za-z0-9_-]{11}[.]([A-Za-z0-9_]+)$', 1) }})
{%- endmacro %}
