"""The package's conventions, checked on its files (STYLE.md): every rule and default defined once.

- a var's default lives in dbt_project.yml only; the few macros user projects call take theirs
  from `dark_social.setting`, whose defaults must equal dbt_project.yml's;
- every var the code reads has a default there and a line in the README's configuration table;
- the fixed values (origins, signals, channels, reasons...) have one source, seed
  dark_social_enumerations: the YAML tests and the Great Expectations suites read it, and the
  doc blocks that list values list all of them;
- every model names its materialization in its own config(); macros do not call config() on a
  model's behalf, nor ref() or source() outside the few listed here.
"""

from __future__ import annotations

import ast
import csv
import json
import re
from pathlib import Path

import yaml

from dark_social import PROJECT_DIR

VAR_CALL = re.compile(r"\bvar\(\s*'(dark_social__[a-z0-9_]+)'\s*(,)?")
SETTING_CALL = re.compile(r"setting\(\s*'(dark_social__[a-z0-9_]+)'\s*\)")
CODE_DIRS = ("models", "macros", "tests", "analyses", "seeds")
#: macros allowed to call ref() or source(): the user-facing simple-URL macro (its default list),
#: the rows an adapter reads (freshness queries and the accounting test), the enumeration test, the
#: redaction list that the URL macros read (user-facing too: url_with_allowed_parameters)
REF_OR_SOURCE_ALLOWED = {
    "macros/classification/simple_urls.sql",
    "macros/source/source_adapters.sql",
    "macros/url/redact.sql",
}


def project_vars() -> dict:
    return yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text())["vars"]


def code_files() -> list[Path]:
    return [
        path
        for folder in CODE_DIRS
        for path in (PROJECT_DIR / folder).rglob("*")
        if path.suffix in (".sql", ".yml") and path.is_file()
    ]


def enumerations() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    with (PROJECT_DIR / "seeds" / "dark_social_enumerations.csv").open(newline="") as rows:
        for row in csv.DictReader(rows):
            found.setdefault(row["enumeration"], []).append(row["value"])
    return found


def yaml_tests(node: object):
    """Every (test name, arguments, column) under a parsed YAML document."""
    if isinstance(node, dict):
        for key in ("data_tests", "tests"):
            for test in node.get(key) or []:
                if isinstance(test, dict) and "name" not in test:
                    (name, body), *_ = test.items()
                    body = body if isinstance(body, dict) else {}
                    yield name, body.get("arguments", body), node.get("name")
        for value in node.values():
            yield from yaml_tests(value)
    elif isinstance(node, list):
        for value in node:
            yield from yaml_tests(value)


def test_no_var_call_repeats_a_default() -> None:
    """Models, tests, YAML and macros call var('x') with no default (dark_social.setting is the exception)."""
    offenders = []
    for path in [*code_files(), PROJECT_DIR / "dbt_project.yml"]:
        for match in VAR_CALL.finditer(path.read_text()):
            if match.group(2):
                offenders.append(f"{path.relative_to(PROJECT_DIR)}: var('{match.group(1)}', ...)")
    assert offenders == [], offenders


def setting_defaults() -> dict:
    """The defaults of dark_social.setting, read from its Jinja dict literal."""
    text = (PROJECT_DIR / "macros" / "config" / "settings.sql").read_text()
    block = text[text.index("{%- set defaults = ") + len("{%- set defaults = ") : text.index("} -%}") + 1]
    # env_var(...) stays the Jinja text dbt_project.yml holds; `none` is Python's None
    block = re.sub(r"env_var\((.*?)\)", lambda match: repr("{{ env_var(" + match.group(1) + ") }}"), block)
    return ast.literal_eval(re.sub(r"\bnone\b", "None", block))


def test_setting_defaults_equal_dbt_project_defaults() -> None:
    entries = setting_defaults()
    defaults = project_vars()
    assert entries, "no defaults found in dark_social.setting"
    for name, value in entries.items():
        assert value == defaults[name], f"{name}: setting() {value!r}, dbt_project.yml {defaults[name]!r}"
    # every setting() call names a var that has a default there
    for path in code_files():
        for name in SETTING_CALL.findall(path.read_text()):
            assert name in entries, f"{path}: setting('{name}') has no default in dark_social.setting"


def test_every_var_read_has_a_default_and_a_line_in_the_readme() -> None:
    defaults = project_vars()
    readme = (PROJECT_DIR / "README.md").read_text()
    texts = [path.read_text() for path in code_files()]
    read = {match.group(1) for text in texts for match in VAR_CALL.finditer(text)}
    read |= {name for text in texts for name in SETTING_CALL.findall(text)}
    missing = sorted(name for name in read if name not in defaults)
    assert missing == [], f"vars read without a default in dbt_project.yml: {missing}"
    # the table names families of vars with placeholders: `dark_social__<adapter>_database`
    for placeholder, names in (
        ("<adapter>", ("ga4", "snowplow", "segment", "access_log")),
        ("<list>", ("simple_urls", "referrer_sources", "user_agents", "click_ids", "share_sources")),
        ("<list>", ("campaign_pages",)),
    ):
        readme += "".join(readme.replace(placeholder, name) for name in names)
    undocumented = sorted(name for name in defaults if name not in readme)
    assert undocumented == [], f"vars missing from the README's configuration table: {undocumented}"


def test_enumerated_columns_are_tested_against_the_enumerations_seed() -> None:
    known = enumerations()
    problems = []
    for path in [p for p in code_files() if p.suffix == ".yml"]:
        for name, arguments, column in yaml_tests(yaml.safe_load(path.read_text())):
            where = f"{path.relative_to(PROJECT_DIR)}: {column}"
            if name.endswith("accepted_enumeration"):
                named = arguments.get("enumeration")
                for enumeration in [named] if isinstance(named, str) or named is None else named:
                    if enumeration not in known:
                        problems.append(f"{where}: unknown enumeration {enumeration!r}")
            elif name == "accepted_values":
                values = set(map(str, arguments.get("values", [])))
                overlapping = [enum for enum, members in known.items() if values & set(members)]
                # a narrower list of the adapter's own (one reason, one event) is allowed when it
                # stays inside an enumeration; otherwise the list must come from the seed
                if not overlapping and values != {"page_view"}:
                    problems.append(f"{where}: accepted_values {sorted(values)} match no enumeration")
                elif overlapping and not any(values <= set(known[enum]) for enum in overlapping):
                    problems.append(f"{where}: accepted_values {sorted(values)} leave the enumerations")
                elif len(values) > 1:
                    problems.append(f"{where}: use dark_social.accepted_enumeration, not a copy of the list")
    assert problems == [], "\n".join(problems)


def test_expectation_value_sets_come_from_the_enumerations_seed() -> None:
    known = enumerations()
    for path in (PROJECT_DIR / "models" / "marts" / "expectations").glob("*.json"):
        for expectation in json.loads(path.read_text())["expectations"]:
            if expectation["type"] != "expect_column_values_to_be_in_set":
                continue
            value_set = expectation["kwargs"]["value_set"]
            assert isinstance(value_set, dict), f"{path.name}: a literal value set, not the seed's"
            parameter = value_set["$PARAMETER"]
            assert parameter.startswith("enumeration__"), parameter
            assert parameter.removeprefix("enumeration__").removesuffix("__visits") in known, parameter


def test_doc_blocks_that_list_values_list_every_value() -> None:
    docs = (PROJECT_DIR / "docs" / "columns.md").read_text()
    known = enumerations()
    for block, enumeration in (
        ("col_traffic_origin", "traffic_origin"),
        ("col_dark_social_signal", "dark_social_signal"),
        ("col_quarantine_reason", "quarantine_reason"),
    ):
        text = docs[docs.index("{% docs " + block + " %}") :]
        text = text[: text.index("{% enddocs %}")]
        missing = [value for value in known[enumeration] if f"`{value}`" not in text]
        assert missing == [], f"doc block {block} omits {missing}"


def test_every_model_names_its_materialization_in_its_own_config() -> None:
    missing = [
        str(path.relative_to(PROJECT_DIR))
        for path in (PROJECT_DIR / "models").rglob("*.sql")
        if not re.search(r"\{\{\s*config\((?:.|\n)*?materialized\s*=", path.read_text())
    ]
    assert missing == [], missing


def test_macros_neither_configure_models_nor_read_relations() -> None:
    problems = []
    for path in (PROJECT_DIR / "macros").rglob("*.sql"):
        text = path.read_text()
        relative = str(path.relative_to(PROJECT_DIR))
        if re.search(r"\bconfig\(", text):
            problems.append(f"{relative}: calls config()")
        if re.search(r"\b(ref|source)\(", text) and relative not in REF_OR_SOURCE_ALLOWED:
            problems.append(f"{relative}: calls ref() or source()")
    assert problems == [], problems


def test_unit_test_names_fit_postgres_relation_names() -> None:
    """A unit test becomes a relation of its name: PostgreSQL cuts names at 63 characters."""
    too_long = [
        test["name"]
        for path in (PROJECT_DIR / "models").rglob("*.yml")
        for test in (yaml.safe_load(path.read_text()) or {}).get("unit_tests") or []
        if len(test["name"]) > 63
    ]
    assert too_long == [], too_long
