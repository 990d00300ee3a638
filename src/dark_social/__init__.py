"""dark_social: the Python tooling around the dark_social dbt package (CLI, demo data)."""

from pathlib import Path

__version__ = "0.1.0"

#: The dbt project's root (the repository root, where dbt_project.yml lives).
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
