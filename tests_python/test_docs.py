"""`make docs`: one self-contained HTML file (dbt docs generate --static) with every mart, its
lineage back to the raw hits, its columns from the warehouse, and the method as doc blocks."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import run_dbt
from dark_social import MARTS
from dark_social.cli import raw_hits_location

pytestmark = pytest.mark.slow

PACKAGE = "dark_social"


def embedded(html: str, name: str) -> dict:
    """The JSON document the static page carries inline (`{manifest:{...},catalog:{...}}`)."""
    match = re.search(rf"[{{,]{name}:(?=\{{)", html)
    assert match, f"no inline {name} in the page: it would fetch {name}.json and not work as one file"
    document, _ = json.JSONDecoder().raw_decode(html, match.end())
    return document


def ancestors(manifest: dict, unique_id: str) -> set[str]:
    found: set[str] = set()
    todo = [unique_id]
    while todo:
        for parent in manifest["parent_map"].get(todo.pop(), []):
            if parent not in found:
                found.add(parent)
                todo.append(parent)
    return found


@pytest.fixture(scope="module")
def static_page(
    generated: tuple[Path, dict], built: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, dict, dict]:
    """The docs of the built project (the catalog has its tables and columns), as `make docs` writes them."""
    database, _ = built
    target = tmp_path_factory.mktemp("docs")
    result = run_dbt(
        ["docs", "generate", "--static"],
        database,
        {"dark_social__raw_hits_location": raw_hits_location(generated[0])},
        extra_env={"DBT_TARGET_PATH": str(target)},
    )
    assert result.returncode == 0, result.output[-5000:]
    html = (target / "static_index.html").read_text()
    return html, embedded(html, "manifest"), embedded(html, "catalog")


def test_static_page_is_one_file_with_manifest_and_catalog(static_page) -> None:
    html, manifest, catalog = static_page
    assert "INLINE DATA" not in html
    assert not re.search(r"<script[^>]+src=|<link[^>]+stylesheet", html), "the page loads another file"
    assert manifest["metadata"]["project_name"] == PACKAGE
    assert catalog["nodes"], "the catalog is empty: the docs were generated before a build"


def test_every_mart_with_its_lineage_columns_and_description(static_page) -> None:
    _, manifest, catalog = static_page
    staging = f"model.{PACKAGE}.stg_dark_social__hits"
    for mart in MARTS:
        unique_id = f"model.{PACKAGE}.{mart}"
        node = manifest["nodes"][unique_id]
        assert node["description"].strip(), f"{mart} has no description"
        assert set(node["columns"]) == {c.lower() for c in catalog["nodes"][unique_id]["columns"]}, mart
        if mart == "dim_dark_social_settings":  # the vars of the build: no parent
            continue
        lineage = ancestors(manifest, unique_id)
        assert staging in lineage, f"{mart}: lineage does not reach the raw hits: {sorted(lineage)}"
        assert f"source.{PACKAGE}.{PACKAGE}.raw_hits" in lineage, sorted(lineage)
        # the docs page draws the lineage from depends_on; parent_map must agree with it
        assert set(node["depends_on"]["nodes"]) == set(manifest["parent_map"][unique_id])


def test_the_method_is_in_the_docs_as_doc_blocks(static_page) -> None:
    _, manifest, _ = static_page
    docs = manifest["docs"]
    method = docs[f"doc.{PACKAGE}.dark_social_method"]["block_contents"]
    assert "dark social" in method.lower() and len(method) > 1000
    assert f"doc.{PACKAGE}.__{PACKAGE}__" in docs  # the package overview page
    classified = manifest["nodes"][f"model.{PACKAGE}.int_dark_social_sessions__classified"]
    assert method.strip()[:200] in classified["description"]
