"""The CLI honours the user: `dark-social dbt` merges --vars; demo commands generate nothing unasked."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dark_social.cli import main, merge_vars

DEMO = {"dark_social__raw_hits_location": "read_parquet('data/raw/hits/*.parquet')"}


def vars_of(args: list[str]) -> dict:
    assert args.count("--vars") == 1, args  # dbt keeps only the last --vars: there must be one
    return json.loads(args[args.index("--vars") + 1])


def test_the_users_vars_win_over_the_demos_and_are_merged_into_one() -> None:
    mine = "read_parquet('exports/*.parquet')"
    args = merge_vars(
        ["build", "--select", "staging", "--vars", json.dumps({"dark_social__raw_hits_location": mine})], DEMO
    )
    assert args[:3] == ["build", "--select", "staging"]
    assert vars_of(args) == {"dark_social__raw_hits_location": mine}


def test_the_demos_vars_stay_for_the_keys_the_user_does_not_set() -> None:
    args = merge_vars(
        ["build", "--vars", "{dark_social__session_timeout_minutes: 45}"], DEMO
    )  # YAML, as dbt reads it
    assert vars_of(args) == {**DEMO, "dark_social__session_timeout_minutes": 45}


def test_several_vars_options_and_the_equals_form_merge_in_order() -> None:
    args = merge_vars(
        ["--", "run", "--vars={a: 1, b: 1}", "--threads", "1", "--vars", '{"b": 2}'], {"a": 0, "c": 0}
    )
    assert args[:3] == ["run", "--threads", "1"]
    assert vars_of(args) == {"a": 1, "b": 2, "c": 0}


@pytest.mark.parametrize(
    "bad", [["build", "--vars"], ["build", "--vars", "[1, 2]"], ["build", "--vars", "{a: [}"]]
)
def test_unreadable_vars_are_refused_with_a_message(bad: list[str]) -> None:
    with pytest.raises(SystemExit, match="--vars"):
        merge_vars(bad, DEMO)


def test_dbt_receives_the_merged_vars(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What actually reaches the dbt process: a stand-in dbt beside the interpreter records its argv."""
    recorder = tmp_path / "bin"
    recorder.mkdir()
    (recorder / "python").symlink_to(sys.executable)
    record = tmp_path / "argv.json"
    (recorder / "dbt").write_text(
        f"#!{sys.executable}\nimport json, sys\nopen({str(record)!r}, 'w').write(json.dumps(sys.argv[1:]))\n"
    )
    (recorder / "dbt").chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(recorder / "python"))
    code = main(["dbt", "--", "ls", "--vars", "{dark_social__reporting_timezone: Europe/Paris}"])
    assert code == 0
    argv = json.loads(record.read_text())
    assert argv[0] == "ls"
    assert vars_of(argv) == {
        "dark_social__raw_hits_location": "read_parquet('data/raw/hits/*.parquet')",
        "dark_social__reporting_timezone": "Europe/Paris",
    }


def test_run_says_it_is_the_demo_and_generates_nothing_unless_asked(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    completed = subprocess.run(
        [str(Path(sys.executable).with_name("dark-social")), "run", "--raw-dir", str(raw), "--hits", "100"],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "DARK_SOCIAL_DUCKDB_PATH": str(tmp_path / "never.duckdb")},
    )
    assert completed.returncode == 2, completed.stdout + completed.stderr
    assert "demo only" in completed.stdout
    assert "--demo-data" in completed.stderr
    assert not raw.exists() or not any(raw.rglob("*.parquet"))
    assert not (tmp_path / "never.duckdb").exists()


def test_make_run_asks_for_the_demo_data() -> None:
    from dark_social import PROJECT_DIR

    makefile = (PROJECT_DIR / "Makefile").read_text()
    assert "dark-social run --demo-data" in makefile
