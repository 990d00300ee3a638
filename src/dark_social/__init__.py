"""dark_social: the Python tooling around the dark_social dbt package (CLI, demo data)."""

from pathlib import Path

__version__ = "0.1.0"

#: The dbt project's root (the repository root, where dbt_project.yml lives).
PROJECT_DIR = Path(__file__).resolve().parents[2]
