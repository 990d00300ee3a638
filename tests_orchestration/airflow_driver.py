"""Run inside the Airflow environment (.venv-airflow) by test_airflow.py: load the dags folder, then
`dag.test()` the dark_social DAG; print one JSON line (import errors, tasks, states) at the end.

    python airflow_driver.py load   # DagBag only
    python airflow_driver.py test   # DagBag, then one run with dag.test()
"""

from __future__ import annotations

import json
import os
import sys
import time

from airflow.dag_processing.dagbag import DagBag


def main(mode: str) -> int:
    started = time.perf_counter()
    bag = DagBag(dag_folder=os.environ["AIRFLOW__CORE__DAGS_FOLDER"])
    report: dict[str, object] = {"import_errors": {str(k): str(v) for k, v in bag.import_errors.items()}}
    dag = bag.dags.get("dark_social")
    report["dag_ids"] = sorted(bag.dags)
    report["load_seconds"] = round(time.perf_counter() - started, 1)
    if dag is not None:
        report["max_active_tasks"] = dag.max_active_tasks
        report["tasks"] = {
            task.task_id: {"type": type(task).__name__, "upstream": sorted(task.upstream_task_ids)}
            for task in dag.tasks
        }
        if mode == "test":
            started = time.perf_counter()
            run = dag.test()
            report["run_seconds"] = round(time.perf_counter() - started, 1)
            report["state"] = str(run.state)
            from airflow.models.taskinstance import TaskInstance
            from airflow.utils.session import create_session

            with create_session() as session:
                instances = session.query(TaskInstance).filter(TaskInstance.run_id == run.run_id).all()
                report["task_states"] = {ti.task_id: str(ti.state) for ti in instances}
    print("AIRFLOW_DRIVER_REPORT " + json.dumps(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else "load"))
