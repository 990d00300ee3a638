"""Running the package from a scheduler (README, "Scheduling").

`dark_social.orchestration.dagster_defs`: Dagster definitions (needs the `orchestration` extra).
The Airflow DAG is a file for Airflow's dags folder: orchestration/airflow/dags/ in the repository.
"""
