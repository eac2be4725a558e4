# nordcat: `make demo` runs the whole pipeline on the embedded demo web; `make test` runs the tests;
# `make quality` measures the Nordic search against plain FTS5 (QUALITY_ARGS="--synthetic 100000"
# also times index builds on a synthetic catalogue).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DATA   ?= data

QUALITY_ARGS ?=

.PHONY: install demo test test-fast bench quality clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	NORDCAT_DATA_DIR=$(DATA)/demo $(BIN)/nordcat demo

test: install
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not slow"

bench: install
	$(BIN)/python -m tests.bench

quality: install
	$(BIN)/python -m tests.quality $(QUALITY_ARGS)

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache
