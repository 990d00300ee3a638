"""dbt-project-evaluator on this package, once per source adapter.

Each run writes a throw-away root project that installs dark_social with `local:`, the way a user
does, next to the evaluator and dbt-utils vendored in ../shared/dbt_packages, then runs
`dbt build --select package:dbt_project_evaluator dbt_project_evaluator_exceptions` and fails with
every evaluator test that is not `pass` and the rows of the table it checks.

Why install the package rather than copy it as the root project: the evaluator reads dbt's whole
graph and keeps every resource whose package is not `dbt_project_evaluator` itself
(`int_all_graph_resources`); an installed package is excluded only when it is listed in its var
`exclude_packages`, empty by default. So dark_social is evaluated as it ships, from its own
`dbt_project.yml` (materializations, contracts, var defaults), with nothing copied or edited, and
this test knows nothing of the package's model layout. The evaluator's `exclude_paths_from_project`
is the one setting that applies to the root project only; it is not used here.

Evaluator tests are `is_empty` tests of severity `warn` (and two coverage tests of severity
`warn`), so dbt exits 0 on findings: this test reads run_results.json instead, and any status but
`pass` fails it. A finding that is legitimate goes, with its reason, in
dev/project_evaluator/dbt_project_evaluator_exceptions.csv (the evaluator's `like` patterns on one
column of one `fct_` table; docs/customization/exceptions.md of the evaluator). It lives outside
the package's seeds/ so it never ships to users; the evaluator's own blank seed is disabled.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import duckdb
import pytest
import yaml

from conftest import run_dbt

pytestmark = pytest.mark.slow

#: The checkout this file belongs to. Not dark_social.PROJECT_DIR: an editable install made from
#: another checkout (a git worktree sharing a venv) would point there.
PACKAGE_DIR = Path(__file__).resolve().parents[1]
VENDORED = PACKAGE_DIR.parent / "shared" / "dbt_packages"
EXCEPTIONS = PACKAGE_DIR / "dev" / "project_evaluator" / "dbt_project_evaluator_exceptions.csv"
EXCEPTION_COLUMNS = ["fct_name", "column_name", "id_to_exclude", "comment"]
PROJECT_NAME = "dark_social_evaluation"

#: Vars each adapter gets besides `dark_social__source_adapter`. The evaluator reads only the graph,
#: so no location var (file) is needed. The access log's site host is checked only when a model
#: runs today (`if execute`); it is set anyway so a check moved to parse time cannot break this test.
ADAPTERS = {
    "hits": {},
    "ga4": {},
    "snowplow": {},
    "segment": {},
    "access_log": {"dark_social__access_log_site_host": "www.example.com"},
}

#: Rows that name the resources behind a failing coverage test (its own table holds percentages).
COVERAGE_DETAILS = {
    "fct_test_coverage": (
        "model.dbt_project_evaluator.int_model_test_summary",
        "select resource_name, model_type from {relation}"
        " where resource_type = 'model' and number_of_tests_on_model = 0 order by 1",
    ),
    "fct_documentation_coverage": (
        "model.dbt_project_evaluator.fct_undocumented_models",
        "select * from {relation} order by 1",
    ),
}


@pytest.fixture(scope="module", autouse=True)
def vendored_packages() -> None:
    if not (VENDORED / "dbt_project_evaluator").is_dir() or not (VENDORED / "dbt_utils").is_dir():
        pytest.skip(
            f"vendored dbt packages absent: {VENDORED} (dbt_project_evaluator and dbt_utils live beside "
            "the repository, in ../shared/dbt_packages; `dbt deps` cannot reach the hub)"
        )


def read_exceptions() -> list[dict[str, str]]:
    """The exceptions seed's rows; its header must be the evaluator's four columns."""
    with EXCEPTIONS.open(newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == EXCEPTION_COLUMNS, (
            f"{EXCEPTIONS} must have the columns {','.join(EXCEPTION_COLUMNS)}; found {reader.fieldnames}"
        )
        return list(reader)


def write_project(root: Path, adapter: str) -> Path:
    """A root project installing dark_social, the evaluator and dbt-utils; returns its directory."""
    project = root / "evaluation"
    (project / "seeds").mkdir(parents=True)
    shutil.copyfile(EXCEPTIONS, project / "seeds" / EXCEPTIONS.name)
    # dbt resolves a package's own `local:` dependency against the root project, not the package:
    # the evaluator's `local: ../dbt_utils` must exist beside this project. Listing dbt-utils by any
    # other path would be a second, duplicate "dbt_utils" project.
    (root / "dbt_utils").symlink_to(VENDORED / "dbt_utils", target_is_directory=True)
    packages = {
        "packages": [
            {"local": PACKAGE_DIR.as_posix()},
            {"local": (VENDORED / "dbt_project_evaluator").as_posix()},
            {"local": "../dbt_utils"},
        ]
    }
    dbt_project = {
        "name": PROJECT_NAME,
        "version": "0.1.0",
        "config-version": 2,
        "profile": "dark_social",
        "seed-paths": ["seeds"],
        # the evaluator's cross-database shims (its docs/index.md: needed on DuckDB)
        "dispatch": [{"macro_namespace": "dbt", "search_order": ["dbt_project_evaluator", "dbt"]}],
        "seeds": {
            "dbt_project_evaluator": {"dbt_project_evaluator_exceptions": {"+enabled": False}},
            PROJECT_NAME: {
                "dbt_project_evaluator_exceptions": {
                    "+column_types": {column: "varchar" for column in EXCEPTION_COLUMNS}
                }
            },
        },
        "vars": {"dark_social": {"dark_social__source_adapter": adapter, **ADAPTERS[adapter]}},
    }
    (project / "packages.yml").write_text(yaml.safe_dump(packages, sort_keys=False))
    (project / "dbt_project.yml").write_text(yaml.safe_dump(dbt_project, sort_keys=False))
    return project


def misnamed_exceptions(database: Path, exceptions: list[dict[str, str]]) -> list[str]:
    """Exceptions whose table or column the evaluator does not have: they would silently match nothing."""
    with duckdb.connect(str(database), read_only=True) as connection:
        columns = set(
            connection.execute("select table_name, column_name from information_schema.columns").fetchall()
        )
    return [
        f"{row['fct_name']}.{row['column_name']}"
        for row in exceptions
        if (row["fct_name"], row["column_name"]) not in columns
    ]


def rows(connection: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    cursor = connection.execute(sql)
    columns = [column[0] for column in cursor.description]
    return [
        "    " + ", ".join(f"{column}={value}" for column, value in zip(columns, row, strict=True))
        for row in cursor.fetchall()
    ]


def findings(database: Path, target: Path) -> list[str]:
    """Every evaluator test or node that did not pass, each with the rows of the table it checks."""
    manifest = json.loads((target / "manifest.json").read_text())
    results = json.loads((target / "run_results.json").read_text())["results"]
    nodes = manifest["nodes"]
    found = []
    with duckdb.connect(str(database), read_only=True) as connection:
        for result in sorted(results, key=lambda result: result["unique_id"]):
            if result["status"] in ("pass", "success"):
                continue
            node = nodes[result["unique_id"]]
            lines = [f"{node['name']}: {result['status']} ({result['message']})"]
            if node["resource_type"] == "test":
                checked = nodes[node.get("attached_node") or node["depends_on"]["nodes"][0]]
                lines += rows(connection, f"select * from {checked['relation_name']} order by all")
                if checked["name"] in COVERAGE_DETAILS:
                    detail_id, sql = COVERAGE_DETAILS[checked["name"]]
                    lines.append(f"  from {nodes[detail_id]['name']}:")
                    lines += rows(connection, sql.format(relation=nodes[detail_id]["relation_name"]))
            found.append("\n".join(lines))
    return found


@pytest.mark.parametrize("adapter", list(ADAPTERS))
def test_project_evaluator_finds_nothing(adapter: str, tmp_path: Path) -> None:
    exceptions = read_exceptions()
    project = write_project(tmp_path, adapter)
    database = tmp_path / "evaluator.duckdb"
    target = tmp_path / f"target-{project.name}"  # where conftest.run_dbt points DBT_TARGET_PATH

    deps = run_dbt(["deps"], database, project_dir=project)
    assert deps.returncode == 0, deps.output[-5000:]
    build = run_dbt(
        ["build", "--select", "package:dbt_project_evaluator", "dbt_project_evaluator_exceptions"],
        database,
        project_dir=project,
    )
    assert (target / "run_results.json").is_file(), build.output[-5000:]

    # the adapter var reached the package: its source is the one enabled in the graph
    sources = json.loads((target / "manifest.json").read_text())["sources"]
    enabled = [unique_id for unique_id in sources if unique_id.startswith("source.dark_social.")]
    assert any(adapter in unique_id for unique_id in enabled), (adapter, enabled)

    assert not misnamed_exceptions(database, exceptions), f"{EXCEPTIONS}: no such evaluator table.column"

    found = findings(database, target)
    if found:
        pytest.fail(
            f"dbt-project-evaluator, dark_social__source_adapter={adapter}: {len(found)} not passing\n"
            + "\n".join(found)
            + f"\nFix the package, or add a legitimate exception with its reason to {EXCEPTIONS}.",
            pytrace=False,
        )
    assert build.returncode == 0, build.output[-5000:]
