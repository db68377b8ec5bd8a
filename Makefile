# Two entry points on a fresh machine with Python 3.11+:
#   make run   - set up .venv and structure raw/ into structured/
#   make test  - set up .venv and run the tests, ruff and mypy
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest schema eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/ingest run raw --out structured --prune

test: pytest lint typecheck

pytest: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check ingest tests scripts
	$(BIN)/ruff format --check ingest tests scripts

typecheck: $(STAMP)
	$(BIN)/mypy ingest

schema: $(STAMP)
	$(BIN)/ingest schema

eval: $(STAMP)
	$(BIN)/ingest eval ner
	$(BIN)/ingest eval fields

bench: $(STAMP)
	$(BIN)/pip install --quiet -e '.[bench]'
	$(BIN)/python scripts/bench_pipeline.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
