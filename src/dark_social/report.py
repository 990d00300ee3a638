"""`dark-social report`: one self-contained HTML file (inline SVG, no script, no network) and a PNG
per chart, drawn from the daily marts of the warehouse the dbt profile and target point at.

It reads aggregates only: every figure is a `group by` the warehouse computes on a daily mart, or on
fct_dark_social_sessions where no daily mart holds the cut (signals, apps and devices before
dark_social 0.2). Charts are Vega-Lite specs (Altair) rendered to SVG and PNG by vl-convert, an
embedded renderer: no browser, no Node, no CDN. Every text from the data is escaped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import json
import re
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from dark_social.profiles import GateError, Warehouse, warehouse_from_profile

DEFAULT_DAYS = 28
NEEDS_VALUE_MARTS = "not in this warehouse's marts yet (needs dark_social >= 0.2)"
TOP = 15
LABEL_CHARS = 48
CELL_CHARS = 90

#: the counts every daily mart carries, and the ones dark_social 0.2 adds (read when present)
BASE_COUNTS = [
    "sessions",
    "direct_sessions",
    "dark_social_sessions",
    "dark_social_sessions_high",
    "dark_social_sessions_medium",
    "tracked_messaging_sessions",
]
VALUE_COUNTS = [
    "engaged_sessions",
    "dark_social_engaged_sessions",
    "new_visitor_sessions",
    "dark_social_new_visitor_sessions",
    "conversions",
    "dark_social_conversions",
    "revenue",
    "dark_social_revenue",
]

CAVEATS = [
    (
        "Bookmarks and history",
        "A visit from a bookmark of a deep page looks exactly like a link opened from a chat: the "
        "deep-URL rule counts it as dark social. That is why that rule alone is only medium confidence.",
    ),
    (
        "Dark search",
        "Some browsers, apps and privacy tools strip the referrer of search visits, which then land on "
        "deep pages as Direct. When Groupon took itself out of Google for six hours in 2014, its Direct "
        "visits to long URLs fell by about 60%.",
    ),
    (
        "AI assistants and apps",
        "A link opened from an AI assistant or any app that strips the referrer cannot be told apart "
        "from a private share.",
    ),
    (
        "What each source can see",
        "In-app browsers and share fragments are only seen by collectors that record the user agent and "
        "the full URL; link-preview fetches only by server or CDN logs.",
    ),
]


def default_out(project_dir: Path) -> Path:
    """Where the report goes unless told: the dbt project's target/, beside the gate's Data Docs."""
    return project_dir / "target" / "dark_social_report" / "dark_social_report.html"


class ReportError(Exception):
    """A problem the user can fix (no warehouse, an unknown target): the message says how."""


# --------------------------------------------------------------------------------------------
# the warehouse: the dbt profile and target, as for the gate (dark_social.profiles.Warehouse)
# --------------------------------------------------------------------------------------------


def open_duckdb(database: Path | str, schema: str | None = None) -> Warehouse:
    """A DuckDB file, read-only (its `schema` is None when it holds no build of the package)."""
    try:
        return Warehouse.duckdb(database, schema).open(require_build=False)
    except GateError as error:
        raise ReportError(str(error)) from error


def open_target(
    profiles_dir: Path | str | None = None,
    target: str | None = None,
    schema: str | None = None,
    project_dir: Path | str | None = None,
    profile: str | None = None,
) -> Warehouse:
    """The warehouse of a dbt profile and target, found as dbt finds it (dark_social.profiles)."""
    try:
        warehouse = warehouse_from_profile(
            Path(project_dir) if project_dir else None,
            Path(profiles_dir) if profiles_dir else None,
            profile,
            target,
            schema,
        )
        return warehouse.open(require_build=False)
    except GateError as error:
        raise ReportError(str(error)) from error


# --------------------------------------------------------------------------------------------
# text from the data: escaped, control characters made visible, long labels truncated
# --------------------------------------------------------------------------------------------

_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def clean(value: Any) -> str:
    """Text for display: control characters (NUL, escape...) shown as U+FFFD; the rest unchanged."""
    text = "" if value is None else str(value)
    return "".join(
        "\ufffd" if unicodedata.category(char) == "Cc" and char not in "\t\n" else char for char in text
    )


def short(value: Any, limit: int = LABEL_CHARS) -> str:
    """A chart label: one line, no direction marks (the full text is in the table), at most `limit`."""
    text = _BIDI.sub("", clean(value)).replace("\n", " ").replace("\t", " ")
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def esc(value: Any) -> str:
    return html.escape(clean(value), quote=True)


def cell(value: Any, limit: int = CELL_CHARS) -> str:
    """A table cell for a text from the data: isolated direction, truncated, full text in the title."""
    text = clean(value)
    if len(text) <= limit:
        return f"<td><bdi>{esc(text)}</bdi></td>"
    return f'<td title="{esc(text)}"><bdi>{esc(text[: limit - 1])}\u2026</bdi></td>'


def number(value: Any, digits: int = 0) -> str:
    if value is None:
        return "\u2013"
    return f"{float(value):,.{digits}f}"


def percent(value: float | None, digits: int = 1) -> str:
    return "\u2013" if value is None else f"{100 * value:.{digits}f}%"


def ratio(numerator: Any, denominator: Any) -> float | None:
    return None if not denominator else float(numerator or 0) / float(denominator)


# --------------------------------------------------------------------------------------------
# charts: Vega-Lite (Altair) -> SVG + PNG (vl-convert)
# --------------------------------------------------------------------------------------------


def assert_plain_svg(chart_id: str, svg: str) -> None:
    """vl-convert escapes every text; this guards against a renderer change: the SVG must parse as
    XML and hold no script, no foreign content, no event handler and no link."""
    from xml.etree import ElementTree

    for element in ElementTree.fromstring(svg).iter():
        name = element.tag.rsplit("}", 1)[-1].lower()
        attributes = [key.rsplit("}", 1)[-1].lower() for key in element.attrib]
        if name in {"script", "foreignobject", "a", "iframe", "use", "image"} or any(
            key.startswith("on") or key == "href" for key in attributes
        ):
            raise ValueError(f"chart {chart_id}: the renderer produced markup that is not plain SVG ({name})")


@dataclasses.dataclass
class Chart:
    chart_id: str
    spec: dict[str, Any]
    svg: str = ""
    png: Path | None = None


def render_chart(chart_id: str, chart: Any, charts_dir: Path) -> Chart:
    import vl_convert

    spec = chart.to_dict()
    svg = vl_convert.vegalite_to_svg(spec)
    assert_plain_svg(chart_id, svg)
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    png = charts_dir / f"{chart_id}.png"
    png.write_bytes(vl_convert.vegalite_to_png(spec, scale=2))
    return Chart(chart_id, spec, svg, png)


def _alt() -> Any:
    import altair as alt

    return alt


def _base(values: list[dict[str, Any]], width: int = 640, height: int | None = None) -> Any:
    alt = _alt()
    properties: dict[str, Any] = {"width": width}
    if height:
        properties["height"] = height
    return alt.Chart(alt.Data(values=values)).properties(**properties)


def _configured(chart: Any) -> Any:
    return (
        chart.configure(background="white", font="sans-serif")
        .configure_axis(labelFontSize=11, titleFontSize=11, labelLimit=320)
        .configure_legend(labelFontSize=11, titleFontSize=11, orient="bottom")
        .configure_view(stroke=None)
    )


PALETTE = {
    "Dark social (high)": "#5b2a86",
    "Dark social (medium)": "#9d79bc",
    "True Direct": "#c9c9c9",
    "Tracked messaging": "#e07a1f",
}


def chart_trend(days: list[dict[str, Any]]) -> Any:
    alt = _alt()
    stacked = []
    for day in days:
        dark_high, dark_medium = day["dark_social_sessions_high"], day["dark_social_sessions_medium"]
        true_direct = day["direct_sessions"] - day["dark_social_sessions"]
        for series, value in (
            ("Dark social (high)", dark_high),
            ("Dark social (medium)", dark_medium),
            ("True Direct", true_direct),
        ):
            stacked.append({"day": day["day"], "series": series, "sessions": value})
    lines = [
        {"day": d["day"], "series": "Tracked messaging", "sessions": d["tracked_messaging_sessions"]}
        for d in days
    ]
    color = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=list(PALETTE), range=list(PALETTE.values())),
    )
    order = {"Dark social (high)": 0, "Dark social (medium)": 1, "True Direct": 2}
    for row in stacked:
        row["order"] = order[row["series"]]
    bars = (
        _base(stacked, height=240)
        .mark_bar()
        .encode(
            x=alt.X("day:O", title=None, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("sum(sessions):Q", title="Direct sessions", stack="zero"),
            color=color,
            order=alt.Order("order:Q"),
        )
    )
    line = (
        _base(lines, height=240)
        .mark_line(point=True, strokeWidth=2)
        .encode(x="day:O", y=alt.Y("sessions:Q"), color=color)
    )
    return alt.layer(bars, line)


def chart_ratio(days: list[dict[str, Any]]) -> Any:
    alt = _alt()
    values = [
        {"day": d["day"], "ratio": ratio(d["dark_social_sessions"], d["tracked_messaging_sessions"])}
        for d in days
        if d["tracked_messaging_sessions"]
    ]
    if not values:
        return None
    return (
        _base(values, height=120)
        .mark_line(point=True, color="#5b2a86")
        .encode(
            x=alt.X("day:O", title=None, axis=alt.Axis(labelAngle=-45)),
            y=alt.Y("ratio:Q", title="dark per tracked share"),
        )
    )


def chart_bars(
    values: list[dict[str, Any]],
    label: str,
    measure: str,
    title: str,
    color: str | None = None,
    width: int = 640,
) -> Any:
    """Horizontal bars, in the order given (labels made unique and short before)."""
    alt = _alt()
    if not values:
        return None
    encoding: dict[str, Any] = {
        "y": alt.Y(f"{label}:N", title=None, sort=None),
        "x": alt.X(f"{measure}:Q", title=title),
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None, scale=alt.Scale(scheme="purples"))
    chart = _base(values, width=width, height=max(60, 22 * len({v[label] for v in values})))
    return chart.mark_bar(color="#5b2a86").encode(**encoding)


def chart_heatmap(
    values: list[dict[str, Any]], x: str, y: str, measure: str, title: str, y_order: list[str] | None = None
) -> Any:
    alt = _alt()
    if not values:
        return None
    base = _base(
        values,
        width=max(160, 90 * len({v[x] for v in values})),
        height=max(60, 24 * len({v[y] for v in values})),
    )
    cells = base.mark_rect().encode(
        x=alt.X(f"{x}:N", title=None, sort=None, axis=alt.Axis(labelAngle=-30)),
        y=alt.Y(f"{y}:N", title=None, sort=y_order),
        color=alt.Color(f"{measure}:Q", title=title, scale=alt.Scale(scheme="purples")),
    )
    text = base.mark_text(fontSize=11).encode(
        x=alt.X(f"{x}:N", sort=None),
        y=alt.Y(f"{y}:N", sort=y_order),
        text=alt.Text(f"{measure}:Q", format=","),
    )
    return alt.layer(cells, text)


def unique_labels(rows: list[dict[str, Any]], text: Iterable[str], limit: int = LABEL_CHARS) -> list[str]:
    """Short labels, numbered so that two texts sharing a prefix stay two bars."""
    return [f"{index}. {short(value, limit)}" for index, value in enumerate(text, start=1)]


# --------------------------------------------------------------------------------------------
# the figures: one query each, aggregates only
# --------------------------------------------------------------------------------------------


@dataclasses.dataclass
class Period:
    start: dt.date
    end: dt.date
    previous_start: dt.date
    previous_end: dt.date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _sum(column: str, condition: str | None = None) -> str:
    if condition:
        return f"sum(case when {condition} then {column} else 0 end) as {column}"
    return f"sum({column}) as {column}"


class Figures:
    """Queries the marts for one period and, optionally, one site (landing host)."""

    def __init__(self, warehouse: Warehouse, host: str | None):
        self.w = warehouse
        self.host = host

    def _host(self, column: str = "landing_host") -> tuple[str, list[Any]]:
        return (f" and {column} = ?", [self.host]) if self.host else ("", [])

    def daily_relation(self) -> str:
        # one site: the pages mart holds the same counts by landing host
        return "fct_dark_social_pages_daily" if self.host else "fct_dark_social_daily"

    def last_day(self) -> dt.date | None:
        where, params = self._host()
        rows = self.w.records(
            f"select max(session_date) as last_day from {self.daily_relation()} where sessions > 0{where}",
            params,
        )
        return rows[0]["last_day"] if rows else None

    def value_columns(self, relation: str) -> list[str]:
        return [column for column in VALUE_COUNTS if column in self.w.columns(relation)]

    def daily(self, period: Period) -> tuple[list[dict[str, Any]], list[str]]:
        relation = self.daily_relation()
        extra = self.value_columns(relation)
        where, params = self._host()
        measures = ", ".join(_sum(column) for column in BASE_COUNTS + extra)
        rows = self.w.records(
            f"select session_date, {measures} from {relation} "
            f"where session_date between ? and ?{where} group by session_date order by session_date",
            [period.previous_start, period.end, *params],
        )
        return rows, extra

    def channels(self, period: Period) -> tuple[list[dict[str, Any]], str, list[str]]:
        """Sessions (and value when present) by channel, Dark social split out of Direct."""
        mart = "fct_dark_social_channels_daily"
        if not self.host and self.w.has(mart, "channel_group", "sessions"):
            extra = [c for c in ("engaged_sessions", "conversions", "revenue") if c in self.w.columns(mart)]
            measures = ", ".join(_sum(column) for column in ["sessions", *extra])
            rows = self.w.records(
                f"select channel_group, {measures} from {mart} where session_date between ? and ? "
                "group by channel_group order by sessions desc, channel_group",
                [period.start, period.end],
            )
            return rows, mart, extra
        sessions = "fct_dark_social_sessions"
        found = self.w.columns(sessions)
        extra_sql, extra = [], []
        if "is_engaged" in found:
            extra_sql.append("sum(case when is_engaged then 1 else 0 end) as engaged_sessions")
            extra.append("engaged_sessions")
        for column in ("conversions", "revenue"):
            if column in found:
                extra_sql.append(f"sum({column}) as {column}")
                extra.append(column)
        where, params = self._host()
        columns = ", ".join(["count(*) as sessions", "sum(page_view_count) as page_views", *extra_sql])
        rows = self.w.records(
            "select case when is_dark_social then 'Dark social' else channel end as channel_group, "
            f"{columns} from {sessions} where session_date between ? and ?{where} "
            "group by case when is_dark_social then 'Dark social' else channel end "
            "order by sessions desc, channel_group",
            [period.start, period.end, *params],
        )
        return rows, sessions, extra

    def pages(self, period: Period) -> list[dict[str, Any]]:
        current = "session_date >= ?"
        where, params = self._host()
        rows = self.w.records(
            "select landing_host, landing_path, "
            f"{_sum('dark_social_sessions', current)}, "
            f"{_sum('direct_sessions', current)}, "
            f"{_sum('dark_social_sessions_high', current)}, "
            "sum(case when session_date < ? then dark_social_sessions else 0 end) as "
            "previous_dark_social_sessions "
            "from fct_dark_social_pages_daily "
            f"where session_date between ? and ?{where} "
            "group by landing_host, landing_path "
            "having sum(case when session_date >= ? then dark_social_sessions else 0 end) > 0 "
            "order by dark_social_sessions desc, landing_host, landing_path "
            f"limit {TOP}",
            [period.start] * 4 + [period.previous_start, period.end, *params, period.start],
        )
        return rows

    def apps(self, period: Period) -> tuple[list[dict[str, Any]], str]:
        mart = "fct_dark_social_apps_daily"
        if not self.host and self.w.has(mart, "dark_social_app", "sessions"):
            rows = self.w.records(
                "select coalesce(dark_social_app, '(no app seen)') as app, sum(sessions) as "
                f"sessions from {mart} "
                "where session_date between ? and ? group by coalesce(dark_social_app, '(no app seen)') "
                "order by sessions desc, app",
                [period.start, period.end],
            )
            return rows, mart
        where, params = self._host()
        rows = self.w.records(
            "select coalesce(dark_social_app, '(no app seen)') as app, count(*) as sessions "
            "from fct_dark_social_sessions "
            f"where is_dark_social and session_date between ? and ?{where} "
            "group by coalesce(dark_social_app, '(no app seen)') order by sessions desc, app",
            [period.start, period.end, *params],
        )
        return rows, "fct_dark_social_sessions"

    def preview_apps(self, period: Period) -> list[dict[str, Any]]:
        where, params = self._host("page_host")
        return self.w.records(
            "select app, sum(fetches) as fetches from fct_dark_social_link_previews_daily "
            f"where fetch_date between ? and ?{where} group by app order by fetches desc, app",
            [period.start, period.end, *params],
        )

    def devices(self, period: Period) -> tuple[list[dict[str, Any]], str]:
        mart = "fct_dark_social_devices_daily"
        if not self.host and self.w.has(mart, "device_category", "dark_social_sessions"):
            rows = self.w.records(
                "select device_category, sum(sessions) as sessions, sum(direct_sessions) as direct_sessions, "
                f"sum(dark_social_sessions) as dark_social_sessions from {mart} "
                "where session_date between ? and ? group by device_category order by sessions "
                "desc, device_category",
                [period.start, period.end],
            )
            return rows, mart
        where, params = self._host()
        rows = self.w.records(
            "select device_category, count(*) as sessions, "
            "sum(case when is_direct then 1 else 0 end) as direct_sessions, "
            "sum(case when is_dark_social then 1 else 0 end) as dark_social_sessions "
            f"from fct_dark_social_sessions where session_date between ? and ?{where} "
            "group by device_category order by sessions desc, device_category",
            [period.start, period.end, *params],
        )
        return rows, "fct_dark_social_sessions"

    def campaigns(self, period: Period) -> list[dict[str, Any]]:
        """Dark social sessions by campaign: tagged, or credited by landing page (no mart has the split)."""
        where, params = self._host()
        return self.w.records(
            "select campaign, campaign_attribution, count(*) as sessions, "
            "sum(case when is_dark_social then 1 else 0 end) as dark_social_sessions "
            "from fct_dark_social_sessions "
            f"where campaign_attribution <> 'none' and session_date between ? and ?{where} "
            "group by campaign, campaign_attribution order by campaign, campaign_attribution",
            [period.start, period.end, *params],
        )

    def evidence(self, period: Period) -> tuple[list[dict[str, Any]], str]:
        mart = "fct_dark_social_apps_daily"
        if not self.host and self.w.has(mart, "dark_social_signal", "dark_social_confidence", "sessions"):
            rows = self.w.records(
                "select dark_social_signal, dark_social_confidence, sum(sessions) as sessions "
                f"from {mart} where dark_social_signal is not null and session_date between ? and ? "
                "group by dark_social_signal, dark_social_confidence order by sessions desc",
                [period.start, period.end],
            )
            return rows, mart
        where, params = self._host()
        rows = self.w.records(
            "select dark_social_signal, dark_social_confidence, count(*) as sessions "
            "from fct_dark_social_sessions "
            f"where is_dark_social and session_date between ? and ?{where} "
            "group by dark_social_signal, dark_social_confidence order by sessions desc",
            [period.start, period.end, *params],
        )
        return rows, "fct_dark_social_sessions"

    def previews(self, period: Period) -> list[dict[str, Any]]:
        where, params = self._host("page_host")
        return self.w.records(
            "select page_host, page_path, app, sum(fetches) as fetches "
            "from fct_dark_social_link_previews_daily "
            f"where fetch_date between ? and ?{where} "
            "group by page_host, page_path, app order by fetches desc, page_host, page_path, app",
            [period.start, period.end, *params],
        )

    def quarantined(self, period: Period) -> list[dict[str, Any]]:
        return self.w.records(
            "select quarantine_reason, sum(hits) as hits from fct_dark_social_quarantined_hits_daily "
            "where (hit_date between ? and ?) or hit_date is null "
            "group by quarantine_reason order by hits desc, quarantine_reason",
            [period.start, period.end],
        )

    def freshness(self) -> dict[str, Any]:
        rows = self.w.records(
            "select max(session_date) as last_day, max(dbt_loaded_at) as loaded_at from fct_dark_social_daily"
        )
        return rows[0]

    def reconciliation(self, period: Period) -> list[tuple[str, Any]]:
        """Sessions in the period, counted from each relation that holds them: they must agree."""
        where, params = self._host()
        bounds = [period.start, period.end]
        counts: list[tuple[str, Any]] = []
        if not self.host:
            counts.append(
                (
                    "fct_dark_social_daily",
                    self.w.records(
                        "select sum(sessions) as n from fct_dark_social_daily where session_date "
                        "between ? and ?",
                        bounds,
                    )[0]["n"],
                )
            )
        counts.append(
            (
                "fct_dark_social_pages_daily",
                self.w.records(
                    "select sum(sessions) as n from fct_dark_social_pages_daily "
                    f"where session_date between ? and ?{where}",
                    bounds + params,
                )[0]["n"],
            )
        )
        if not self.host:
            counts.append(
                (
                    "fct_dark_social_campaigns_daily",
                    self.w.records(
                        "select sum(sessions) as n from fct_dark_social_campaigns_daily "
                        "where session_date between ? and ?",
                        bounds,
                    )[0]["n"],
                )
            )
        counts.append(
            (
                "fct_dark_social_sessions",
                self.w.records(
                    "select count(*) as n from fct_dark_social_sessions where session_date between "
                    f"? and ?{where}",
                    bounds + params,
                )[0]["n"],
            )
        )
        return [(name, int(value or 0)) for name, value in counts]

    def settings(self) -> dict[str, Any]:
        rows = self.w.records("select setting_name, setting_value from dim_dark_social_settings")
        return {row["setting_name"]: json.loads(row["setting_value"]) for row in rows}


# --------------------------------------------------------------------------------------------
# the gate's latest result (written by `dark-social gate`, see quality.store_result)
# --------------------------------------------------------------------------------------------


def gate_summary(warehouse: Warehouse, result_path: Path | None) -> str:
    from dark_social.quality import result_path as default_result_path

    path = result_path or default_result_path(Path.cwd())
    if not path.exists():
        return "Quality gate: not run yet (`dark-social gate`)."
    try:
        result = json.loads(path.read_text())
    except (OSError, ValueError):
        return f"Quality gate: its result file {path} could not be read; run `dark-social gate` again."
    if result.get("database") != warehouse.location:
        return "Quality gate: not run on this warehouse yet (its latest result is for another database)."
    verdict = "passed" if result.get("success") else f"FAILED ({len(result.get('failures', []))} failed)"
    return (
        f"Quality gate {verdict}: {result.get('evaluated')} expectations, run {result.get('checked_at')} "
        f"(freshness judged as of {result.get('as_of')})."
    )


# --------------------------------------------------------------------------------------------
# the page
# --------------------------------------------------------------------------------------------

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#222;background:#fafafa}
main{max-width:1000px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:19px;margin:0 0 6px}
section{background:#fff;border:1px solid #e3e3e3;border-radius:8px;padding:18px 20px;margin:16px 0}
.reading{font-size:15px;margin:0 0 12px;color:#333}.meta{color:#666;font-size:13px}
.note{background:#fff8e1;border-left:4px solid #e0a800;padding:6px 10px;font-size:13px}
.empty{background:#f3f0f7;border-left:4px solid #5b2a86;padding:10px 14px}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:10px}
.kpi{border:1px solid #eee;border-radius:6px;padding:10px}.kpi b{display:block;font-size:22px}
.kpi span{font-size:12px;color:#555}.kpi span.up{color:#1a7f37}.kpi span.down{color:#b42318}
.chart svg{max-width:100%;height:auto}figure{margin:8px 0}
table{border-collapse:collapse;font-size:13px;width:100%;margin-top:8px;table-layout:auto}
th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
td{overflow-wrap:anywhere}td.n,th.n{text-align:right;white-space:nowrap}
dl dt{font-weight:600;margin-top:6px}dl dd{margin:2px 0 0 0}
"""

#: nothing but inline styles and data: images may load; no script, no network
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


@dataclasses.dataclass
class Section:
    section_id: str
    title: str
    reading: str
    body: str = ""


@dataclasses.dataclass
class Report:
    html_path: Path
    charts: list[Chart]
    data: dict[str, Any]
    empty: bool
    seconds: float = 0.0


class Builder:
    def __init__(self, warehouse: Warehouse, charts_dir: Path):
        self.warehouse = warehouse
        self.charts_dir = charts_dir
        self.charts: list[Chart] = []

    def figure(self, chart_id: str, chart: Any, caption: str) -> str:
        if chart is None:
            return '<p class="empty">No data for this view in this period.</p>'
        rendered = render_chart(chart_id, _configured(chart), self.charts_dir)
        self.charts.append(rendered)
        return (
            f'<figure class="chart" data-chart="{esc(chart_id)}">{rendered.svg}'
            f'<figcaption class="meta">{esc(caption)} (PNG: charts/{esc(chart_id)}.png)</figcaption></figure>'
        )


def table(headers: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    head = "".join(
        f'<th class="n">{esc(h)}</th>' if i in numeric else f"<th>{esc(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = "".join(f"<tr>{''.join(row)}</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def num_cell(value: Any, digits: int = 0) -> str:
    return f'<td class="n">{number(value, digits)}</td>'


def pct_cell(value: float | None) -> str:
    return f'<td class="n">{percent(value)}</td>'


def change(current: float | None, previous: float | None, points: bool = False) -> str:
    """The change against the previous period, in words a marketer reads."""
    if current is None or previous is None:
        return "no previous period to compare"
    if points:
        delta = 100 * (current - previous)
        css = "up" if delta > 0 else "down" if delta < 0 else ""
        return f'<span class="{css}">{delta:+.1f} points</span> vs previous period'
    if not previous:
        return "new this period" if current else "none in either period"
    delta = (current - previous) / previous
    css = "up" if delta > 0 else "down" if delta < 0 else ""
    return f'<span class="{css}">{100 * delta:+.1f}%</span> vs previous period'


def totals(rows: list[dict[str, Any]], start: dt.date, end: dt.date, columns: list[str]) -> dict[str, float]:
    picked = [row for row in rows if start <= row["session_date"] <= end]
    return {column: float(sum(row[column] or 0 for row in picked)) for column in columns} | {
        "days": len(picked)
    }


def _as_date(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def page(title: str, subtitle: str, sections: list[Section]) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title><style>{CSS}</style></head><body><main>",
        f'<h1>{esc(title)}</h1><p class="meta">{subtitle}</p>',
    ]
    for section in sections:
        parts.append(
            f'<section id="{esc(section.section_id)}"><h2>{esc(section.title)}</h2>'
            f'<p class="reading">{section.reading}</p>{section.body}</section>'
        )
    parts.append("</main></body></html>")
    return "\n".join(parts)


def empty_page(out: Path, warehouse: Warehouse, reason: str, started: float) -> Report:
    html_text = page(
        "Dark social report",
        esc(f"From {warehouse.description}"),
        [
            Section(
                "no-data",
                "No data yet",
                esc(reason),
                '<p class="empty">The report fills in once the marts hold sessions: load raw hits and run '
                "<code>dbt build</code> (or <code>make run</code> for the demo), then "
                "<code>dark-social report</code> again.</p>",
            )
        ],
    )
    out.write_text(html_text, encoding="utf-8")
    return Report(out, [], {"empty": reason}, True, time.perf_counter() - started)


def build_report(
    warehouse: Warehouse,
    out: Path | None = None,
    days: int = DEFAULT_DAYS,
    host: str | None = None,
    gate_result: Path | None = None,
    until: dt.date | None = None,
) -> Report:
    """Query the marts and write the report (HTML at `out`, one PNG per chart in `out`'s charts/)."""
    if days < 1:
        raise ReportError("--days must be at least 1")
    started = time.perf_counter()
    out = Path(out) if out else default_out(Path.cwd())
    charts_dir = out.parent / "charts"
    charts_dir.mkdir(parents=True, exist_ok=True)
    for old in charts_dir.glob("*.png"):
        old.unlink()

    if warehouse.schema is None:
        return empty_page(
            out,
            warehouse,
            f"No build of dark_social in {warehouse.description} (no dim_dark_social_settings).",
            started,
        )
    figures = Figures(warehouse, host)
    last = until or figures.last_day()
    if last is None:
        where = f" for the site {host}" if host else ""
        return empty_page(out, warehouse, f"The marts hold no sessions yet{where}.", started)
    last = _as_date(last)
    start = last - dt.timedelta(days=days - 1)
    period = Period(start, last, start - dt.timedelta(days=days), start - dt.timedelta(days=1))

    rows, value_columns = figures.daily(period)
    for row in rows:
        row["session_date"] = _as_date(row["session_date"])
        for column in BASE_COUNTS + value_columns:
            row[column] = float(row[column] or 0)
    counted = BASE_COUNTS + value_columns
    now = totals(rows, period.start, period.end, counted)
    before = totals(rows, period.previous_start, period.previous_end, counted)
    if not now["sessions"]:
        return empty_page(out, warehouse, f"No sessions between {period.start} and {period.end}.", started)
    has_before = before["days"] > 0 and before["sessions"] > 0

    builder = Builder(warehouse, charts_dir)
    sections: list[Section] = []
    data: dict[str, Any] = {"period": [period.start.isoformat(), period.end.isoformat()], "host": host}

    # 1. headline ---------------------------------------------------------------------------
    def kpi(label: str, current: float | None, previous: float | None, fmt: str, points: bool = False) -> str:
        shown = percent(current) if fmt == "%" else number(current, 2 if fmt == "money" else 0)
        return (
            f'<div class="kpi"><span>{esc(label)}</span><b>{shown}</b>'
            f"<span>{change(current, previous if has_before else None, points)}</span></div>"
        )

    share_direct = ratio(now["dark_social_sessions"], now["direct_sessions"])
    share_all = ratio(now["dark_social_sessions"], now["sessions"])
    prev_share_direct = ratio(before["dark_social_sessions"], before["direct_sessions"])
    prev_share_all = ratio(before["dark_social_sessions"], before["sessions"])
    data["headline"] = {
        "sessions": now["sessions"],
        "direct_sessions": now["direct_sessions"],
        "dark_social_sessions": now["dark_social_sessions"],
        "dark_share_of_direct": share_direct,
        "dark_share_of_sessions": share_all,
        "previous_dark_social_sessions": before["dark_social_sessions"] if has_before else None,
    }
    cards = [
        kpi("Dark social sessions", now["dark_social_sessions"], before["dark_social_sessions"], "n"),
        kpi("Dark share of Direct", share_direct, prev_share_direct, "%", points=True),
        kpi("Dark share of all sessions", share_all, prev_share_all, "%", points=True),
    ]
    if "dark_social_conversions" in value_columns:
        cards.append(
            kpi(
                "Conversions from dark social",
                now["dark_social_conversions"],
                before["dark_social_conversions"],
                "n",
            )
        )
    if "dark_social_revenue" in value_columns:
        cards.append(
            kpi(
                "Revenue from dark social", now["dark_social_revenue"], before["dark_social_revenue"], "money"
            )
        )
    value_note = (
        ""
        if "dark_social_conversions" in value_columns
        else (f'<p class="note">Conversions and revenue: {esc(NEEDS_VALUE_MARTS)}.</p>')
    )
    sections.append(
        Section(
            "headline",
            "Headline",
            f"{percent(share_direct)} of Direct traffic ({number(now['dark_social_sessions'])} of "
            f"{number(now['direct_sessions'])} sessions) was most likely shared privately in the last "
            f"{period.days} days, {percent(share_all)} of all sessions.",
            f'<div class="kpis">{"".join(cards)}</div>{value_note}',
        )
    )

    # 2. daily trend ------------------------------------------------------------------------
    current_days = [
        row | {"day": row["session_date"].isoformat()} for row in rows if row["session_date"] >= period.start
    ]
    tracked = now["tracked_messaging_sessions"]
    dark_per_tracked = ratio(now["dark_social_sessions"], tracked)
    peak = max(current_days, key=lambda row: row["dark_social_sessions"])
    sections.append(
        Section(
            "trend",
            "Daily trend",
            f"Dark social peaked on {peak['day']} with {number(peak['dark_social_sessions'])} "
            "sessions; for every "
            "tracked share-button share into a messaging app there were "
            + (
                f"{dark_per_tracked:.1f} untracked dark social visits."
                if dark_per_tracked is not None
                else "no tracked shares to compare with."
            ),
            builder.figure(
                "trend",
                chart_trend(current_days),
                "Direct sessions a day: dark social by confidence, true Direct; line: tracked "
                "messaging shares",
            )
            + builder.figure(
                "trend_ratio",
                chart_ratio(current_days),
                "Dark social sessions per tracked messaging session, by day",
            ),
        )
    )

    # 3. channel mix --------------------------------------------------------------------------
    channel_rows, channel_source, channel_extra = figures.channels(period)
    total_sessions = sum(float(row["sessions"]) for row in channel_rows) or 1.0
    channel_values = [
        {
            "channel": short(row["channel_group"]),
            "sessions": float(row["sessions"]),
            "share": float(row["sessions"]) / total_sessions,
        }
        for row in channel_rows
    ]
    rank = next((i for i, row in enumerate(channel_rows, 1) if row["channel_group"] == "Dark social"), None)
    sections.append(
        Section(
            "channels",
            "Channel mix",
            (
                f"Split out of Direct, dark social is channel number {rank} of {len(channel_rows)} "
                "by sessions "
                f"({percent(share_all)} of all sessions)."
                if rank
                else "No dark social sessions in this period."
            ),
            builder.figure(
                "channels",
                chart_bars(channel_values, "channel", "sessions", "sessions"),
                "Sessions by channel, Dark social split out of Direct",
            )
            + f'<p class="meta">From {esc(channel_source)}.</p>',
        )
    )

    # 4. top privately shared pages ---------------------------------------------------------------
    page_rows = figures.pages(period)
    labels = unique_labels(
        page_rows, (f"{r['landing_host'] or ''}{r['landing_path'] or ''}" for r in page_rows)
    )
    page_values = [
        {"page": label, "sessions": float(r["dark_social_sessions"])}
        for label, r in zip(labels, page_rows, strict=True)
    ]
    page_table = table(
        ["#", "Host", "Page", "Dark social", "Share of page's Direct", "High confidence", "Previous period"],
        [
            [
                f'<td class="n">{i}</td>',
                cell(r["landing_host"], 40),
                cell(r["landing_path"]),
                num_cell(r["dark_social_sessions"]),
                pct_cell(ratio(r["dark_social_sessions"], r["direct_sessions"])),
                pct_cell(ratio(r["dark_social_sessions_high"], r["dark_social_sessions"])),
                num_cell(r["previous_dark_social_sessions"]) if has_before else '<td class="n">\u2013</td>',
            ]
            for i, r in enumerate(page_rows, 1)
        ],
        {0, 3, 4, 5, 6},
    )
    data["pages"] = [
        (r["landing_host"], r["landing_path"], float(r["dark_social_sessions"])) for r in page_rows
    ]
    top_share = ratio(sum(float(r["dark_social_sessions"]) for r in page_rows), now["dark_social_sessions"])
    sections.append(
        Section(
            "pages",
            "Top privately shared pages",
            (
                f"The top {len(page_rows)} pages drew {percent(top_share)} of dark social sessions; "
                f"the first one alone {number(page_rows[0]['dark_social_sessions'])}."
                if page_rows
                else "No page drew dark social sessions in this period."
            ),
            builder.figure(
                "pages",
                chart_bars(page_values, "page", "sessions", "dark social sessions"),
                "Dark social sessions by landing page (labels shortened: full text in the table)",
            )
            + page_table,
        )
    )

    # 5. messaging apps and devices ---------------------------------------------------------------
    app_rows, app_source = figures.apps(period)
    preview_apps = figures.preview_apps(period)
    app_values = [
        {"app": short(r["app"]), "kind": "dark social sessions", "count": float(r["sessions"])}
        for r in app_rows[:TOP]
    ]
    app_values += [
        {"app": short(r["app"]), "kind": "link-preview fetches", "count": float(r["fetches"])}
        for r in preview_apps[:TOP]
    ]
    seen_app = [r for r in app_rows if r["app"] != "(no app seen)"]
    alt = _alt()
    apps_chart = None
    if app_values:
        apps_chart = (
            _base(app_values, width=280, height=max(60, 22 * len({v["app"] for v in app_values})))
            .mark_bar(color="#5b2a86")
            .encode(y=alt.Y("app:N", title=None, sort="-x"), x=alt.X("count:Q", title=None))
            .facet(column=alt.Column("kind:N", title=None))
            .resolve_scale(x="independent", y="independent")
        )
    device_rows, device_source = figures.devices(period)
    device_values = []
    for r in device_rows:
        device_values.append(
            {
                "device": short(r["device_category"]),
                "kind": "dark social",
                "sessions": float(r["dark_social_sessions"]),
            }
        )
        device_values.append(
            {
                "device": short(r["device_category"]),
                "kind": "true Direct",
                "sessions": float(r["direct_sessions"] - r["dark_social_sessions"]),
            }
        )
    devices_chart = None
    if device_values:
        devices_chart = (
            _base(device_values, height=max(60, 26 * len(device_rows)))
            .mark_bar()
            .encode(
                y=alt.Y("device:N", title=None, sort=None),
                x=alt.X("sessions:Q", title="Direct sessions", stack="zero"),
                color=alt.Color(
                    "kind:N",
                    title=None,
                    scale=alt.Scale(domain=["dark social", "true Direct"], range=["#5b2a86", "#c9c9c9"]),
                ),
            )
        )
    best_device = max(
        device_rows, key=lambda r: ratio(r["dark_social_sessions"], r["direct_sessions"]) or 0, default=None
    )
    app_sentence = (
        f"{short(seen_app[0]['app'])} is the app seen most often ({number(seen_app[0]['sessions'])} "
        "sessions from its in-app browser)"
        if seen_app
        else "No messaging app's in-app browser was seen"
    )
    device_sentence = (
        f"; {short(best_device['device_category'])} has the highest dark share of Direct "
        f"({percent(ratio(best_device['dark_social_sessions'], best_device['direct_sessions']))})."
        if best_device
        else "."
    )
    sections.append(
        Section(
            "apps",
            "By messaging app and device",
            esc(app_sentence + device_sentence),
            builder.figure(
                "apps",
                apps_chart,
                "Dark social sessions by app (in-app browser) and link-preview fetches by app",
            )
            + table(
                ["App", "Dark social sessions"],
                [[cell(r["app"], 60), num_cell(r["sessions"])] for r in app_rows],
                {1},
            )
            + builder.figure(
                "devices", devices_chart, "Direct sessions by device: dark social and true Direct"
            )
            + f'<p class="meta">From {esc(" and ".join(sorted({app_source, device_source})))}.</p>',
        )
    )

    # 6. campaigns ------------------------------------------------------------------------------
    campaign_rows = figures.campaigns(period)
    by_campaign: dict[str, dict[str, float]] = {}
    for r in campaign_rows:
        entry = by_campaign.setdefault(r["campaign"], {"tagged": 0.0, "landing_page": 0.0, "sessions": 0.0})
        kind = "landing_page" if r["campaign_attribution"] == "landing_page" else "tagged"
        entry[kind] += float(r["dark_social_sessions"])
        entry["sessions"] += float(r["sessions"])
    ranked = sorted(
        by_campaign.items(), key=lambda item: (-(item[1]["tagged"] + item[1]["landing_page"]), item[0])
    )[:TOP]
    ranked = [item for item in ranked if item[1]["tagged"] + item[1]["landing_page"] > 0]
    labels = unique_labels([], (name for name, _ in ranked))
    campaign_values = []
    for label, (_, entry) in zip(labels, ranked, strict=True):
        campaign_values.append(
            {"campaign": label, "credit": "tagged (utm_campaign)", "sessions": entry["tagged"]}
        )
        campaign_values.append(
            {"campaign": label, "credit": "credited by landing page", "sessions": entry["landing_page"]}
        )
    campaigns_chart = None
    if campaign_values:
        campaigns_chart = (
            _base(campaign_values, height=max(60, 22 * len(ranked)))
            .mark_bar()
            .encode(
                y=alt.Y("campaign:N", title=None, sort=None),
                x=alt.X("sessions:Q", title="dark social sessions", stack="zero"),
                color=alt.Color(
                    "credit:N",
                    title=None,
                    scale=alt.Scale(
                        domain=["tagged (utm_campaign)", "credited by landing page"],
                        range=["#e07a1f", "#5b2a86"],
                    ),
                ),
            )
        )
    credited = sum(entry["landing_page"] for _, entry in by_campaign.items())
    sections.append(
        Section(
            "campaigns",
            "Campaigns",
            (
                f"{number(credited)} untagged dark social sessions landed on a campaign's page and "
                "are credited to it "
                f"by landing page; {len(ranked)} campaigns drew dark social."
                if ranked
                else "No campaign drew dark social sessions in this period."
            ),
            builder.figure(
                "campaigns",
                campaigns_chart,
                "Dark social sessions by campaign: tagged, or credited by landing page",
            )
            + table(
                ["#", "Campaign", "Tagged", "Credited by landing page", "All sessions"],
                [
                    [
                        f'<td class="n">{i}</td>',
                        cell(name),
                        num_cell(e["tagged"]),
                        num_cell(e["landing_page"]),
                        num_cell(e["sessions"]),
                    ]
                    for i, (name, e) in enumerate(ranked, 1)
                ],
                {0, 2, 3, 4},
            ),
        )
    )

    # 7. value ----------------------------------------------------------------------------------
    value_values = []
    value_rows_html = []
    for r in channel_rows:
        sessions = float(r["sessions"]) or None
        entry = {"channel": short(r["channel_group"])}
        if "page_views" in r:
            entry["pages per session"] = ratio(r["page_views"], sessions)
        if "engaged_sessions" in channel_extra:
            entry["engaged rate"] = ratio(r["engaged_sessions"], sessions)
        if "conversions" in channel_extra:
            entry["conversion rate"] = ratio(r["conversions"], sessions)
        if "revenue" in channel_extra:
            entry["revenue per session"] = ratio(r["revenue"], sessions)
        value_values.append(entry)
        value_rows_html.append(
            [cell(r["channel_group"], 40), num_cell(r["sessions"])]
            + [num_cell(entry.get(k), 2) for k in ("pages per session", "revenue per session") if k in entry]
            + [pct_cell(entry.get(k)) for k in ("engaged rate", "conversion rate") if k in entry]
        )
    measures = [
        k
        for k in ("conversion rate", "revenue per session", "engaged rate", "pages per session")
        if value_values and k in value_values[0]
    ]
    value_chart = None
    if value_values and measures:
        measure = measures[0]
        value_chart = chart_bars(
            [{"channel": v["channel"], measure: v[measure] or 0} for v in value_values],
            "channel",
            measure,
            measure,
        )
    dark_value = next((v for v in value_values if v["channel"] == "Dark social"), None)
    if dark_value and measures:
        measure = measures[0]
        others = [
            v[measure] for v in value_values if v["channel"] != "Dark social" and v[measure] is not None
        ]
        average = sum(others) / len(others) if others else None
        reading = (
            f"Dark social's {measure} is "
            f"{number(dark_value[measure], 2) if 'rate' not in measure else percent(dark_value[measure])}"
            + (
                f", against {number(average, 2) if 'rate' not in measure else percent(average)} on "
                "average over the other channels."
                if average is not None
                else "."
            )
        )
    else:
        reading = "No dark social sessions to value in this period."
    headers = (
        ["Channel", "Sessions"]
        + [k for k in ("pages per session", "revenue per session") if measures and k in value_values[0]]
        + [k for k in ("engaged rate", "conversion rate") if measures and k in value_values[0]]
    )
    numeric_columns = set(range(1, len(headers)))
    missing = (
        ""
        if "conversions" in channel_extra
        else f'<p class="note">Conversions, revenue and engagement: {esc(NEEDS_VALUE_MARTS)}. '
        "Pages per session stand in for engagement meanwhile.</p>"
    )
    sections.append(
        Section(
            "value",
            "Value",
            esc(reading),
            builder.figure("value", value_chart, f"{measures[0] if measures else 'value'} by channel")
            + table(headers, value_rows_html, numeric_columns)
            + missing,
        )
    )

    # 8. evidence -------------------------------------------------------------------------------
    evidence_rows, evidence_source = figures.evidence(period)
    evidence_values = [
        {
            "signal": short(r["dark_social_signal"]),
            "confidence": short(r["dark_social_confidence"]),
            "sessions": float(r["sessions"]),
        }
        for r in evidence_rows
    ]
    medium = sum(v["sessions"] for v in evidence_values if v["confidence"] == "medium")
    sections.append(
        Section(
            "evidence",
            "Evidence",
            (
                f"{percent(ratio(medium, now['dark_social_sessions']))} of dark social rests on the "
                "deep-URL rule alone "
                "(medium confidence); the rest is proven by an app, a share fragment or a link-preview fetch."
            ),
            builder.figure(
                "evidence",
                chart_heatmap(evidence_values, "confidence", "signal", "sessions", "sessions"),
                "Dark social sessions by signal and confidence",
            )
            + "<dl>"
            + "".join(f"<dt>{esc(name)}</dt><dd>{esc(text)}</dd>" for name, text in CAVEATS)
            + "</dl>"
            + f'<p class="meta">From {esc(evidence_source)}.</p>',
        )
    )

    # 9. link previews ------------------------------------------------------------------------
    preview_rows = figures.previews(period)
    page_totals: dict[tuple[str, str], float] = {}
    for r in preview_rows:
        key = (r["page_host"] or "", r["page_path"] or "")
        page_totals[key] = page_totals.get(key, 0.0) + float(r["fetches"])
    top_pages = sorted(page_totals, key=lambda key: (-page_totals[key], key))[:12]
    page_label = dict(zip(top_pages, unique_labels([], (h + p for h, p in top_pages), 40), strict=True))
    top_apps = [r["app"] for r in preview_apps[:8]]
    preview_values = [
        {
            "page": page_label[(r["page_host"] or "", r["page_path"] or "")],
            "app": short(r["app"], 24),
            "fetches": float(r["fetches"]),
        }
        for r in preview_rows
        if (r["page_host"] or "", r["page_path"] or "") in page_label and r["app"] in top_apps
    ]
    total_fetches = sum(page_totals.values())
    sections.append(
        Section(
            "previews",
            "Link previews",
            (
                f"{number(total_fetches)} link-preview fetches: each one proves a link to the page "
                "was pasted into "
                f"the app; {esc(short(preview_apps[0]['app']))} fetched most "
                f"({number(preview_apps[0]['fetches'])})."
                if preview_apps
                else "No link-preview fetch was seen in this period (they are only in server or CDN logs)."
            ),
            builder.figure(
                "previews",
                chart_heatmap(preview_values, "app", "page", "fetches", "fetches", list(page_label.values())),
                "Link-preview fetches by page and app",
            )
            + table(
                ["#", "Page", "Fetches"],
                [
                    [f'<td class="n">{i}</td>', cell(h + p), num_cell(page_totals[(h, p)])]
                    for i, (h, p) in enumerate(top_pages, 1)
                ],
                {0, 2},
            ),
        )
    )

    # 10. data quality --------------------------------------------------------------------------
    fresh = figures.freshness()
    quarantined = figures.quarantined(period)
    reconciliation = figures.reconciliation(period)
    settings = figures.settings()
    agree = len({value for _, value in reconciliation}) == 1
    low, high = (
        settings.get("dark_social__dark_share_of_direct_min"),
        settings.get("dark_social__dark_share_of_direct_max"),
    )
    within = (
        share_direct is not None
        and low is not None
        and high is not None
        and float(low) <= share_direct <= float(high)
    )
    quarantine_values = [
        {"reason": short(r["quarantine_reason"]), "hits": float(r["hits"])} for r in quarantined
    ]
    set_aside = sum(v["hits"] for v in quarantine_values)
    gate = gate_summary(warehouse, gate_result)
    data["quality"] = {"reconciled": agree, "quarantined_hits": set_aside, "gate": gate}
    sections.append(
        Section(
            "quality",
            "Data quality",
            esc(
                f"Last day with hits {fresh['last_day']}, loaded {str(fresh['loaded_at'])[:16]} UTC; "
                f"{number(set_aside)} hits set aside; "
                + (
                    "the session counts of every mart agree"
                    if agree
                    else "the marts DISAGREE on the session count"
                )
                + "; dark share of Direct "
                + ("within" if within else "OUTSIDE")
                + f" its expected bounds ({low}\u2013{high}). "
                + gate
            ),
            builder.figure(
                "quality",
                chart_bars(quarantine_values, "reason", "hits", "hits set aside"),
                "Hits set aside by reason",
            )
            + table(
                ["Relation", "Sessions in the period"],
                [[cell(name), num_cell(value)] for name, value in reconciliation],
                {1},
            )
            + table(
                ["Setting", "Value"],
                [[cell(name), cell(json.dumps(value))] for name, value in sorted(settings.items())],
            ),
        )
    )

    first_day = min(row["session_date"] for row in current_days if row["sessions"])
    subtitle = esc(
        f"{period.start} to {period.end} ({period.days} days"
        + (f"; data from {first_day}" if first_day > period.start else "")
        + (
            f", against {period.previous_start} to {period.previous_end}"
            if has_before
            else ", no previous period in the data"
        )
        + f"); {'site ' + host + '; ' if host else ''}from {warehouse.description}; "
        f"generated {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M')} UTC."
    )
    out.write_text(page("Dark social report", subtitle, sections), encoding="utf-8")
    data["charts"] = [chart.chart_id for chart in builder.charts]
    return Report(out, builder.charts, data, False, time.perf_counter() - started)
