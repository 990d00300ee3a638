"""Bad configuration stops the run with a message that says what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_dbt
from dark_social.warehouse import connect

pytestmark = pytest.mark.slow


def write_csv(path: Path, text: str) -> str:
    path.write_text(text)
    return f"read_csv('{path.as_posix()}', header = true)"


def test_missing_required_column_names_the_column_and_the_var(tmp_path: Path) -> None:
    location = write_csv(tmp_path / "hits.csv", "ts,page_url\n2025-01-01T10:00:00Z,https://example.com/\n")
    result = run_dbt(
        ["run", "--select", "+stg_dark_social__hits"],
        tmp_path / "db.duckdb",
        {"dark_social__raw_hits_location": location, "dark_social__raw_hits_columns": {"hit_at": "ts"}},
    )
    assert result.returncode != 0
    assert "required contract column 'client_id'" in result.output
    assert "dark_social__raw_hits_columns" in result.output


def test_unknown_contract_column_in_the_map_is_refused(tmp_path: Path) -> None:
    location = write_csv(
        tmp_path / "hits.csv", "hit_at,client_id,page_url\n2025-01-01T10:00:00Z,c,https://e.com/\n"
    )
    result = run_dbt(
        ["run", "--select", "+stg_dark_social__hits"],
        tmp_path / "db.duckdb",
        {
            "dark_social__raw_hits_location": location,
            "dark_social__raw_hits_columns": {"visitor": "client_id"},
        },
    )
    assert result.returncode != 0
    assert "maps 'visitor', which is not a raw hits contract column" in result.output


def test_timestamps_with_offsets_and_without_are_read_as_utc(tmp_path: Path) -> None:

    location = write_csv(
        tmp_path / "hits.csv",
        "hit_at,client_id,page_url\n"
        "2025-01-01T10:00:00Z,a,https://e.com/z\n"
        "2025-01-01T12:00:00+02:00,a,https://e.com/offset\n"
        "2025-01-01 10:00:00,a,https://e.com/naive\n"
        "not a time,a,https://e.com/bad\n",
    )
    database = tmp_path / "db.duckdb"
    result = run_dbt(
        [
            "build",
            "--select",
            "+int_dark_social_hits__validated",
            "--exclude-resource-type",
            "test",
            "--exclude-resource-type",
            "unit_test",
        ],
        database,
        {
            "dark_social__raw_hits_location": location.replace(
                "header = true", "header = true, all_varchar = true"
            )
        },
    )
    assert result.returncode == 0, result.output[-3000:]
    with connect(database) as connection:
        rows = dict(
            connection.execute(
                "select page_path, cast(hit_at as varchar) from int_dark_social_hits__validated"
            ).fetchall()
        )
    assert rows == {
        "/z": "2025-01-01 10:00:00",
        "/offset": "2025-01-01 10:00:00",
        "/naive": "2025-01-01 10:00:00",
        "/bad": None,
    }
