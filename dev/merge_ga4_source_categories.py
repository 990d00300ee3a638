"""Rebuild seeds/dark_social_referrer_sources.csv on Google's GA4 source-category list.

    python dev/merge_ga4_source_categories.py --google path/to/ga4_source_categories.csv

Google's list (columns `source,source_category`, e.g. Velir/dbt-ga4's copy) gives one `exact`
row per entry, spelled as Google spells it, `provenance` = `google`. The package's own rows
(`provenance` = `addition`: suffix and regex rules, webmail, messaging clients, Android packages,
networks newer than Google's copy, AI assistants) are kept as they are. A Google row takes the
clean source name, medium and category of the addition that already names it (matched as the
model matches: exact host or source name, then the longest suffix, then a regex) when the two
agree, where `messaging` (ours) agrees with Google's social and `email` (ours) is kept over
Google's search (tabled as exceptions in tests_python/fixtures/ga4_source_list_exceptions.csv);
otherwise the row is Google's: its own name as source, `organic` for search, else `referral`.
Run it again when Google updates its list; the additions are not touched.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

SEED = Path(__file__).resolve().parents[1] / "seeds" / "dark_social_referrer_sources.csv"
COLUMNS = ["host", "match_type", "source", "medium", "source_category", "provenance", "note"]
# our category -> the Google categories it agrees with (ours is kept)
AGREES = {"messaging": {"social"}, "email": {"search"}}


def addition_for(name: str, additions: list[dict]) -> dict | None:
    """The addition row the model's lookup would pick for `name` (macros/classification/source_lookup.sql)."""
    name = name.lower()
    ranked = []
    for row in additions:
        host, kind = row["host"], row["match_type"]
        if kind == "regex":
            if re.search(host, name):
                ranked.append((2000, host, row))
        elif name == host.lower():
            ranked.append((0 if kind == "exact" else 1000 - len(host), host, row))
        elif kind == "suffix" and name.endswith("." + host.lower()):
            ranked.append((1000 - len(host), host, row))
        if row["source"] == name:
            ranked.append((1, host, row))
    ranked.sort(key=lambda item: (item[0], item[1].encode()))
    return ranked[0][2] if ranked else None


def google_row(entry: dict, additions: list[dict]) -> dict:
    name = entry["source"].strip()
    category = entry["source_category"].strip().removeprefix("SOURCE_CATEGORY_").lower()
    row = {"host": name, "match_type": "exact", "provenance": "google"}
    known = addition_for(name, additions)
    if known and (
        known["source_category"] == category or category in AGREES.get(known["source_category"], ())
    ):
        row |= {
            "source": known["source"],
            "medium": known["medium"],
            "source_category": known["source_category"],
        }
        row["note"] = f"Google: {category}" + ("" if known["source_category"] == category else " (ours kept)")
    else:
        medium = "organic" if category == "search" else "referral"
        row |= {
            "source": name.lower(),
            "medium": medium,
            "source_category": category,
            "note": f"Google: {category}",
        }
    return row


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--google", required=True, type=Path, help="Google's list: source,source_category")
    parser.add_argument("--seed", type=Path, default=SEED)
    arguments = parser.parse_args()
    with arguments.seed.open(newline="") as handle:
        current = list(csv.DictReader(handle))
    additions = [
        {**row, "provenance": "addition"}
        for row in current
        if row.get("provenance", "addition") == "addition"
    ]
    with arguments.google.open(newline="") as handle:
        google = [google_row(entry, additions) for entry in csv.DictReader(handle)]
    with arguments.seed.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(google, key=lambda row: row["host"].lower()))
        writer.writerows({column: row.get(column, "") for column in COLUMNS} for row in additions)
    print(f"{arguments.seed}: {len(google)} rows from Google's list, {len(additions)} additions")


if __name__ == "__main__":
    main()
