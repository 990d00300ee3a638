"""SQL lint of the dbt project with sqlfluff (`make lint`), in the house style of STYLE.md.

Two parts, one sqlfluff process at a time:

1. Models, analyses and singular tests, with the dbt templater (config: .sqlfluff). The source
   adapters' staging models are disabled unless var `dark_social__source_adapter` chooses them,
   and the templater skips disabled models, so there is one run per adapter: `hits` (the
   default) lints every file that is not an adapter's, each other adapter only its own files
   (the models whose config calls `source_adapter_enabled('<adapter>')`). Each run has its own
   dbt target folder under target/sqlfluff/, so a rerun parses partially.
2. Macros and generic tests, which the dbt templater skips: lint/render_macros.py renders each
   one with sample arguments into standalone statements, linted with the raw templater
   (config: .sqlfluff plus lint/macros.sqlfluff, no layout rules). A finding names the macro,
   its file and the rendered line; fix it in the macro's source.

Linting never opens data/dark_social.duckdb: dbt connects to an in-memory DuckDB, with the
profile copied from profiles.example.yml (a clean clone has no profiles.yml).

    .venv/bin/python lint/lint_sql.py                  # everything; exit 1 on any violation
    .venv/bin/python lint/lint_sql.py --only models --adapter ga4
    .venv/bin/python lint/lint_sql.py --fix            # sqlfluff fix on models, analyses, tests

`--fix` rewrites files in place: review the diff. It fixes layout (indentation, some long lines),
AM03, RF03, ST02 and ST09; lines holding a `{% for %}` loop get re-indented, and long Jinja calls
are left for a hand edit (break them inside the braces, one argument per line).

Exit status: 0 clean, 1 violations (or a file that could not be linted), 2 a tool failure.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SQLFLUFF = Path(sys.executable).with_name("sqlfluff")
LINTED_DIRS = ("models", "analyses", "tests")
ADAPTERS = ("hits", "ga4", "snowplow", "segment", "access_log")
# vars an adapter's staging model requires (the others have defaults in dbt_project.yml), or that
# render its optional parts (Segment's Order Completed calls) so they are linted too
ADAPTER_VARS = {
    "access_log": {"dark_social__access_log_site_host": "www.example.com"},
    "segment": {"dark_social__segment_order_completed_identifier": "order_completed"},
}
ENABLED_BY = re.compile(r"source_adapter_enabled\(\s*['\"](\w+)['\"]\s*\)")
MACRO_FILE = re.compile(r"{%-?\s*(macro|test|materialization)\s")
STATE = ROOT / "target" / "sqlfluff"
# The dialect of the DuckDB renderings; parse errors elsewhere are reported, not failed on
# (an engine variant's nested macros render for DuckDB, see lint/render_macros.py).
STRICT_MACRO_DIALECTS = ("duckdb", "ansi")


def relative(path: str | Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def model_files() -> dict[str, list[Path]]:
    """adapter -> the .sql files its run lints (macro files and generic tests are left out)."""
    runs: dict[str, list[Path]] = {adapter: [] for adapter in ADAPTERS}
    for folder in LINTED_DIRS:
        for path in sorted((ROOT / folder).rglob("*.sql")):
            text = path.read_text()
            if MACRO_FILE.search(text):
                continue
            enabled_by = ENABLED_BY.search(text)
            adapter = enabled_by.group(1) if enabled_by else "hits"
            if adapter not in runs:
                raise SystemExit(f"lint_sql: {relative(path)} is enabled by unknown adapter '{adapter}'.")
            runs[adapter].append(path)
    return runs


def environment(work: Path) -> dict[str, str]:
    profiles = work / "profiles"
    profiles.mkdir()
    shutil.copyfile(ROOT / "profiles.example.yml", profiles / "profiles.yml")
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DBT_TARGET", "DBT_PROFILE"))
    }
    env.update(
        {
            "DBT_PROFILES_DIR": str(profiles),
            "DARK_SOCIAL_DUCKDB_PATH": ":memory:",
            "DBT_LOG_PATH": str(STATE / "logs"),
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }
    )
    return env


def sqlfluff(
    command: str,
    files: list[Path],
    config: Path,
    env: dict[str, str],
    report: Path,
    extra: list[str] | None = None,
) -> tuple[int, list[dict], str]:
    """Runs sqlfluff on files; returns its exit code, its JSON records (from `report`) and its stderr."""
    arguments = [str(SQLFLUFF), command, "--config", str(config), *(extra or [])]
    if command == "lint":
        arguments += ["--format", "json", "--write-output", str(report)]
    done = subprocess.run(
        [*arguments, *map(str, files)], cwd=ROOT, env=env, capture_output=command == "lint", text=True
    )
    records = json.loads(report.read_text()) if command == "lint" and report.exists() else []
    return done.returncode, records, done.stderr or ""


def not_linted(files: list[Path], records: list[dict], stderr: str) -> list[str]:
    """Files sqlfluff was given but did not lint (disabled model, ignore pattern, skipped)."""
    linted = {str(Path(record["filepath"]).resolve()) for record in records}
    reasons = []
    for path in files:
        if str(path.resolve()) not in linted:
            said = [
                line.strip() for line in stderr.splitlines() if relative(path) in line or str(path) in line
            ]
            reasons.append(
                f"{relative(path)}: not linted ({said[0] if said else 'no reason given by sqlfluff'})"
            )
    return reasons


def print_violations(records: list[dict], locate) -> Counter:
    counts: Counter = Counter()
    for record in records:
        for violation in record["violations"]:
            counts[violation["code"]] += 1
            where, context = locate(record["filepath"], violation)
            fixable = " (fixable)" if violation.get("fixes") else ""
            print(f"{where}: {violation['code']} {violation['description']}{fixable}{context}")
    return counts


def lint_models(args, env: dict[str, str], work: Path) -> tuple[bool, Counter, list[str]]:
    ok, counts, timings = True, Counter(), []
    runs = model_files()
    for adapter in args.adapter or ADAPTERS:
        files = runs[adapter]
        if not files:
            continue
        config = work / f"models-{adapter}.cfg"
        context = {"dark_social__source_adapter": adapter, **ADAPTER_VARS.get(adapter, {})}
        config.write_text(
            "[sqlfluff:templater:dbt:context]\n"
            + "".join(f"{key} = {value}\n" for key, value in context.items())
        )
        run_env = {**env, "DBT_TARGET_PATH": str(STATE / adapter)}
        started = time.monotonic()
        code, records, stderr = sqlfluff(
            "fix" if args.fix else "lint", files, config, run_env, work / f"models-{adapter}.json"
        )
        seconds = time.monotonic() - started
        timings.append(f"{adapter}: {len(files)} files, {seconds:.1f} s")
        if args.fix:
            ok = ok and code == 0
            continue
        print(f"== sqlfluff, dbt templater, adapter {adapter}: {len(files)} files ({seconds:.1f} s)")
        run_counts = print_violations(
            records, lambda path, v: (f"{relative(path)}:{v['start_line_no']}:{v['start_line_pos']}", "")
        )
        missing = not_linted(files, records, stderr)
        for reason in missing:
            print(reason)
        if code not in (0, 1) or (code == 1 and not run_counts):
            print(f"sqlfluff failed (exit {code}):\n{stderr[-3000:]}")
            ok = False
        ok = ok and not run_counts and not missing
        counts += run_counts
    return ok, counts, timings


def lint_macros(env: dict[str, str], work: Path) -> tuple[bool, Counter, list[str]]:
    out_dir = STATE / "macros"
    shutil.rmtree(out_dir, ignore_errors=True)
    started = time.monotonic()
    render_env = {**env, "DBT_TARGET_PATH": str(STATE / "render")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "lint" / "render_macros.py"), str(out_dir)], cwd=ROOT, env=render_env
    )
    timings = [f"render macros: {time.monotonic() - started:.1f} s"]
    if done.returncode == 2 or not (out_dir / "index.json").exists():
        return False, Counter(), timings
    ok = done.returncode == 0
    index = {
        str(Path(item["path"]).resolve()): item for item in json.loads((out_dir / "index.json").read_text())
    }
    counts: Counter = Counter()
    not_failed: Counter = Counter()
    for dialect in sorted({item["dialect"] for item in index.values()}):
        files = sorted(Path(path) for path, item in index.items() if item["dialect"] == dialect)
        started = time.monotonic()
        code, records, stderr = sqlfluff(
            "lint",
            files,
            ROOT / "lint" / "macros.sqlfluff",
            env,
            work / f"macros-{dialect}.json",
            # the rendered files sit under target/, which .sqlfluffignore lists
            ["--dialect", dialect, "--disregard-sqlfluffignores"],
        )
        seconds = time.monotonic() - started
        timings.append(f"macros, {dialect}: {len(files)} statements, {seconds:.1f} s")
        print(f"== sqlfluff, rendered macros, dialect {dialect}: {len(files)} statements ({seconds:.1f} s)")

        def locate(path: str, violation: dict) -> tuple[str, str]:
            item = index[str(Path(path).resolve())]
            lines = Path(path).read_text().splitlines()
            number = violation["start_line_no"]
            line = lines[number - 1].strip() if 0 < number <= len(lines) else ""
            shown = line if len(line) <= 100 else line[:97] + "..."
            position = f"{relative(path)}:{number}:{violation['start_line_pos']}"
            where = f"{item['file']}: {item['macro']} [{item['engine']}] {position}"
            return where, f"\n    | {shown}"

        strict = [record for record in records if dialect in STRICT_MACRO_DIALECTS]
        lenient = [record for record in records if dialect not in STRICT_MACRO_DIALECTS]
        for record in lenient:
            parse_errors = [v for v in record["violations"] if v["code"] == "PRS"]
            record["violations"] = [v for v in record["violations"] if v["code"] != "PRS"]
            if parse_errors:
                item = index[str(Path(record["filepath"]).resolve())]
                not_failed["PRS"] += len(parse_errors)
                print(
                    f"{item['file']}: {item['macro']} [{item['engine']}] {relative(record['filepath'])}: "
                    f"{len(parse_errors)} PRS (not failed: a nested macro rendered for DuckDB, "
                    f"e.g. {parse_errors[0]['description'][:90]})"
                )
        run_counts = print_violations(strict + lenient, locate)
        missing = not_linted(files, records, stderr)
        for reason in missing:
            print(reason)
        if code not in (0, 1):
            print(f"sqlfluff failed (exit {code}):\n{stderr[-3000:]}")
            ok = False
        ok = ok and not run_counts and not missing
        counts += run_counts
    if not_failed:
        timings.append(f"macros: {not_failed['PRS']} parse errors in engine variants reported, not failed")
    return ok, counts, timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=("models", "macros"), help="lint one part only")
    parser.add_argument(
        "--adapter", action="append", choices=ADAPTERS, help="model runs of these adapters only"
    )
    parser.add_argument(
        "--fix", action="store_true", help="sqlfluff fix on models/analyses/tests (not macros)"
    )
    args = parser.parse_args()
    if not SQLFLUFF.exists():
        print(f"lint_sql: {SQLFLUFF} not found: install the dev extra (make install).", file=sys.stderr)
        return 2
    STATE.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    ok, counts, timings = True, Counter(), []
    with tempfile.TemporaryDirectory() as temporary:
        work = Path(temporary)
        env = environment(work)
        if args.only in (None, "models"):
            part_ok, part_counts, part_timings = lint_models(args, env, work)
            ok, counts, timings = ok and part_ok, counts + part_counts, timings + part_timings
        if args.only in (None, "macros") and not args.fix:
            part_ok, part_counts, part_timings = lint_macros(env, work)
            ok, counts, timings = ok and part_ok, counts + part_counts, timings + part_timings
    print("== sql lint timings: " + "; ".join(timings) + f"; total {time.monotonic() - started:.1f} s")
    if counts:
        print("== violations by rule: " + ", ".join(f"{code} {n}" for code, n in sorted(counts.items())))
    print("== sql lint: " + ("passed" if ok else "FAILED"))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
