"""dark_social: the Python tooling around the dark_social dbt package (CLI, demo data)."""

from pathlib import Path

#: The one place the version is written: pyproject.toml reads it, dbt_project.yml repeats it
#: (tests_python/test_release.py checks they agree; docs/releasing.md is the recipe).
__version__ = "0.2.0"

#: The dbt project's root in a checkout (where dbt_project.yml lives): the demo commands and the
#: tests use it; an installed package (a wheel) has no checkout, and the gate never needs one.
PROJECT_DIR = Path(__file__).resolve().parents[2]

#: The marts the package builds for BI (models/marts), in lineage order.
MARTS = (
    "fct_dark_social_sessions",
    "fct_dark_social_daily",
    "fct_dark_social_pages_daily",
    "fct_dark_social_campaigns_daily",
    "fct_dark_social_channels_daily",
    "fct_dark_social_apps_daily",
    "fct_dark_social_devices_daily",
    "fct_dark_social_quarantined_hits_daily",
    "fct_dark_social_link_previews_daily",
    "dim_dark_social_settings",
)
