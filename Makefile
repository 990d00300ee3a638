# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ENGINES_STAMP := $(VENV)/.installed-engines

.PHONY: run test test-engines lint install install-engines clean bench

run: $(STAMP)  ## venv + install, demo data if absent, dbt build (models + tests) on DuckDB
	$(BIN)/dark-social run --demo-data

test: $(STAMP) lint  ## everything CI checks
	@set +e; $(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure of ours, not a pass." >&2; exit 1; fi; \
	exit $$rc

# The same fixture built on DuckDB, PostgreSQL (a local server, installed and started when absent)
# and Apache Spark (dbt-spark session, local pyspark), marts compared row for row (README, "Engines").
test-engines: $(ENGINES_STAMP)
	engines/ensure_postgres.sh
	@set +e; $(BIN)/python -m pytest tests_engines; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no engine tests: that is a failure of ours, not a pass." >&2; exit 1; fi; \
	exit $$rc

# ruff on the Python, then sqlfluff on the SQL (.sqlfluff; lint/lint_sql.py: one dbt-templater run
# per source adapter, then the macros rendered into statements). `lint/lint_sql.py --fix` fixes.
lint: $(STAMP)
	$(BIN)/ruff check src tests_python tests_engines engines bench lint dev
	$(BIN)/ruff format --check src tests_python tests_engines engines bench lint dev
	$(BIN)/python lint/lint_sql.py

install: $(STAMP)

install-engines: $(ENGINES_STAMP)

$(ENGINES_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,engines]'
	touch $(ENGINES_STAMP)

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) is required (the package pins Python 3.11)." >&2; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

clean:
	rm -rf target logs dbt_packages integration_tests/target integration_tests/dbt_packages integration_tests/logs

bench: $(STAMP)  ## benchmarks at 1 and 10 million hits; writes BENCHMARKS.md; never fails on time
	$(BIN)/python bench/run.py
