"""Detection accuracy of `is_dark_social` against the generator's true origins.

The dbt project never reads the truth files; this report joins them to the built sessions by
landing hit (each generated visit is one session) and prints precision and recall, overall and
per signal, with what the false positives and misses really were.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dark_social.warehouse import connect

_JOINED = """
    select
        truth.true_origin,
        truth.is_dark_social as truly_dark,
        truth.dark_social_evidence as true_evidence,
        sessions.is_dark_social as detected,
        sessions.dark_social_signal as signal,
        -- what the deep-URL rule decided before the returning-visitor rule took these sessions out
        sessions.is_dark_social or sessions.traffic_origin = 'returning_direct' as detected_before,
        case
            when sessions.traffic_origin = 'returning_direct' then 'deep_link'
            else sessions.dark_social_signal
        end as signal_before
    from read_parquet(?) as truth
    inner join int_dark_social_sessions__classified as sessions
        on truth.landing_hit_id = sessions.landing_hit_key
"""


@dataclass(frozen=True)
class Score:
    name: str
    true_positives: int
    flagged: int
    actual: int

    @property
    def precision(self) -> float | None:
        return self.true_positives / self.flagged if self.flagged else None

    @property
    def recall(self) -> float | None:
        return self.true_positives / self.actual if self.actual else None


@dataclass(frozen=True)
class AccuracyReport:
    visits: int
    matched: int
    overall: Score
    by_signal: list[Score]
    by_evidence: list[Score]
    false_positives_by_origin: list[tuple[str, int]] = field(default_factory=list)
    #: (name, before, after): the deep_link signal and is_dark_social without and with the
    #: returning-visitor rule (sessions it made `returning_direct` counted as deep_link before)
    returning_rule: list[tuple[str, Score, Score]] = field(default_factory=list)

    def lines(self) -> list[str]:
        def pct(value: float | None) -> str:
            return "   n/a" if value is None else f"{value:6.1%}"

        out = [
            f"visits in truth: {self.visits:,}; matched to sessions: {self.matched:,}",
            f"{'':30} {'precision':>9} {'recall':>7} {'flagged':>9} {'truly dark':>10}",
            f"{'is_dark_social':30} {pct(self.overall.precision):>9} {pct(self.overall.recall):>7} "
            f"{self.overall.flagged:>9,} {self.overall.actual:>10,}",
            "by detected signal (precision = share of flagged sessions that are truly dark):",
        ]
        out += [f"  {s.name:28} {pct(s.precision):>9} {'':>7} {s.flagged:>9,}" for s in self.by_signal]
        out.append("by true evidence (recall = share of truly dark visits detected, any signal):")
        out += [f"  {s.name:28} {'':>9} {pct(s.recall):>7} {'':>9} {s.actual:>10,}" for s in self.by_evidence]
        out.append("false positives by true origin:")
        out += [f"  {origin:28} {count:>9,}" for origin, count in self.false_positives_by_origin]
        out.append("returning-visitor rule (var dark_social__revisit_window_days), before -> after:")
        for name, before, after in self.returning_rule:
            measures = []
            if before.flagged or after.flagged:
                measures.append(
                    f"precision {pct(before.precision)} -> {pct(after.precision)} "
                    f"(flagged {before.flagged:,} -> {after.flagged:,})"
                )
            if before.actual or after.actual:
                measures.append(f"recall {pct(before.recall)} -> {pct(after.recall)} (of {after.actual:,})")
            out.append(f"  {name:28} " + ", ".join(measures))
        return out


def measure(database: Path, truth_dir: Path) -> AccuracyReport:
    truth = (truth_dir / "*.parquet").as_posix()
    with connect(database) as connection:
        visits = connection.execute("select count(*) from read_parquet(?)", [truth]).fetchone()[0]
        joined = f"({_JOINED})"
        matched, true_positives, flagged, actual = connection.execute(
            f"""
            select count(*), count(*) filter (where detected and truly_dark),
                count(*) filter (where detected), count(*) filter (where truly_dark)
            from {joined}
            """,
            [truth],
        ).fetchone()
        by_signal = [
            Score(name, tp, n, 0)
            for name, tp, n in connection.execute(
                f"""
                select signal, count(*) filter (where truly_dark), count(*)
                from {joined} where detected group by signal order by count(*) desc
                """,
                [truth],
            ).fetchall()
        ]
        by_evidence = [
            Score(name, tp, 0, n)
            for name, tp, n in connection.execute(
                f"""
                select coalesce(true_evidence, '(none)'), count(*) filter (where detected), count(*)
                from {joined} where truly_dark group by 1 order by count(*) desc
                """,
                [truth],
            ).fetchall()
        ]
        false_positives = connection.execute(
            f"""
            select true_origin, count(*) from {joined}
            where detected and not truly_dark group by 1 order by 2 desc
            """,
            [truth],
        ).fetchall()
        # deep_link: precision among sessions with the signal, recall among truly dark visits whose
        # only evidence is the deep URL (detected by any signal)
        rule = connection.execute(
            f"""
            select
                count(*) filter (where signal_before = 'deep_link' and truly_dark),
                count(*) filter (where signal_before = 'deep_link'),
                count(*) filter (where signal = 'deep_link' and truly_dark),
                count(*) filter (where signal = 'deep_link'),
                count(*) filter (where truly_dark and true_evidence = 'deep_link' and detected_before),
                count(*) filter (where truly_dark and true_evidence = 'deep_link' and detected),
                count(*) filter (where truly_dark and true_evidence = 'deep_link'),
                count(*) filter (where detected_before and truly_dark),
                count(*) filter (where detected_before)
            from {joined}
            """,
            [truth],
        ).fetchone()
        (
            deep_tp_before,
            deep_before,
            deep_tp_after,
            deep_after,
            deep_found_before,
            deep_found_after,
            deep_actual,
            tp_before,
            flagged_before,
        ) = rule
    returning_rule = [
        (
            "deep_link",
            Score("deep_link", deep_tp_before, deep_before, 0),
            Score("deep_link", deep_tp_after, deep_after, 0),
        ),
        (
            "deep_link (recall, any signal)",
            Score("deep_link", deep_found_before, 0, deep_actual),
            Score("deep_link", deep_found_after, 0, deep_actual),
        ),
        (
            "is_dark_social",
            Score("is_dark_social", tp_before, flagged_before, actual),
            Score("is_dark_social", true_positives, flagged, actual),
        ),
    ]
    return AccuracyReport(
        returning_rule=returning_rule,
        visits=visits,
        matched=matched,
        overall=Score("is_dark_social", true_positives, flagged, actual),
        by_signal=by_signal,
        by_evidence=by_evidence,
        false_positives_by_origin=[(origin, count) for origin, count in false_positives],
    )
