"""The package as users install it: a wheel (not editable) in a fresh virtual environment, and its
`dark-social gate` and `dark-social report` run from outside the checkout against a built warehouse."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import dark_social
from dark_social import PROJECT_DIR

pytestmark = pytest.mark.slow

#: what the wheel is built from (a copy: the build never writes into the checkout)
SOURCES = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "CHANGELOG.md", "src"]
SUITES = PROJECT_DIR / "models" / "marts" / "expectations"


def run(command: list[str], **kwargs: object) -> subprocess.CompletedProcess:
    completed = subprocess.run(command, capture_output=True, text=True, check=False, **kwargs)
    assert completed.returncode == 0, (
        f"{' '.join(command)}\n{completed.stdout[-3000:]}\n{completed.stderr[-3000:]}"
    )
    return completed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tree = tmp_path_factory.mktemp("wheel_sources")
    for name in SOURCES:
        source = PROJECT_DIR / name
        if source.is_dir():
            shutil.copytree(source, tree / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copyfile(source, tree / name)
    shutil.copytree(SUITES, tree / "models" / "marts" / "expectations")
    dist = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(dist), str(tree)])
    [built] = dist.glob("dark_social-*.whl")
    return built


def test_the_wheel_ships_the_suites_the_licence_and_the_version(wheel: Path) -> None:
    assert wheel.name.startswith(f"dark_social-{dark_social.__version__}-")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        for suite in SUITES.glob("*.json"):
            assert archive.read(f"dark_social/expectations/{suite.name}") == suite.read_bytes()
        [metadata] = [name for name in names if name.endswith(".dist-info/METADATA")]
        text = archive.read(metadata).decode()
        assert any(
            name.endswith(".dist-info/licenses/LICENSE") or name.endswith("/LICENSE") for name in names
        )
    assert f"Version: {dark_social.__version__}" in text
    assert "Requires-Dist: dbt-core<1.12,>=1.11" in text


def test_the_installed_gate_runs_outside_the_checkout(
    wheel: Path, built: tuple[Path, dict], tmp_path: Path
) -> None:
    """A fresh virtual environment (no system site packages), the wheel and its dependencies within
    requirements.lock; then the gate from a directory of its own, with a profiles.yml of its own."""
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "-c",
            str(PROJECT_DIR / "requirements.lock"),
            str(wheel),
        ]
    )

    elsewhere = tmp_path / "scheduler"
    elsewhere.mkdir()
    shutil.copyfile(PROJECT_DIR / "profiles.example.yml", elsewhere / "profiles.yml")
    clean_env = {
        key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "DBT_PROFILES_DIR")
    }
    where = run(
        [
            str(python),
            "-c",
            "import dark_social, dark_social.quality as q; print(dark_social.__file__, q.SUITES_DIR)",
        ],
        cwd=elsewhere,
        env=clean_env,
    ).stdout
    assert str(venv) in where and str(PROJECT_DIR) not in where  # the installed copy, its shipped suites

    database, _ = built
    env = {**clean_env, "DARK_SOCIAL_DUCKDB_PATH": str(database)}
    command = [str(venv / "bin" / "dark-social"), "gate", "--profile", "dark_social", "--as-of", "2025-01-08"]
    passed = subprocess.run(command, cwd=elsewhere, env=env, capture_output=True, text=True, check=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"Quality gate passed: \d+ expectations", passed.stdout), passed.stdout
    assert (elsewhere / "target" / "dark_social_data_docs" / "index.html").exists()
    assert (elsewhere / "target" / "dark_social_gate_result.json").exists()

    # the report of the same target, from the same directory: it shows that gate's verdict
    report = subprocess.run(
        [str(venv / "bin" / "dark-social"), "report", "--profile", "dark_social", "--days", "3650"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert report.returncode == 0, report.stdout + report.stderr
    html = elsewhere / "target" / "dark_social_report" / "dark_social_report.html"
    assert str(html) in report.stdout and "Quality gate passed" in html.read_text()
    assert list((html.parent / "charts").glob("*.png"))
    # nothing written beside the installed package
    assert not list(venv.glob("lib/python*/data")), list(venv.glob("lib/python*/data"))

    stale = subprocess.run(
        [*command[:-1], "2026-01-01"], cwd=elsewhere, env=env, capture_output=True, text=True, check=False
    )
    assert stale.returncode == 1, stale.stdout + stale.stderr
    missing = subprocess.run(
        command,
        cwd=elsewhere,
        env={**env, "DARK_SOCIAL_DUCKDB_PATH": str(tmp_path / "absent.duckdb")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert missing.returncode == 3, missing.stdout + missing.stderr
