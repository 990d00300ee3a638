# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install clean bench

run: $(STAMP)  ## venv + install, demo data if absent, dbt build (models + tests) on DuckDB
	$(BIN)/dark-social run

test: $(STAMP) lint  ## everything CI checks
	@set +e; $(BIN)/python -m pytest; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests: that is a failure of ours, not a pass." >&2; exit 1; fi; \
	exit $$rc

lint: $(STAMP)
	$(BIN)/ruff check src tests_python bench
	$(BIN)/ruff format --check src tests_python bench

install: $(STAMP)

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
