"""The cross-engine fixture: a few thousand generated hits plus every hostile row, as text columns.

Every engine reads the same rows. Timestamps are text in three ISO-8601 spellings (naive, `Z`,
`+00:00`) beside the hostile ones, so the text-parsing path of every engine is exercised.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from dark_social.generator import generate
from fixtures.hostile_hits import CASES
from fixtures.hostile_hits import COLUMNS as HOSTILE_COLUMNS

COLUMNS = [
    "hit_id",
    "hit_at",
    "client_id",
    "page_url",
    "referrer_url",
    "user_agent",
    "event_name",
    "event_value",
    "event_currency",
]
FIXTURE_HITS = 3_000
FIXTURE_SEED = 8
FIXTURE_DAYS = 3

#: PostgreSQL text cannot hold the NUL character (U+0000). Its loader writes U+FFFD in its place
#: and the test checks that only these rows were altered (README, "Engines").
POSTGRES_NUL_REPLACEMENT = "\ufffd"


def _timestamp_text(timestamps: pa.ChunkedArray) -> pa.Array:
    """Naive, `Z` and `+00:00` ISO-8601 spellings in turn (all meaning UTC), microseconds kept."""
    texts: list[str | None] = []
    for index, value in enumerate(timestamps.to_pylist()):
        if value is None:
            texts.append(None)
        elif index % 3 == 0:
            texts.append(value.strftime("%Y-%m-%d %H:%M:%S.%f"))
        else:
            texts.append(value.strftime("%Y-%m-%dT%H:%M:%S.%f") + ("Z" if index % 3 == 1 else "+00:00"))
    return pa.array(texts, type=pa.string())


def write_fixture(folder: Path, hits: int = FIXTURE_HITS, seed: int = FIXTURE_SEED) -> Path:
    """Write the fixture as one Parquet file of text columns; return the file."""
    generate(folder / "generated", hits=hits, seed=seed, days=FIXTURE_DAYS)
    generated = pq.read_table(folder / "generated" / "hits")
    columns = {
        name: (_timestamp_text(generated[name]) if name == "hit_at" else generated[name].cast(pa.string()))
        for name in COLUMNS
    }
    # the hostile rows carry no event value
    hostile = {
        name: [case[HOSTILE_COLUMNS.index(name)] if name in HOSTILE_COLUMNS else None for case in CASES]
        for name in COLUMNS
    }
    table = pa.concat_tables(
        [
            pa.table(columns),
            pa.table({name: pa.array(values, type=pa.string()) for name, values in hostile.items()}),
        ]
    )
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, folder / "raw_hits.parquet")
    return folder / "raw_hits.parquet"
