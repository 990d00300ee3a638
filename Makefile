# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ENGINES_STAMP := $(VENV)/.installed-engines
ORCHESTRATION_STAMP := $(VENV)/.installed-orchestration
AIRFLOW_VENV := .venv-airflow
AIRFLOW_STAMP := $(AIRFLOW_VENV)/.installed

# `make test` runs the test files in parallel (pytest-xdist): PYTEST_WORKERS processes, each test file
# whole in one of them (its module fixtures built once); the session's build is made once for all
# (tests_python/conftest.py). `make test PYTEST_WORKERS=0` runs them in this process, one by one.
PYTEST_WORKERS ?= 2
PYTEST_PARALLEL := -n $(PYTEST_WORKERS) --dist loadfile

.PHONY: run test test-engines test-orchestration lint install install-engines install-airflow clean bench docs report

run: $(STAMP)  ## venv + install, demo data if absent, dbt build (models + tests) on DuckDB
	$(BIN)/dark-social run --demo-data

test: $(STAMP) lint  ## everything CI checks
	@set +e; $(BIN)/python -m pytest $(PYTEST_PARALLEL); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure of ours, not a pass." >&2; exit 1; fi; \
	exit $$rc

# The same fixture built on DuckDB, PostgreSQL (a local server, installed and started when absent)
# and Apache Spark (dbt-spark session, local pyspark), marts compared row for row (README, "Engines").
test-engines: $(ENGINES_STAMP)
	engines/ensure_postgres.sh
	@set +e; $(BIN)/python -m pytest tests_engines; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no engine tests: that is a failure of ours, not a pass." >&2; exit 1; fi; \
	exit $$rc

# The package run as a scheduler runs it (README, "Scheduling"): Dagster (the `orchestration`
# extra, in .venv) and Airflow with astronomer-cosmos (its own environment, .venv-airflow, from
# orchestration/airflow/requirements.lock: Airflow 3 and dbt-core need different protobuf majors).
test-orchestration: $(ORCHESTRATION_STAMP) $(AIRFLOW_STAMP)
	@set +e; DARK_SOCIAL_AIRFLOW_VENV=$(CURDIR)/$(AIRFLOW_VENV) DARK_SOCIAL_REQUIRE_ORCHESTRATION=1 \
	$(BIN)/python -m pytest tests_orchestration; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no orchestration tests: that is a failure of ours, not a pass." >&2; exit 1; fi; \
	exit $$rc

$(ORCHESTRATION_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,orchestration]'
	touch $(ORCHESTRATION_STAMP)

$(AIRFLOW_STAMP): orchestration/airflow/requirements.lock
	test -x $(AIRFLOW_VENV)/bin/python || $(PYTHON) -m venv $(AIRFLOW_VENV)
	$(AIRFLOW_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(AIRFLOW_VENV)/bin/python -m pip install --quiet -r orchestration/airflow/requirements.lock
	touch $(AIRFLOW_STAMP)

# ruff on the Python, then sqlfluff on the SQL (.sqlfluff; lint/lint_sql.py: one dbt-templater run
# per source adapter, then the macros rendered into statements). `lint/lint_sql.py --fix` fixes.
lint: $(STAMP)
	$(BIN)/ruff check src tests_python tests_engines tests_orchestration orchestration engines bench lint dev
	$(BIN)/ruff format --check src tests_python tests_engines tests_orchestration orchestration engines bench lint dev
	$(BIN)/python lint/lint_sql.py

# the dark social report from the marts of the profile's target (`make run` ends with it)
report: $(STAMP)
	$(BIN)/dark-social report

install: $(STAMP)

install-engines: $(ENGINES_STAMP)

# the Airflow environment alone (its own interpreter: .ci/run makes it while `make test` runs)
install-airflow: $(AIRFLOW_STAMP)

$(ENGINES_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,engines]'
	touch $(ENGINES_STAMP)

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required (the package pins Python 3.11)." >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

# The dbt docs site as one self-contained HTML file (dbt docs generate --static): every model with
# its lineage and tests, the method (docs/*.md doc blocks); the columns of the tables already built
# (after `make run`). Open target/static_index.html in a browser, or publish that one file.
docs: $(STAMP)
	test -f profiles.yml || cp profiles.example.yml profiles.yml
	$(BIN)/dbt docs generate --static
	@echo "Docs site: target/static_index.html"

clean:
	rm -rf target logs dbt_packages integration_tests/target integration_tests/dbt_packages integration_tests/logs

bench: $(STAMP)  ## benchmarks at 1 and 10 million hits; writes BENCHMARKS.md; never fails on time
	$(BIN)/python bench/run.py
