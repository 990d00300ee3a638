"""Google's GA4 source-category list, entry by entry: the channel GA4 gives, or a tabled exception.

One build of a small fixture (one session per case, tests_python/fixtures/ga4_source_list.py):
every entry as `utm_source` without a medium gives `Organic <category>`, with `utm_medium=cpc`
`Paid <category>`, and every host entry as the referrer `Organic <category>`. A case that
differs is in tests_python/fixtures/ga4_source_list_exceptions.csv with the channel we give
and why; an exception that no longer happens fails too, so the table stays true.
"""

from __future__ import annotations

import csv

import pytest

from conftest import PROJECT_DIR
from dark_social.warehouse import connect
from fixtures.ga4_source_list import agreement, build, cases, exceptions, google_entries, results

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def found(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    database = build(PROJECT_DIR, tmp_path_factory.mktemp("ga4_source_list"))
    with connect(database) as connection:
        return results(connection)


def test_every_entry_of_googles_list_is_a_google_row_of_the_seed() -> None:
    with (PROJECT_DIR / "seeds" / "dark_social_referrer_sources.csv").open(newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["provenance"] == "google"]
    assert sorted((row["host"], row["match_type"]) for row in rows) == sorted(
        (entry, "exact") for entry, _ in google_entries()
    )


def test_every_case_gives_the_channel_ga4_gives_or_is_tabled(found: dict[str, tuple[str, str]]) -> None:
    tabled = exceptions()
    wrong, stale = [], []
    for case in cases():
        channel, origin = found[case["case"]]
        exception = tabled.get(case["case"])
        expected = exception["our_channel"] if exception else case["channel"]
        if exception and exception["ga4_channel"] != case["channel"]:
            wrong.append(
                (case["case"], "tabled ga4_channel is not GA4's", exception["ga4_channel"], case["channel"])
            )
        if channel != expected:
            wrong.append((case["case"], channel, expected))
        if case["origin"] is not None and origin != case["origin"]:
            wrong.append((case["case"], origin, case["origin"]))
    stale = sorted(set(tabled) - {case["case"] for case in cases()})
    assert not wrong, wrong[:50]
    assert not stale, stale


def test_agreement_with_googles_list(found: dict[str, tuple[str, str]]) -> None:
    figures = agreement(found)
    agree = sum(value[0] for value in figures.values())
    total = sum(value[1] for value in figures.values())
    tabled = sum(1 for case in exceptions() if case.split(":")[0] in figures)
    assert agree == total - tabled
    print(f"agreement with Google's list: {agree}/{total} ({agree / total:.1%}) {figures}")


def test_the_exception_table_gives_a_reason_for_every_row() -> None:
    for case, row in exceptions().items():
        assert row["reason"].strip(), case
