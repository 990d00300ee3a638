"""Release hygiene: one version, a licence, a changelog entry, ranges in pyproject, pins in the lock."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement

import dark_social
from dark_social import PROJECT_DIR

PYPROJECT = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())


def locked() -> dict[str, str]:
    pins = {}
    for line in (PROJECT_DIR / "requirements.lock").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_one_version_written_once_and_repeated_by_dbt_project() -> None:
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "dark_social.__version__"}
    dbt_project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())
    assert str(dbt_project["version"]) == dark_social.__version__
    assert re.fullmatch(r"\d+\.\d+\.\d+", dark_social.__version__)


def test_the_changelog_has_an_entry_for_this_version() -> None:
    changelog = (PROJECT_DIR / "CHANGELOG.md").read_text()
    assert re.search(rf"^## \[{re.escape(dark_social.__version__)}\]", changelog, re.MULTILINE)


def test_the_licence_is_the_apache_license_pyproject_names() -> None:
    text = (PROJECT_DIR / "LICENSE").read_text()
    assert "Apache License" in text and "Version 2.0, January 2004" in text
    assert "END OF TERMS AND CONDITIONS" in text  # the full text, not a pointer to it
    assert PYPROJECT["project"]["license"] == {"text": "Apache-2.0"}


def test_dependencies_are_ranges_and_the_lock_pins_a_version_inside_each() -> None:
    pins = locked()
    groups = {"": PYPROJECT["project"]["dependencies"], **PYPROJECT["project"]["optional-dependencies"]}
    for group, requirements in groups.items():
        for text in requirements:
            requirement = Requirement(text)
            name = re.sub(r"[-_.]+", "-", requirement.name).lower()
            assert name in pins, f"{text} ({group or 'runtime'}) has no exact pin in requirements.lock"
            assert requirement.specifier.contains(pins[name]), (
                f"lock pins {name}=={pins[name]}, outside {text}"
            )
            if not group:  # what a user's environment must accept: never an exact pin
                assert not any(spec.operator == "==" for spec in requirement.specifier), text
