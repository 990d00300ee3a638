"""Deterministic demo data: realistic raw web hits of one site, with the true origin of every visit.

`generate()` writes what a client-side tracker or a server log would collect on
`www.dark-social-demo.com`, and beside it the truth the dbt package tries to recover:

    out_dir/hits/part-00000.parquet ...     raw hits, the only thing dbt reads
    out_dir/truth/visits-00000.parquet ...  one row per generated visit and its true origin
    out_dir/summary.json                    counts, including `expected_sessions`

How the data is made, so that tests can rely on it:

* Work goes in blocks of `BLOCK_HITS` hits. Each block draws its own visitors and visits over the
  whole period from a random generator seeded with `(seed, block)`, builds their hits, writes them
  and is discarded, so memory stays flat at any size. The rows depend on `hits`, `seed`, `days` and
  `start` only: `chunk_hits` changes how rows are cut into files, never the rows. Rows are in time
  order within a block, not across the whole output (like appended log exports).
* A visit is one session by construction: consecutive hits of a visit are at most 20 minutes
  apart, two visits of one client are more than 45 minutes apart, and every bot or link-preview
  visit has a client id of its own. With a 30-minute inactivity rule and duplicates and malformed
  rows removed, the session count is therefore exactly the number of visits (`expected_sessions`).
* Dirty rows (a few per 10,000) are copies of clean hits: exact duplicates that keep the hit_id,
  and malformed rows (new hit_id) with a missing timestamp, a missing or empty client id, or a
  missing or non-web page URL. They belong to no visit.

Classification rules live in the dbt project, never here: this module only draws traffic whose
true origin is known.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

__all__ = ["BLOCK_HITS", "HITS_SCHEMA", "ORIGINS", "TRUTH_SCHEMA", "GenerationSummary", "generate"]

#: Hits generated per block (the unit of randomness and of memory use), independent of file size.
BLOCK_HITS = 50_000

HITS_SCHEMA = pa.schema(
    [
        ("hit_id", pa.string()),
        ("hit_at", pa.timestamp("us")),
        ("client_id", pa.string()),
        ("page_url", pa.string()),
        ("referrer_url", pa.string()),
        ("user_agent", pa.string()),
        ("event_name", pa.string()),
        ("event_value", pa.float64()),
        ("event_currency", pa.string()),
    ]
)

TRUTH_SCHEMA = pa.schema(
    [
        ("visit_id", pa.string()),
        ("client_id", pa.string()),
        ("landing_hit_id", pa.string()),
        ("started_at", pa.timestamp("us")),
        ("hit_count", pa.int64()),
        ("true_origin", pa.string()),
        ("is_dark_social", pa.bool_()),
        ("dark_social_app", pa.string()),
        ("dark_social_evidence", pa.string()),
        ("is_bot", pa.bool_()),
        ("landing_path", pa.string()),
    ]
)

# ---- time ------------------------------------------------------------------------------------

_SECOND = 1_000_000  # timestamps are integer microseconds
_MINUTE = 60 * _SECOND
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
#: Gap between two hits of a visit: at least 5 s, at most 20 min (under the 30-min session rule).
_MIN_GAP = 5 * _SECOND
_MAX_GAP = 20 * _MINUTE
#: Two visits of one client start more than this long after the previous one ended.
_VISIT_SEPARATION = 45 * _MINUTE + _SECOND
#: No visit starts earlier than this in the period, so a preview fetched up to 5 min before fits.
_EARLIEST_START = 5 * _MINUTE
#: Relative traffic by UTC hour: a European-centred audience, quiet at night.
_HOUR_WEIGHTS = (
    0.30, 0.18, 0.12, 0.10, 0.12, 0.20, 0.40, 0.65, 0.85, 0.95, 1.00, 1.00,
    1.00, 1.00, 0.95, 0.95, 0.95, 1.00, 1.05, 1.10, 1.05, 0.90, 0.65, 0.45,
)  # fmt: skip
_WEEKEND_WEIGHT = 0.75

# ---- the site ---------------------------------------------------------------------------------

HOST = "https://www.dark-social-demo.com"
#: Landing URLs as typed or pasted: mostly canonical, sometimes odd case or without `www.`.
_LANDING_HOSTS = (
    (HOST, 0.97),
    ("https://WWW.Dark-Social-Demo.com", 0.015),
    ("https://dark-social-demo.com", 0.015),
)
_SECTIONS = (
    "/blog", "/products", "/product", "/about", "/contact",
    "/login", "/account", "/cart", "/search", "/pricing",
)  # fmt: skip
#: Landing weights of the sections, for most origins and for typed / bookmarked visits.
_SECTION_LANDING = (0.22, 0.20, 0.04, 0.08, 0.06, 0.10, 0.03, 0.02, 0.05, 0.20)
_SECTION_DIRECT = (0.12, 0.12, 0.03, 0.04, 0.05, 0.25, 0.18, 0.10, 0.03, 0.08)
_SEARCH_TERMS = (
    "whatsapp", "dark+social", "pricing", "headphones", "return+policy", "gift+card",
    "utm+builder", "backpack", "shipping", "caf%C3%A9", "newsletter", "travel+mug",
)  # fmt: skip
_PAGINATED = ("/blog", "/products")

_KINDS = ("home", "section", "blog", "product", "long")
_HOME, _SECTION, _BLOG, _PRODUCT, _LONG = range(5)


@dataclass(frozen=True)
class _Site:
    """Every page of the demo site; deep pages are ordered by popularity (Zipf-like)."""

    paths: tuple[str, ...]
    kinds: np.ndarray  # page index -> kind code
    pages_by_kind: tuple[np.ndarray, ...]  # kind code -> page indices, most popular first
    zipf_by_kind: tuple[np.ndarray, ...]  # kind code -> probabilities of those pages
    nav_urls: tuple[str, ...]  # pages reached by internal navigation (full URLs)
    nav_weights: np.ndarray
    nav_is_product: np.ndarray


def _slugs(rng: np.random.Generator, count: int, make: Callable[[np.random.Generator], str]) -> list[str]:
    slugs: list[str] = []
    seen: set[str] = set()
    while len(slugs) < count:
        slug = make(rng)
        if slug not in seen:
            seen.add(slug)
            slugs.append(slug)
    return slugs


def _one(rng: np.random.Generator, words: Sequence[str]) -> str:
    return words[int(rng.integers(len(words)))]


_TOPICS = (
    "dark-social", "whatsapp-shares", "direct-traffic", "utm-tags", "email-campaigns",
    "link-previews", "referrer-data", "share-buttons", "customer-journeys", "attribution-models",
    "private-sharing", "messenger-links", "newsletter-growth", "seo-audits", "landing-pages",
    "conversion-rates", "mobile-traffic", "in-app-browsers", "ga4-channels", "cookie-consent",
    "first-party-data", "content-strategy", "word-of-mouth", "community-growth", "bounce-rates",
)  # fmt: skip
_VERBS = ("measure", "track", "grow", "understand", "fix", "audit", "segment", "attribute", "explain")
_AUDIENCES = ("marketers", "publishers", "ecommerce-teams", "startups", "analysts", "newsrooms")
_BRANDS = ("aurora", "nordic", "urban", "classic", "compact", "solar", "velvet", "alpine", "coastal")
_PRODUCTS = (
    "wireless-headphones", "travel-mug", "desk-lamp", "backpack", "running-shoes", "water-bottle",
    "notebook", "phone-case", "yoga-mat", "coffee-grinder", "smart-speaker", "rain-jacket",
    "sunglasses", "wall-clock", "throw-blanket",
)  # fmt: skip
_MODELS = ("", "-pro", "-mini", "-x2", "-2025", "-lite", "-max")


def _blog_slug(rng: np.random.Generator) -> str:
    topic, verb = _one(rng, _TOPICS), _one(rng, _VERBS)
    pattern = int(rng.integers(6))
    if pattern == 0:
        return f"how-to-{verb}-{topic}"
    if pattern == 1:
        return f"{int(rng.integers(3, 15))}-ways-to-{verb}-{topic}"
    if pattern == 2:
        return f"what-{topic}-means-for-{_one(rng, _AUDIENCES)}"
    if pattern == 3:
        return f"{topic}-explained"
    if pattern == 4:
        return f"why-you-should-{verb}-{topic}-in-{int(rng.integers(2019, 2026))}"
    return f"case-study-{topic}-at-{_one(rng, _BRANDS)}"


def _product_slug(rng: np.random.Generator) -> str:
    return f"{_one(rng, _BRANDS)}-{_one(rng, _PRODUCTS)}{_one(rng, _MODELS)}"


def _long_slug(rng: np.random.Generator) -> str:
    topic, audience = _one(rng, _TOPICS), _one(rng, _AUDIENCES)
    pattern = int(rng.integers(4))
    if pattern == 0:
        return f"the-complete-guide-to-{topic}-for-{audience}-in-2025"
    if pattern == 1:
        return f"everything-we-learned-from-{int(rng.integers(2, 90))}-million-{topic}"
    if pattern == 2:
        return f"why-{topic}-is-the-biggest-blind-spot-of-{audience}-today"
    return f"what-{audience}-get-wrong-about-{topic}-and-how-to-{_one(rng, _VERBS)}-it"


#: A few slugs carry percent-escapes, as real CMS slugs with accents or punctuation do.
_ESCAPED_BLOG = (
    "caf%C3%A9-marketing-lessons-from-paris",
    "na%C3%AFve-attribution-and-its-discontents",
    "why-%E2%80%9Cdirect%E2%80%9D-traffic-is-not-direct",
    "50%25-of-shares-happen-in-private",
)
_ESCAPED_PRODUCT = ("cr%C3%A8me-leather-wallet",)
_ESCAPED_LONG = ("the-r%C3%A9sum%C3%A9-of-a-dark-social-marketer-and-what-it-taught-us",)


def _zipf(count: int, exponent: float = 1.07) -> np.ndarray:
    weights = 1.0 / np.arange(1, count + 1) ** exponent
    return weights / weights.sum()


def _build_site() -> _Site:
    """The same site for every seed: generated once from a fixed seed of its own."""
    rng = np.random.default_rng(20250106)
    blog = _slugs(rng, 300, _blog_slug)
    products = _slugs(rng, 150, _product_slug)
    long = _slugs(rng, 40, _long_slug)
    for position, slug in zip((7, 42, 99, 150), _ESCAPED_BLOG, strict=True):
        blog[position] = slug
    products[23] = _ESCAPED_PRODUCT[0]
    long[5] = _ESCAPED_LONG[0]

    paths = ["/", *_SECTIONS]
    kinds = [_HOME] + [_SECTION] * len(_SECTIONS)
    for kind, prefix, slugs in (
        (_BLOG, "/blog/", blog),
        (_PRODUCT, "/products/", products),
        (_LONG, "/", long),
    ):
        paths += [prefix + slug for slug in slugs]
        kinds += [kind] * len(slugs)
    kind_codes = np.asarray(kinds, dtype=np.int64)
    pages_by_kind = tuple(np.flatnonzero(kind_codes == kind) for kind in range(len(_KINDS)))
    zipf_by_kind = tuple(_zipf(len(pages)) for pages in pages_by_kind)

    # Internal navigation: the page weights below, search results and listing pages 2 and 3.
    nav: list[tuple[str, float, bool]] = [(HOST + "/", 0.16, False)]
    section_nav = (0.08, 0.08, 0.02, 0.02, 0.015, 0.02, 0.015, 0.03, 0.0, 0.03)
    nav += [(HOST + path, weight, False) for path, weight in zip(_SECTIONS, section_nav, strict=True)]
    nav += [(f"{HOST}/search?q={term}", 0.02 / len(_SEARCH_TERMS), False) for term in _SEARCH_TERMS]
    nav += [(f"{HOST}{path}?page={page}", 0.004, False) for path in _PAGINATED for page in (2, 3)]
    for kind, share in ((_BLOG, 0.25), (_PRODUCT, 0.17), (_LONG, 0.05)):
        for page, weight in zip(pages_by_kind[kind], zipf_by_kind[kind], strict=True):
            nav.append((HOST + paths[page], share * float(weight), kind == _PRODUCT))
    nav_weights = np.asarray([weight for _, weight, _ in nav])
    return _Site(
        paths=tuple(paths),
        kinds=kind_codes,
        pages_by_kind=pages_by_kind,
        zipf_by_kind=zipf_by_kind,
        nav_urls=tuple(url for url, _, _ in nav),
        nav_weights=nav_weights / nav_weights.sum(),
        nav_is_product=np.asarray([is_product for _, _, is_product in nav]),
    )


# ---- user agents ----------------------------------------------------------------------------

_DESKTOP_UAS = (
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36", 0.38),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36", 0.16),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.2 Safari/605.1.15", 0.12),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", 0.14),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", 0.08),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 Firefox/133.0", 0.04),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Safari/537.36", 0.05),
    ("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", 0.03),
)  # fmt: skip
_IOS_UAS = (
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.2 Mobile/15E148 Safari/604.1", 0.55),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.6 Mobile/15E148 Safari/604.1", 0.25),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "CriOS/131.0.6778.103 Mobile/15E148 Safari/604.1", 0.12),
    ("Mozilla/5.0 (iPad; CPU OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/18.2 Mobile/15E148 Safari/604.1", 0.08),
)  # fmt: skip
_ANDROID_UAS = (
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.0.0 Mobile Safari/537.36", 0.60),
    ("Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36", 0.25),
    ("Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/130.0.6723.107 Mobile Safari/537.36", 0.10),
    ("Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0", 0.05),
)  # fmt: skip
#: The Google app on iOS: search or Discover, often without a referrer.
_GSA_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "GSA/346.0.704348112 Mobile/15E148 Safari/604.1"
)
_IOS_WEBKIT = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
)
_ANDROID_WEBVIEW = (
    "Mozilla/5.0 (Linux; Android 14; SM-S911B Build/UP1A.231005.007; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/131.0.6778.39 Mobile Safari/537.36"
)
#: In-app browsers of social apps ("hidden social" when the referrer is stripped).
_SOCIAL_APP_UAS = {
    "Facebook": (
        f"{_IOS_WEBKIT} Mobile/15E148 [FBAN/FBIOS;FBAV/490.0.0.52.107;FBBV/681516367;FBDV/iPhone16,2;"
        "FBMD/iPhone;FBSN/iOS;FBSV/18.1;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0]",
        f"{_ANDROID_WEBVIEW} [FB_IAB/FB4A;FBAV/492.0.0.63.110;]",
    ),
    "Instagram": (
        f"{_IOS_WEBKIT} Mobile/15E148 Instagram 361.0.0.35.82 (iPhone15,2; iOS 18_1; en_US; en; "
        "scale=3.00; 1179x2556; 674117118)",
        f"{_ANDROID_WEBVIEW} Instagram 360.0.0.52.192 Android (34/14; 420dpi; 1080x2340; samsung; "
        "SM-S911B; dm1q; qcom; en_US; 672535977)",
    ),
    "TikTok": (
        f"{_IOS_WEBKIT} Mobile/15E148 musical_ly_37.8.0 JsSdk/2.0 NetType/WIFI Channel/App Store "
        "ByteLocale/en Region/US BytedanceWebview/d8a21c6",
        f"{_ANDROID_WEBVIEW} musical_ly_2023708030 JsSdk/1.0 NetType/WIFI Channel/googleplay "
        "AppName/musical_ly app_version/37.8.3 ByteLocale/en Region/US BytedanceWebview/d8a21c6",
    ),
    "LinkedIn": (
        f"{_IOS_WEBKIT} Mobile/15E148 [LinkedInApp]/9.30.1144",
        f"{_ANDROID_WEBVIEW} [LinkedInApp]/4.1.1020",
    ),
    "Snapchat": (f"{_IOS_WEBKIT} Mobile/15E148 Snapchat/13.20.0.42 (like Safari/8619.1.26.30.5, panda)",),
}
_BOT_UAS = (
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 0.30),
    ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/131.0.6778.69 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
     0.20),
    ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 0.15),
    ("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", 0.12),
    ("Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", 0.08),
    ("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", 0.05),
    ("python-requests/2.31.0", 0.10),
)  # fmt: skip
_WHATSAPP_PREVIEW = "WhatsApp/2.23.20.0 A"
_FACEBOOK_PREVIEW = "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)"
_TELEGRAM_PREVIEW = "TelegramBot (like TwitterBot)"
_SLACK_PREVIEW = "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)"
_DISCORD_PREVIEW = "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)"
_SKYPE_PREVIEW = (
    "Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com"
)
_IMESSAGE_PREVIEW = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) "
    "Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0"
)
_LINE_PREVIEW = "facebookexternalhit/1.1;line-poker/1.0"
#: Preview fetches with no click after them (the link was pasted; nobody opened it yet).
_PREVIEW_UAS = (
    (_WHATSAPP_PREVIEW, 0.30),
    ("WhatsApp/2.24.25.78 i", 0.08),
    (_FACEBOOK_PREVIEW, 0.14),
    (_TELEGRAM_PREVIEW, 0.08),
    (_SLACK_PREVIEW, 0.08),
    (_DISCORD_PREVIEW, 0.05),
    (_SKYPE_PREVIEW, 0.04),
    (_IMESSAGE_PREVIEW, 0.06),
    ("LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)", 0.06),
    ("Twitterbot/1.0", 0.05),
    ("Mozilla/5.0 (compatible; redditbot/1.0; +http://www.reddit.com/feedback)", 0.03),
    ("Iframely/1.3.1 (+https://iframely.com/docs/about)", 0.02),
    ("Mozilla/5.0 (compatible; Pinterestbot/1.0; +http://www.pinterest.com/bot.html)", 0.01),
)


@dataclass(frozen=True)
class _App:
    """A private channel a link can be shared in, with the traces it leaves (if any)."""

    name: str
    utm_source: str | None  # value used by share buttons
    in_app_uas: tuple[str, ...]  # in-app browser user agents
    preview_ua: str | None  # link-preview fetcher
    web_referrers: tuple[str, ...]  # web client hosts that pass a referrer
    android_package: str | None  # sends android-app://<package>/ as referrer
    desktop_share: float  # share of clicks made on a desktop


_APPS = (
    _App("WhatsApp", "whatsapp", (
        f"{_IOS_WEBKIT} Mobile/15E148 WAiOS/2.24.23.78",
        f"{_ANDROID_WEBVIEW} WA4A/2.24.25.79",
    ), _WHATSAPP_PREVIEW, ("https://web.whatsapp.com/",), "com.whatsapp", 0.15),
    _App("Messenger", "messenger", (
        f"{_IOS_WEBKIT} Mobile/15E148 [FBAN/MessengerForiOS;FBAV/484.0.0.45.109;FBBV/665401386;"
        "FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/18.1;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5]",
        f"{_ANDROID_WEBVIEW} [FB_IAB/MESSENGER;FBAV/485.0.0.41.109;]",
    ), _FACEBOOK_PREVIEW, ("https://l.messenger.com/", "https://www.messenger.com/"), None, 0.20),
    _App("WeChat", "wechat", (
        f"{_IOS_WEBKIT} Mobile/15E148 MicroMessenger/8.0.50(0x1800323c) NetType/WIFI Language/zh_CN",
        f"{_ANDROID_WEBVIEW} XWEB/1160083 MMWEBSDK/20240404 MicroMessenger/8.0.49.2600(0x28003133) "
        "WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64",
    ), None, (), None, 0.10),
    _App("LINE", "line", (
        f"{_IOS_WEBKIT} Mobile/15E148 Safari Line/14.19.0",
        f"{_ANDROID_WEBVIEW} Line/14.18.1/IAB",
    ), _LINE_PREVIEW, (), "jp.naver.line.android", 0.10),
    _App("KakaoTalk", None, (
        f"{_IOS_WEBKIT} Mobile/15E148 KAKAOTALK 10.9.5",
        f"{_ANDROID_WEBVIEW};KAKAOTALK 2410300",
    ), None, (), None, 0.10),
    _App("Telegram", "telegram", (
        f"{_ANDROID_WEBVIEW} Telegram-Android/11.4.2 (Samsung SM-S911B; Android 14; SDK 34; HIGH)",
    ), _TELEGRAM_PREVIEW, ("https://t.me/", "https://web.telegram.org/"), "org.telegram.messenger", 0.30),
    _App("Slack", "slack", (), _SLACK_PREVIEW, ("https://app.slack.com/",), None, 0.80),
    _App("iMessage", None, (), _IMESSAGE_PREVIEW, (), None, 0.10),
    _App("SMS", "sms", (), None, (), None, 0.0),
    _App("Email", "email", (), None, (), None, 0.60),
    _App("Signal", None, (), None, (), None, 0.10),
    _App("Teams", "teams", (), _SKYPE_PREVIEW, ("https://teams.microsoft.com/",), None, 0.90),
    _App("Discord", "discord", (), _DISCORD_PREVIEW, ("https://discord.com/",), None, 0.60),
)  # fmt: skip
_APP_NAMES = tuple(app.name for app in _APPS)


def _app_weights(weights: dict[str, float]) -> np.ndarray:
    array = np.asarray([weights.get(name, 0.0) for name in _APP_NAMES])
    return array / array.sum()


#: Which app a link was shared in, per origin.
_DARK_APPS = _app_weights(
    {"WhatsApp": 0.40, "Messenger": 0.12, "WeChat": 0.05, "LINE": 0.04, "KakaoTalk": 0.02,
     "Telegram": 0.07, "Slack": 0.06, "iMessage": 0.08, "SMS": 0.04, "Email": 0.06,
     "Signal": 0.02, "Teams": 0.02, "Discord": 0.02}
)  # fmt: skip
_DARK_IN_APP_APPS = _app_weights({app.name: _DARK_APPS[i] for i, app in enumerate(_APPS) if app.in_app_uas})
_TRACKED_APPS = _app_weights(
    {"WhatsApp": 0.45, "Messenger": 0.15, "Telegram": 0.10, "SMS": 0.10, "Email": 0.12, "Slack": 0.08}
)
_WEB_APPS = _app_weights(
    {"WhatsApp": 0.40, "Telegram": 0.15, "Messenger": 0.15, "Slack": 0.15, "Teams": 0.10, "Discord": 0.05}
)
_ANDROID_APPS = _app_weights({"WhatsApp": 0.75, "Telegram": 0.15, "LINE": 0.10})
_APP_HAS_PREVIEW = np.asarray([app.preview_ua is not None for app in _APPS])

# ---- origins ----------------------------------------------------------------------------------

#: Every true_origin, with its share of visits (link previews that precede a click come on top).
_ORIGIN_SHARES = (
    ("organic_search", 0.240),
    ("paid_search", 0.060),
    ("organic_social", 0.055),
    ("hidden_social", 0.040),
    ("paid_social", 0.030),
    ("email", 0.045),
    ("referral", 0.045),
    ("campaign", 0.030),
    ("tracked_messaging", 0.020),
    ("dark_social", 0.100),
    ("messaging_web", 0.012),
    ("search_app", 0.015),
    ("messaging_app_referrer", 0.010),
    ("direct", 0.140),
    ("dark_search", 0.025),
    ("bot", 0.050),
    ("link_preview", 0.008),
    # a returning visitor who comes back to a page they saw (bookmark, history, retyped): never
    # drawn here, made from return visits once clients are known (_REVISIT_SHARE)
    ("returning_direct", 0.0),
)
ORIGINS = tuple(name for name, _ in _ORIGIN_SHARES)
_O = {name: code for code, name in enumerate(ORIGINS)}
_ORIGIN_P = np.asarray([share for _, share in _ORIGIN_SHARES]) / sum(share for _, share in _ORIGIN_SHARES)
#: Origins whose link was shared in a messaging app, with the chance a preview fetch came first.
_PREVIEW_CHANCE = {"dark_social": 0.40, "tracked_messaging": 0.30, "messaging_web": 0.20}
_PREVIEW_CHANCE_ANDROID = 0.30
_EVIDENCE = ("in_app_browser", "share_fragment", "deep_link")
_EVIDENCE_P = (0.35, 0.15, 0.50)

#: Landing page per origin: (home, section, deep) shares, then deep shares (blog, product, long).
_LANDING_MIX = {
    "organic_search": ((0.12, 0.18, 0.70), (0.65, 0.25, 0.10)),
    "paid_search": ((0.30, 0.35, 0.35), (0.05, 0.95, 0.00)),
    "organic_social": ((0.10, 0.05, 0.85), (0.60, 0.20, 0.20)),
    "hidden_social": ((0.12, 0.08, 0.80), (0.55, 0.25, 0.20)),
    "paid_social": ((0.10, 0.25, 0.65), (0.05, 0.95, 0.00)),
    "email": ((0.15, 0.15, 0.70), (0.60, 0.35, 0.05)),
    "referral": ((0.15, 0.10, 0.75), (0.60, 0.20, 0.20)),
    "campaign": ((0.30, 0.30, 0.40), (0.10, 0.90, 0.00)),
    "tracked_messaging": ((0.00, 0.00, 1.00), (0.55, 0.25, 0.20)),
    "dark_social": ((0.00, 0.00, 1.00), (0.55, 0.25, 0.20)),
    "messaging_web": ((0.05, 0.00, 0.95), (0.55, 0.25, 0.20)),
    "search_app": ((0.05, 0.05, 0.90), (0.70, 0.20, 0.10)),
    "messaging_app_referrer": ((0.05, 0.00, 0.95), (0.55, 0.25, 0.20)),
    # typed or bookmarked: mostly home and sections, some deep bookmarks
    "direct": ((0.55, 0.30, 0.15), (0.40, 0.50, 0.10)),
    # search visits whose referrer was lost: they look exactly like dark social
    "dark_search": ((0.00, 0.00, 1.00), (0.65, 0.25, 0.10)),
    "bot": ((0.20, 0.20, 0.60), (0.50, 0.35, 0.15)),
    "link_preview": ((0.00, 0.00, 1.00), (0.55, 0.25, 0.20)),
    "returning_direct": ((0.00, 0.00, 1.00), (0.55, 0.25, 0.20)),  # unused: the page seen before
}
assert set(_LANDING_MIX) == set(ORIGINS)

_SEARCH_REFERRERS = (
    ("https://www.google.com/", 0.74),
    ("https://www.bing.com/", 0.10),
    ("https://duckduckgo.com/", 0.05),
    ("https://search.yahoo.com/", 0.03),
    ("https://www.google.co.uk/", 0.03),
    ("https://www.ecosia.org/", 0.02),
    ("https://search.brave.com/", 0.02),
    ("https://yandex.ru/", 0.01),
)
_SOCIAL_REFERRERS = (
    ("https://l.facebook.com/", 0.22),
    ("https://www.facebook.com/", 0.08),
    ("http://m.facebook.com/", 0.05),
    ("https://t.co/", 0.15),
    ("https://www.linkedin.com/", 0.12),
    ("https://www.reddit.com/", 0.12),
    ("https://l.instagram.com/", 0.08),
    ("https://www.pinterest.com/", 0.05),
    ("https://www.threads.net/", 0.04),
    ("https://news.ycombinator.com/", 0.03),
    ("https://www.youtube.com/", 0.06),
)
# sites in neither Google's source-category list nor the package's additions: GA4 calls them Referral
_REFERRAL_REFERRERS = (
    ("https://en.wikipedia.org/wiki/Dark_social", 0.08),
    ("https://github.com/", 0.08),
    ("https://dev.to/", 0.12),
    ("https://www.producthunt.com/", 0.06),
    ("https://techcrunch.com/", 0.05),
    ("https://www.theverge.com/", 0.04),
    ("https://lobste.rs/", 0.05),
    ("https://marketingland-weekly.com/2025/01/the-state-of-dark-social/", 0.10),
    ("https://www.analytics-mania.com/", 0.08),
    ("https://blog.example-partner.io/tools-we-use", 0.12),
    ("https://www.couponfollow.com/", 0.07),
    ("https://feedly.com/", 0.05),
    ("https://www.indiehackers.com/", 0.05),
    ("https://www.startpage-links.net/", 0.05),
)
_WEBMAIL_REFERRERS = (
    ("https://mail.google.com/", 0.55),
    ("https://outlook.live.com/", 0.25),
    ("https://outlook.office.com/", 0.12),
    ("https://mail.yahoo.com/", 0.08),
)
_CAMPAIGN_MEDIA = (
    ("display", ("criteo", "adroll", "dv360"), 0.30),
    ("affiliate", ("awin", "impact", "partnerize"), 0.25),
    ("cpc", ("taboola", "outbrain"), 0.15),
    ("banner", ("partner_site", "programmatic"), 0.10),
    ("cpm", ("dv360", "the_trade_desk"), 0.10),
    ("push", ("onesignal",), 0.05),
    ("sms", ("attentive",), 0.05),
)
_CAMPAIGN_REFERRERS = (
    (None, 0.60),
    ("https://googleads.g.doubleclick.net/", 0.15),
    ("https://www.awin1.com/", 0.10),
    ("https://tpc.googlesyndication.com/", 0.10),
    ("https://www.couponfollow.com/", 0.05),
)
_CAMPAIGNS = ("winter_sale_2025", "brand_q1_2025", "retargeting_jan", "new_collection", "spring_preview")

_B64URL = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_ALNUM = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
_HEX = b"0123456789abcdef"
_EVENTS = ("page_view", "scroll", "add_to_cart", "purchase")
#: Share of return visits that come back, with no referrer, to the page the client landed on last
#: time (a bookmark, the browser history, a retyped address): Direct, not a share.
_REVISIT_SHARE = 0.25
#: Chance that a human visit of at least two hits ends in a purchase, by true origin (default).
_PURCHASE_CHANCE = {"dark_social": 0.07, "returning_direct": 0.09, "tracked_messaging": 0.06, "email": 0.05}
_PURCHASE_CHANCE_DEFAULT = 0.03
#: Purchase currencies: most in the site's currency, a few in another one.
_CURRENCIES = (("USD", 0.95), ("EUR", 0.05))
_MALFORMED_KINDS = 6


# ---- small helpers ------------------------------------------------------------------------------


def _choice(rng: np.random.Generator, n: int, weights: Sequence[float] | np.ndarray) -> np.ndarray:
    """n indices drawn with the given (unnormalised) weights."""
    p = np.asarray(weights, dtype=np.float64)
    return rng.choice(len(p), size=n, p=p / p.sum())


def _pick(rng: np.random.Generator, n: int, options: Sequence[tuple[object, float]]) -> list:
    """n values drawn from (value, weight) pairs."""
    index = _choice(rng, n, [weight for _, weight in options])
    return [options[i][0] for i in index.tolist()]


def _tokens(rng: np.random.Generator, n: int, length: int, alphabet: bytes = _B64URL) -> list[str]:
    """n random strings of `length` characters of `alphabet` (click ids, share fragments)."""
    if n == 0:
        return []
    codes = rng.integers(0, len(alphabet), size=(n, length))
    chars = np.frombuffer(alphabet, dtype=np.uint8)[codes]
    return chars.view(f"S{length}").ravel().astype(f"U{length}").tolist()


class _UserAgents:
    """One table of every user agent, so hits carry a small integer until the end."""

    def __init__(self) -> None:
        self.table: list[str] = []
        self._codes: dict[str, int] = {}

    def code(self, user_agent: str) -> int:
        if user_agent not in self._codes:
            self._codes[user_agent] = len(self.table)
            self.table.append(user_agent)
        return self._codes[user_agent]

    def group(self, options: Sequence[tuple[str, float]]) -> tuple[np.ndarray, np.ndarray]:
        codes = np.asarray([self.code(ua) for ua, _ in options])
        weights = np.asarray([weight for _, weight in options])
        return codes, weights / weights.sum()


def _mix(*parts: tuple[Sequence[tuple[str, float]], float]) -> list[tuple[str, float]]:
    """Weighted union of user-agent lists, e.g. 45% desktop + 55% mobile."""
    total = {id(options): sum(weight for _, weight in options) for options, _ in parts}
    return [(ua, share * weight / total[id(options)]) for options, share in parts for ua, weight in options]


_UA = _UserAgents()
_MOBILE = _mix((_IOS_UAS, 0.45), (_ANDROID_UAS, 0.55))
_UA_GROUPS = {
    "any": _UA.group(_mix((_DESKTOP_UAS, 0.45), (_IOS_UAS, 0.25), (_ANDROID_UAS, 0.30))),
    "desktop": _UA.group(_DESKTOP_UAS),
    "mobile": _UA.group(_MOBILE),
    "ios": _UA.group(_IOS_UAS),
    "android": _UA.group(_ANDROID_UAS),
    "dark_search": _UA.group(_mix((_DESKTOP_UAS, 0.40), (_MOBILE, 0.45), (((_GSA_UA, 1.0),), 0.15))),
    "bot": _UA.group(_BOT_UAS),
    "preview": _UA.group(_PREVIEW_UAS),
}
_APP_IN_APP_CODES = tuple(
    np.asarray([_UA.code(ua) for ua in app.in_app_uas], dtype=np.int64) for app in _APPS
)
_APP_PREVIEW_CODE = np.asarray([_UA.code(app.preview_ua) if app.preview_ua else -1 for app in _APPS])
_SOCIAL_APP_CODES = {name: np.asarray([_UA.code(ua) for ua in uas]) for name, uas in _SOCIAL_APP_UAS.items()}
_UA_TABLE = pa.array(_UA.table, type=pa.string())


def _ua(rng: np.random.Generator, n: int, group: str) -> np.ndarray:
    codes, p = _UA_GROUPS[group]
    return codes[rng.choice(len(codes), size=n, p=p)]


def _apps_ua(rng: np.random.Generator, apps: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """In-app browser user agent of each row's app (a uniformly chosen platform build)."""
    result = fallback.copy()
    for app_code in np.unique(apps).tolist():
        rows = np.flatnonzero(apps == app_code)
        codes = _APP_IN_APP_CODES[app_code]
        result[rows] = codes[rng.integers(0, len(codes), size=len(rows))]
    return result


# ---- landings per origin --------------------------------------------------------------------------


@dataclass
class _Landing:
    """What an origin decides about the first hit of its visits."""

    referrers: list[str | None]
    params: list[str]  # query string parts from the origin ('' for none)
    user_agents: np.ndarray  # codes into _UA.table
    fragments: list[str]


def _plain(n: int, referrers: list[str | None], user_agents: np.ndarray) -> _Landing:
    return _Landing(referrers, [""] * n, user_agents, [""] * n)


def _organic_search(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    return _plain(n, _pick(rng, n, _SEARCH_REFERRERS), _ua(rng, n, "any"))


def _paid_search(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    engine = _choice(rng, n, (0.75, 0.18, 0.07)).tolist()  # Google, Microsoft, Google on iOS (gbraid)
    tagged = (rng.random(n) < 0.35).tolist()
    campaign = _pick(rng, n, [(name, 1.0) for name in _CAMPAIGNS])
    gclid, msclkid = _tokens(rng, n, 48), _tokens(rng, n, 32, _HEX)
    referrers: list[str | None] = []
    params = []
    for i in range(n):
        source = "bing" if engine[i] == 1 else "google"
        click = f"msclkid={msclkid[i]}" if engine[i] == 1 else "gclid=Cj0KCQiA" + gclid[i]
        if engine[i] == 2:
            click = "gbraid=0AAAAAD" + gclid[i][:24]
        utm = f"utm_source={source}&utm_medium=cpc&utm_campaign={campaign[i]}&" if tagged[i] else ""
        params.append(utm + click)
        referrers.append("https://www.bing.com/" if engine[i] == 1 else "https://www.google.com/")
    user_agents = _ua(rng, n, "any")
    ios = np.flatnonzero(np.asarray(engine) == 2)
    user_agents[ios] = _ua(rng, len(ios), "ios")
    return _Landing(referrers, params, user_agents, [""] * n)


def _organic_social(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    referrers = _pick(rng, n, _SOCIAL_REFERRERS)
    draws = rng.random(n).tolist()
    fbclid, twclid, igshid = _tokens(rng, n, 60), _tokens(rng, n, 25), _tokens(rng, n, 24, _ALNUM)
    params = []
    for i, referrer in enumerate(referrers):
        if "facebook.com" in referrer and draws[i] < 0.6:
            params.append("fbclid=IwAR" + fbclid[i])
        elif referrer == "https://t.co/" and draws[i] < 0.25:
            params.append("twclid=2-" + twclid[i])
        elif "instagram.com" in referrer and draws[i] < 0.3:
            params.append("igshid=" + igshid[i])
        else:
            params.append("")
    return _Landing(referrers, params, _ua(rng, n, "any"), [""] * n)


def _hidden_social(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    names = list(_SOCIAL_APP_UAS)
    social = _choice(rng, n, (0.45, 0.30, 0.12, 0.08, 0.05))
    user_agents = np.empty(n, dtype=np.int64)
    for code, name in enumerate(names):
        rows = np.flatnonzero(social == code)
        user_agents[rows] = _SOCIAL_APP_CODES[name][rng.integers(0, len(_SOCIAL_APP_CODES[name]), len(rows))]
    draws = rng.random(n).tolist()
    fbclid, igshid, ttclid = _tokens(rng, n, 60), _tokens(rng, n, 24, _ALNUM), _tokens(rng, n, 40)
    params = []
    for i, code in enumerate(social.tolist()):
        if names[code] == "Facebook" and draws[i] < 0.35:
            params.append("fbclid=IwAR" + fbclid[i])
        elif names[code] == "Instagram" and draws[i] < 0.30:
            params.append("igshid=" + igshid[i])
        elif names[code] == "TikTok" and draws[i] < 0.20:
            params.append("ttclid=E.C.P." + ttclid[i])
        else:
            params.append("")
    return _Landing([None] * n, params, user_agents, [""] * n)


def _paid_social(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    instagram = (rng.random(n) < 0.2).tolist()
    in_app = rng.random(n) < 0.55
    campaign = _pick(rng, n, [(name, 1.0) for name in _CAMPAIGNS])
    fbclid = _tokens(rng, n, 60)
    params = [
        f"utm_source={'instagram' if instagram[i] else 'facebook'}&utm_medium=paid_social"
        f"&utm_campaign={campaign[i]}&fbclid=IwAR{fbclid[i]}"
        for i in range(n)
    ]
    web = _pick(rng, n, (("https://l.facebook.com/", 0.6), ("http://m.facebook.com/", 0.4)))
    referrers = [None if in_app[i] else web[i] for i in range(n)]
    user_agents = _ua(rng, n, "mobile")
    for i in np.flatnonzero(in_app).tolist():
        codes = _SOCIAL_APP_CODES["Instagram" if instagram[i] else "Facebook"]
        user_agents[i] = codes[int(rng.integers(len(codes)))]
    return _Landing(referrers, params, user_agents, [""] * n)


def _email(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    # 0 newsletter tags, 1 webmail referrer, 2 Gmail app, 3 Outlook app
    variant = _choice(rng, n, (0.50, 0.28, 0.17, 0.05)).tolist()
    webmail = _pick(rng, n, _WEBMAIL_REFERRERS)
    mailchimp = (rng.random(n) < 0.5).tolist()
    issue = rng.integers(1, 5, size=n).tolist()
    cid, eid = _tokens(rng, n, 10, _HEX), _tokens(rng, n, 10, _HEX)
    referrers: list[str | None] = []
    params = []
    for i in range(n):
        tags = ""
        if variant[i] == 0:
            tags = f"utm_source=newsletter&utm_medium=email&utm_campaign=weekly_digest_{issue[i]}"
            if mailchimp[i]:
                tags += f"&mc_cid={cid[i]}&mc_eid={eid[i]}"
        params.append(tags)
        referrers.append(
            (
                None,
                webmail[i],
                "android-app://com.google.android.gm/",
                "android-app://com.microsoft.office.outlook/",
            )[variant[i]]
        )
    user_agents = _ua(rng, n, "any")
    android = np.flatnonzero(np.asarray(variant) >= 2)
    user_agents[android] = _ua(rng, len(android), "android")
    return _Landing(referrers, params, user_agents, [""] * n)


def _referral(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    referrers = _pick(rng, n, _REFERRAL_REFERRERS)
    # harmless `ref` parameters some partners append
    ref = _pick(rng, n, (("", 0.94), ("ref=producthunt", 0.02), ("ref=partner_blog", 0.02), ("ref=hn", 0.02)))
    return _Landing(referrers, ref, _ua(rng, n, "any"), [""] * n)


def _campaign(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    medium = _choice(rng, n, [weight for _, _, weight in _CAMPAIGN_MEDIA]).tolist()
    source = rng.integers(0, 3, size=n).tolist()
    campaign = _pick(rng, n, [(name, 1.0) for name in _CAMPAIGNS])
    params = []
    for i in range(n):
        name, sources, _ = _CAMPAIGN_MEDIA[medium[i]]
        params.append(
            f"utm_source={sources[source[i] % len(sources)]}&utm_medium={name}&utm_campaign={campaign[i]}"
        )
    return _Landing(_pick(rng, n, _CAMPAIGN_REFERRERS), params, _ua(rng, n, "any"), [""] * n)


def _tracked_messaging(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    medium = _pick(rng, n, (("social", 0.5), ("share", 0.5)))
    named = (rng.random(n) < 0.5).tolist()
    params = [
        f"utm_source={_APPS[app].utm_source}&utm_medium={medium[i]}"
        + ("&utm_campaign=share_button" if named[i] else "")
        for i, app in enumerate(apps.tolist())
    ]
    user_agents = _device_ua(rng, apps)
    # a tagged link opened inside the app's own browser
    has_in_app = np.asarray([len(_APP_IN_APP_CODES[app]) > 0 for app in apps.tolist()], dtype=bool)
    in_app = np.flatnonzero(has_in_app & (rng.random(n) < 0.25))
    user_agents[in_app] = _apps_ua(rng, apps[in_app], user_agents[in_app])
    return _Landing([None] * n, params, user_agents, [""] * n)


def _device_ua(rng: np.random.Generator, apps: np.ndarray) -> np.ndarray:
    """Browser of the person who clicked: desktop or mobile depending on the app used."""
    desktop_share = np.asarray([app.desktop_share for app in _APPS])[apps]
    desktop = rng.random(len(apps)) < desktop_share
    return np.where(desktop, _ua(rng, len(apps), "desktop"), _ua(rng, len(apps), "mobile"))


def _dark_social(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    user_agents = _device_ua(rng, apps)
    in_app = np.flatnonzero(evidence == 0)
    user_agents[in_app] = _apps_ua(rng, apps[in_app], user_agents[in_app])
    # copied from the address bar after a share-button click: AddThis or ShareThis fragment
    addthis = (rng.random(n) < 0.7).tolist()
    service = (rng.random(n) < 0.4).tolist()
    short, long = _tokens(rng, n, 11), _tokens(rng, n, 8, _ALNUM)
    fragments = []
    for i, kind in enumerate(evidence.tolist()):
        if kind != 1:
            fragments.append("")
        elif addthis[i]:
            suffix = ".whatsapp" if service[i] and _APP_NAMES[apps[i]] == "WhatsApp" else ""
            fragments.append(f"#.{short[i]}{suffix}")
        else:
            fragments.append(f"#sthash.{long[i]}.dpuf")
    return _Landing([None] * n, [""] * n, user_agents, fragments)


def _messaging_web(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    which = rng.integers(0, 2, size=n).tolist()
    referrers: list[str | None] = []
    for i, app in enumerate(apps.tolist()):
        hosts = _APPS[app].web_referrers
        referrers.append(hosts[which[i] % len(hosts)])
    desktop = rng.random(n) < 0.85
    user_agents = np.where(desktop, _ua(rng, n, "desktop"), _ua(rng, n, "mobile"))
    return _plain(n, referrers, user_agents)


def _search_app(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    return _plain(n, ["android-app://com.google.android.googlequicksearchbox/"] * n, _ua(rng, n, "android"))


def _messaging_app_referrer(
    rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray
) -> _Landing:
    referrers: list[str | None] = [f"android-app://{_APPS[app].android_package}/" for app in apps.tolist()]
    return _plain(n, referrers, _ua(rng, n, "android"))


def _direct(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    return _plain(n, [None] * n, _ua(rng, n, "any"))


def _dark_search(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    return _plain(n, [None] * n, _ua(rng, n, "dark_search"))


def _bot(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    return _plain(n, [None] * n, _ua(rng, n, "bot"))


def _link_preview(rng: np.random.Generator, n: int, apps: np.ndarray, evidence: np.ndarray) -> _Landing:
    return _plain(n, [None] * n, _ua(rng, n, "preview"))


_LANDING_BUILDERS = {
    "organic_search": _organic_search,
    "paid_search": _paid_search,
    "organic_social": _organic_social,
    "hidden_social": _hidden_social,
    "paid_social": _paid_social,
    "email": _email,
    "referral": _referral,
    "campaign": _campaign,
    "tracked_messaging": _tracked_messaging,
    "dark_social": _dark_social,
    "messaging_web": _messaging_web,
    "search_app": _search_app,
    "messaging_app_referrer": _messaging_app_referrer,
    "direct": _direct,
    "dark_search": _dark_search,
    "bot": _bot,
    "link_preview": _link_preview,
    "returning_direct": _direct,
}
assert set(_LANDING_BUILDERS) == set(ORIGINS)


# ---- visits -------------------------------------------------------------------------------------


@dataclass
class _Visits:
    """Visit-level draws before anything is turned into text."""

    origin: np.ndarray
    hit_count: np.ndarray
    app: np.ndarray  # index into _APPS, -1 when the origin involves no messaging app
    evidence: np.ndarray  # index into _EVIDENCE for dark social, else -1
    has_preview: np.ndarray  # a link-preview fetch of the same URL precedes the visit

    def head(self, count: int) -> _Visits:
        return _Visits(*(getattr(self, name)[:count].copy() for name in self.__dataclass_fields__))


def _draw_visit_batch(rng: np.random.Generator, n: int) -> _Visits:
    origin = _choice(rng, n, _ORIGIN_P)
    hit_count = np.minimum(rng.geometric(1 / 3, size=n), 40)  # mean ~3 page views and events
    bots = origin == _O["bot"]
    hit_count[bots] = np.minimum(rng.geometric(1 / 5, size=int(bots.sum())), 50)
    hit_count[origin == _O["link_preview"]] = 1

    app = np.full(n, -1, dtype=np.int64)
    evidence = np.full(n, -1, dtype=np.int64)
    dark = np.flatnonzero(origin == _O["dark_social"])
    evidence[dark] = _choice(rng, len(dark), _EVIDENCE_P)
    in_app = evidence[dark] == 0
    app[dark] = np.where(
        in_app, _choice(rng, len(dark), _DARK_IN_APP_APPS), _choice(rng, len(dark), _DARK_APPS)
    )
    for name, weights in (
        ("tracked_messaging", _TRACKED_APPS),
        ("messaging_web", _WEB_APPS),
        ("messaging_app_referrer", _ANDROID_APPS),
    ):
        rows = np.flatnonzero(origin == _O[name])
        app[rows] = _choice(rng, len(rows), weights)

    has_preview = np.zeros(n, dtype=bool)
    chances = {**_PREVIEW_CHANCE, "messaging_app_referrer": _PREVIEW_CHANCE_ANDROID}
    for name, chance in chances.items():
        rows = np.flatnonzero(origin == _O[name])
        has_preview[rows] = _APP_HAS_PREVIEW[app[rows]] & (rng.random(len(rows)) < chance)
    return _Visits(origin, hit_count, app, evidence, has_preview)


def _draw_visits(rng: np.random.Generator, hits: int) -> _Visits:
    """Visits whose hits (previews included) add up to exactly `hits`; the last one is cut short."""
    batches: list[_Visits] = []
    total = 0
    while total < hits:
        batch = _draw_visit_batch(rng, (hits - total) // 2 + 16)
        batches.append(batch)
        total += int(batch.hit_count.sum() + batch.has_preview.sum())
    visits = _Visits(
        *(np.concatenate([getattr(b, name) for b in batches]) for name in _Visits.__dataclass_fields__)
    )
    cumulative = np.cumsum(visits.hit_count + visits.has_preview)
    last = int(np.searchsorted(cumulative, hits))  # first visit reaching the target
    visits = visits.head(last + 1)
    remaining = hits - (int(cumulative[last - 1]) if last else 0)
    if remaining < visits.hit_count[last] + visits.has_preview[last]:
        visits.has_preview[last] = False
        visits.hit_count[last] = remaining
    return visits


def _landing_pages(rng: np.random.Generator, site: _Site, origin: np.ndarray) -> np.ndarray:
    pages = np.zeros(len(origin), dtype=np.int64)
    for name, ((home, section, deep), deep_kinds) in _LANDING_MIX.items():
        rows = np.flatnonzero(origin == _O[name])
        category = _choice(rng, len(rows), (home, section, deep))
        sections = site.pages_by_kind[_SECTION]
        section_p = _SECTION_DIRECT if name == "direct" else _SECTION_LANDING
        is_section = np.flatnonzero(category == 1)
        pages[rows[is_section]] = sections[_choice(rng, len(is_section), section_p)]
        is_deep = np.flatnonzero(category == 2)
        kind = _choice(rng, len(is_deep), deep_kinds)
        for offset, code in enumerate((_BLOG, _PRODUCT, _LONG)):
            chosen = is_deep[kind == offset]
            candidates = site.pages_by_kind[code]
            pages[rows[chosen]] = candidates[
                rng.choice(len(candidates), size=len(chosen), p=site.zipf_by_kind[code])
            ]
    return pages  # category 0 keeps page 0, the home page


def _landing_urls(
    rng: np.random.Generator, site: _Site, pages: np.ndarray, params: list[str], fragments: list[str]
) -> tuple[list[str], list[str]]:
    """Landing URLs as the tracker records them, and the same without the fragment."""
    n = len(pages)
    hosts = _pick(rng, n, _LANDING_HOSTS)
    variant = rng.random(n).tolist()
    paginate = (rng.random(n) < 0.06).tolist()
    terms = _pick(rng, n, [(term, 1.0) for term in _SEARCH_TERMS])
    kinds = site.kinds[pages].tolist()
    urls, without_fragment = [], []
    for i, page in enumerate(pages.tolist()):
        canonical = site.paths[page]
        path = canonical
        if kinds[i] == _HOME:
            path = "/index.html" if variant[i] < 0.02 else "/"
        elif kinds[i] == _SECTION and variant[i] < 0.02:
            path += "/index.html"
        elif variant[i] < 0.05:
            path += "/"  # trailing slash
        query = []
        if canonical == "/search":
            query.append("q=" + terms[i])
        elif canonical in _PAGINATED and paginate[i]:
            query.append("page=2")
        if params[i]:
            query.append(params[i])
        url = hosts[i] + path + ("?" + "&".join(query) if query else "")
        without_fragment.append(url)
        urls.append(url + fragments[i])
    return urls, without_fragment


def _had_preview(base: _Visits, rows: np.ndarray) -> np.ndarray:
    """Whether each base visit had a link-preview fetch before it."""
    return base.has_preview[rows]


def _client_sizes(rng: np.random.Generator, visits: int) -> np.ndarray:
    """Visits per client, adding up to `visits`; about 30% of visits come from returning clients."""
    if visits == 0:
        return np.zeros(0, dtype=np.int64)
    sizes = rng.geometric(0.7, size=visits)  # mean 1/0.7 visits per client
    cumulative = np.cumsum(sizes)
    last = int(np.searchsorted(cumulative, visits))
    sizes = sizes[: last + 1].copy()
    sizes[-1] -= int(cumulative[last]) - visits
    return sizes


def _diurnal_starts(rng: np.random.Generator, n: int, days: int, start: date) -> np.ndarray:
    """Visit start times (microseconds into the period), following the hour-of-day rhythm."""
    day_weights = [_WEEKEND_WEIGHT if (start.weekday() + day) % 7 >= 5 else 1.0 for day in range(days)]
    cells = np.outer(day_weights, _HOUR_WEIGHTS).ravel()
    cell = rng.choice(len(cells), size=n, p=cells / cells.sum())
    earliest = np.where(cell == 0, _EARLIEST_START, 0)  # room for a preview fetched before
    return cell * _HOUR + rng.integers(earliest, _HOUR, size=n)


# ---- one block ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    hits: pa.Table
    truth: pa.Table
    duplicate_rows: int
    malformed_rows: int
    visits_by_origin: np.ndarray


def _dirty_count(rng: np.random.Generator, hits: int, rate: float) -> int:
    """About `rate * hits` rows, none in tiny blocks (so exact totals stay possible)."""
    if hits < 1000:
        return 0
    expected = hits * rate
    return int(expected) + int(rng.random() < expected - int(expected))


def _generate_block(block: int, hits: int, seed: int, days: int, start: date) -> _Block:
    rng = np.random.default_rng(np.random.SeedSequence([seed, block]))
    site = _SITE
    duplicate_rows = _dirty_count(rng, hits, 3e-4)
    malformed_rows = _dirty_count(rng, hits, 3e-4)
    base = _draw_visits(rng, hits - duplicate_rows - malformed_rows)

    # Landing hit of every visit, origin by origin.
    n_base = len(base.origin)
    pages = _landing_pages(rng, site, base.origin)
    referrers: list[str | None] = [None] * n_base
    params = [""] * n_base
    fragments = [""] * n_base
    user_agents = np.zeros(n_base, dtype=np.int64)
    for name in ORIGINS:
        rows = np.flatnonzero(base.origin == _O[name])
        landing = _LANDING_BUILDERS[name](rng, len(rows), base.app[rows], base.evidence[rows])
        user_agents[rows] = landing.user_agents
        for j, row in enumerate(rows.tolist()):
            referrers[row] = landing.referrers[j]
            params[row] = landing.params[j]
            fragments[row] = landing.fragments[j]
    urls, urls_without_fragment = _landing_urls(rng, site, pages, params, fragments)

    # Preview fetches (a bot visit of one hit) of the URL pasted in the app, fragment not sent.
    parents = np.flatnonzero(base.has_preview)
    n_visits = n_base + len(parents)
    origin = np.concatenate([base.origin, np.full(len(parents), _O["link_preview"])])
    hit_count = np.concatenate([base.hit_count, np.ones(len(parents), dtype=np.int64)])
    app = np.concatenate([base.app, np.full(len(parents), -1)])
    evidence = np.concatenate([base.evidence, np.full(len(parents), -1)])
    pages = np.concatenate([pages, pages[parents]])
    user_agents = np.concatenate([user_agents, _APP_PREVIEW_CODE[base.app[parents]]])
    previewed = [urls_without_fragment[i] for i in parents.tolist()]
    urls += previewed
    urls_without_fragment += previewed
    referrers += [None] * len(parents)
    is_bot = (origin == _O["bot"]) | (origin == _O["link_preview"])
    is_product = site.kinds[pages] == _PRODUCT

    # Hits of every visit, in visit order: events, internal navigation, referrers, time offsets.
    n_hits = int(hit_count.sum())
    visit = np.repeat(np.arange(n_visits), hit_count)
    first = np.cumsum(hit_count) - hit_count
    position = np.arange(n_hits) - first[visit]
    is_landing = position == 0
    human = ~is_bot[visit]
    draw = rng.random(n_hits)
    event = np.zeros(n_hits, dtype=np.int64)
    later = ~is_landing & human
    event[later & (draw < 0.17)] = 1  # scroll
    event[later & (draw >= 0.17) & (draw < 0.23)] = 2  # add_to_cart, on product pages only
    nav = rng.choice(len(site.nav_urls), size=n_hits, p=site.nav_weights)
    # The page a hit is on is that of the latest page_view (the first hit of a visit is one).
    last_view = np.maximum.accumulate(np.where(event == 0, np.arange(n_hits), 0))
    previous_view = np.concatenate([[0], last_view[:-1]])
    n_nav = len(site.nav_urls)
    url_of_view = np.where(is_landing, n_nav + visit, nav)
    # referrer codes index [nav urls, landing urls without fragment, landing referrers]
    referrer_of_view = np.where(
        is_landing,
        n_nav + n_visits + visit,
        np.where(is_landing[previous_view], n_nav + visit, nav[previous_view]),
    )
    product_view = np.where(is_landing, is_product[visit], site.nav_is_product[nav])
    event[(event == 2) & ~product_view[last_view]] = 1
    url_code = url_of_view[last_view]
    referrer_code = referrer_of_view[last_view]

    median_gap = np.where(human, 40.0, 8.0)  # seconds; crawlers are quicker than people
    gaps = np.exp(rng.normal(np.log(median_gap), 1.1)) * _SECOND
    gaps = np.clip(gaps, _MIN_GAP, _MAX_GAP).astype(np.int64)
    gaps[is_landing] = 0
    elapsed = np.cumsum(gaps)
    offset = elapsed - elapsed[first[visit]]
    duration = offset[first + hit_count - 1]

    # Clients and start times: same-client visits more than 45 minutes apart.
    period_end = days * _DAY
    starts = _diurnal_starts(rng, n_visits, days, start)
    client = np.full(n_visits, -1, dtype=np.int64)
    people = np.flatnonzero(~is_bot)
    sizes = _client_sizes(rng, len(people))
    client_of_person = np.repeat(np.arange(len(sizes)), sizes)
    order = np.lexsort((starts[people], client_of_person))
    in_order = people[order]
    rank = np.arange(len(people)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
    begin, length = starts[in_order], duration[in_order]
    for level in range(1, int(rank.max(initial=0)) + 1):
        rows = np.flatnonzero(rank == level)
        begin[rows] = np.maximum(begin[rows], begin[rows - 1] + length[rows - 1] + _VISIT_SEPARATION)
    # A return visit pushed past the end of the period becomes the first visit of a new client.
    detached = (rank > 0) & (begin + length > period_end)
    begin[detached] = starts[in_order][detached]
    client[in_order] = client_of_person
    next_client = len(sizes)
    loners = np.concatenate([in_order[detached], np.flatnonzero(is_bot)])  # bots never return
    client[loners] = np.arange(next_client, next_client + len(loners))
    starts[in_order] = begin
    late = np.flatnonzero(starts + duration > period_end)
    starts[late] = period_end - duration[late] - rng.integers(_SECOND, 10 * _MINUTE, size=len(late))
    preview_rows = np.arange(n_base, n_visits)
    starts[preview_rows] = starts[parents] - rng.integers(_SECOND, 5 * _MINUTE, size=len(parents))
    n_clients = next_client + len(loners)

    # Returning visitors (their own random stream, so every other draw stays as it was): a share
    # of return visits land, with no referrer and a plain browser, on the page of the client's
    # previous visit, query and fragment dropped.
    extra = np.random.default_rng(np.random.SeedSequence([seed, block, 1]))
    eligible = np.flatnonzero((rank > 0) & ~detached)
    eligible = eligible[(in_order[eligible] < n_base) & ~_had_preview(base, in_order[eligible])]
    chosen = eligible[extra.random(len(eligible)) < _REVISIT_SHARE]
    revisits, seen = in_order[chosen], in_order[chosen - 1]
    plain_agents = _ua(extra, len(revisits), "any")
    for row, previous, agent in zip(revisits.tolist(), seen.tolist(), plain_agents.tolist(), strict=True):
        url = urls_without_fragment[previous].split("?")[0]
        urls[row] = urls_without_fragment[row] = url
        referrers[row] = None
        user_agents[row] = agent
    origin[revisits] = _O["returning_direct"]
    app[revisits] = -1
    evidence[revisits] = -1
    pages[revisits] = pages[seen]

    # Purchases: the last hit of some human visits of two hits or more, with a value and currency.
    chance = np.full(n_visits, _PURCHASE_CHANCE_DEFAULT)
    for name, value in _PURCHASE_CHANCE.items():
        chance[origin == _O[name]] = value
    buys = ~is_bot & (hit_count >= 2) & (extra.random(n_visits) < chance)
    last_hits = (first + hit_count - 1)[buys]
    event[last_hits] = _EVENTS.index("purchase")
    values = np.full(n_hits, np.nan)
    values[last_hits] = np.round(np.exp(extra.normal(np.log(80.0), 0.8, size=len(last_hits))), 2)
    currencies = np.full(n_hits, None, dtype=object)
    currencies[last_hits] = _pick(extra, len(last_hits), _CURRENCIES)

    # Hits table, sorted by time; hit ids follow that order.
    hit_time = starts[visit] + offset
    by_time = np.argsort(hit_time, kind="stable")
    epoch = (start - date(1970, 1, 1)).days * _DAY
    client_ids = pa.array([f"c{block:05d}{k:07d}" for k in range(n_clients)], type=pa.string())
    hit_ids = pa.array([f"h{block:05d}{k:09d}" for k in range(n_hits + malformed_rows)], type=pa.string())
    url_table = pa.array(list(site.nav_urls) + urls, type=pa.string())
    referrer_table = pa.array(list(site.nav_urls) + urls_without_fragment + referrers, type=pa.string())
    sorted_visit = visit[by_time]
    clean = pa.Table.from_arrays(
        [
            hit_ids.slice(0, n_hits),
            pa.array(hit_time[by_time] + epoch, type=pa.timestamp("us")),
            client_ids.take(client[sorted_visit]),
            url_table.take(url_code[by_time]),
            referrer_table.take(pa.array(referrer_code[by_time], mask=is_bot[sorted_visit])),
            _UA_TABLE.take(user_agents[sorted_visit]),
            pa.array(_EVENTS, type=pa.string()).take(event[by_time]),
            pa.array(values[by_time], type=pa.float64(), from_pandas=True),
            pa.array(currencies[by_time].tolist(), type=pa.string()),
        ],
        schema=HITS_SCHEMA,
    )
    table = _add_dirty_rows(rng, clean, hit_ids.slice(n_hits), duplicate_rows, malformed_rows)

    # Truth: one row per visit, in order of start.
    hit_rank = np.empty(n_hits, dtype=np.int64)
    hit_rank[by_time] = np.arange(n_hits)
    by_start = np.argsort(starts, kind="stable")
    origin_sorted = origin[by_start]
    dark = origin_sorted == _O["dark_social"]
    truth = pa.Table.from_arrays(
        [
            pa.array([f"v{block:05d}{k:08d}" for k in range(n_visits)], type=pa.string()),
            client_ids.take(client[by_start]),
            hit_ids.take(hit_rank[first[by_start]]),
            pa.array(starts[by_start] + epoch, type=pa.timestamp("us")),
            pa.array(hit_count[by_start], type=pa.int64()),
            pa.array(ORIGINS, type=pa.string()).take(origin_sorted),
            pa.array(dark),
            pa.array(_APP_NAMES, type=pa.string()).take(pa.array(app[by_start], mask=~dark)),
            pa.array(_EVIDENCE, type=pa.string()).take(pa.array(evidence[by_start], mask=~dark)),
            pa.array(is_bot[by_start]),
            pa.array(site.paths, type=pa.string()).take(pages[by_start]),
        ],
        schema=TRUTH_SCHEMA,
    )
    return _Block(
        hits=table,
        truth=truth,
        duplicate_rows=duplicate_rows,
        malformed_rows=malformed_rows,
        visits_by_origin=np.bincount(origin, minlength=len(ORIGINS)),
    )


def _add_dirty_rows(
    rng: np.random.Generator, clean: pa.Table, new_ids: pa.Array, duplicates: int, malformed: int
) -> pa.Table:
    """Exact duplicates of clean hits, and broken copies with ids of their own, each after its source."""
    duplicate_of = np.sort(rng.choice(clean.num_rows, size=duplicates, replace=False))
    malformed_of = np.sort(rng.choice(clean.num_rows, size=malformed, replace=False))
    broken = clean.take(malformed_of).to_pylist()
    for row, kind, hit_id in zip(
        broken, rng.integers(0, _MALFORMED_KINDS, size=malformed).tolist(), new_ids.to_pylist(), strict=True
    ):
        row["hit_id"] = hit_id
        if kind == 0:
            row["hit_at"] = None
        elif kind in (1, 2):
            row["client_id"] = None if kind == 1 else ""
        else:
            row["page_url"] = (None, "javascript:void(0)", "not a url")[kind - 3]
    combined = pa.concat_tables(
        [clean, clean.take(duplicate_of), pa.Table.from_pylist(broken, schema=HITS_SCHEMA)]
    )
    source = np.concatenate([np.arange(clean.num_rows), duplicate_of, malformed_of])
    kind = np.concatenate([np.zeros(clean.num_rows), np.ones(duplicates), np.full(malformed, 2)])
    return combined.take(np.lexsort((kind, source)))


_SITE = _build_site()


# ---- files and the public entry point ------------------------------------------------------------


class _PartWriter:
    """Writes tables into numbered Parquet files of at most `rows_per_file` rows each."""

    def __init__(self, root: Path, folder: str, stem: str, schema: pa.Schema, rows_per_file: int) -> None:
        self._root = root
        self._directory = root / folder
        self._stem = stem
        self._schema = schema
        self._rows_per_file = rows_per_file
        self._writer: pq.ParquetWriter | None = None
        self._rows_in_file = 0
        self.files: list[str] = []
        self._directory.mkdir(parents=True, exist_ok=True)
        for stale in sorted(self._directory.glob(f"{stem}-*.parquet")):
            stale.unlink()  # files of an earlier run would otherwise be read with the new ones

    def write(self, table: pa.Table) -> None:
        done = 0
        while done < table.num_rows:
            if self._writer is None:
                path = self._directory / f"{self._stem}-{len(self.files):05d}.parquet"
                self._writer = pq.ParquetWriter(path, self._schema, compression="zstd")
                self.files.append(path.relative_to(self._root).as_posix())
                self._rows_in_file = 0
            count = min(self._rows_per_file - self._rows_in_file, table.num_rows - done)
            self._writer.write_table(table.slice(done, count))
            done += count
            self._rows_in_file += count
            if self._rows_in_file == self._rows_per_file:
                self._finish_file()

    def _finish_file(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def close(self) -> list[str]:
        self._finish_file()
        return self.files


@dataclass(frozen=True)
class GenerationSummary:
    """What `generate()` wrote. Every visit is one session, so `expected_sessions == visits`."""

    hits_written: int  # every row written, duplicates and malformed rows included
    duplicate_rows: int
    malformed_rows: int
    visits: int  # human visits + bot visits (crawlers and link previews)
    human_visits: int
    bot_visits: int
    files: list[str]  # relative to out_dir
    visits_by_origin: dict[str, int]
    seed: int
    days: int
    start: str

    @property
    def expected_sessions(self) -> int:
        """Sessions a consumer must find after dropping malformed rows and duplicates (30-minute rule)."""
        return self.visits

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "expected_sessions": self.expected_sessions}


def generate(
    out_dir: Path,
    hits: int,
    seed: int = 42,
    days: int = 7,
    start: date = date(2025, 1, 6),
    chunk_hits: int = 500_000,
) -> GenerationSummary:
    """Write `hits` raw hits (dirty rows included) of `days` days from `start` (UTC) into `out_dir`.

    The same arguments always give byte-identical files; `chunk_hits` only sets how many rows go
    in each `hits/part-NNNNN.parquet` (and at most how many visits in each truth file).
    """
    if hits < 1:
        raise ValueError(f"hits must be at least 1, got {hits}.")
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days}.")
    if chunk_hits < 1:
        raise ValueError(f"chunk_hits must be at least 1, got {chunk_hits}.")
    if seed < 0:
        raise ValueError(f"seed must be zero or positive, got {seed}.")
    out_dir = Path(out_dir)
    hits_writer = _PartWriter(out_dir, "hits", "part", HITS_SCHEMA, chunk_hits)
    truth_writer = _PartWriter(out_dir, "truth", "visits", TRUTH_SCHEMA, chunk_hits)
    duplicate_rows = malformed_rows = 0
    visits_by_origin = np.zeros(len(ORIGINS), dtype=np.int64)
    for block in range(-(-hits // BLOCK_HITS)):
        result = _generate_block(block, min(BLOCK_HITS, hits - block * BLOCK_HITS), seed, days, start)
        hits_writer.write(result.hits)
        truth_writer.write(result.truth)
        duplicate_rows += result.duplicate_rows
        malformed_rows += result.malformed_rows
        visits_by_origin += result.visits_by_origin
    visits = int(visits_by_origin.sum())
    bot_visits = int(visits_by_origin[_O["bot"]] + visits_by_origin[_O["link_preview"]])
    summary = GenerationSummary(
        hits_written=hits,
        duplicate_rows=duplicate_rows,
        malformed_rows=malformed_rows,
        visits=visits,
        human_visits=visits - bot_visits,
        bot_visits=bot_visits,
        files=hits_writer.close() + truth_writer.close(),
        visits_by_origin={name: int(count) for name, count in zip(ORIGINS, visits_by_origin, strict=True)},
        seed=seed,
        days=days,
        start=start.isoformat(),
    )
    (out_dir / "summary.json").write_text(json.dumps(summary.to_dict(), indent=2) + "\n", encoding="utf-8")
    return summary
