# nordcat: `make demo` runs the whole pipeline on the embedded demo web; `make test` runs the tests;
# `make bench` prints the performance figures (OAI harvest, HTML pages, build) next to their
# baselines; `make quality` prints the quality figures on the labelled sets in tests/data/ (Nordic
# search against plain FTS5, language identification, places, topics, merge, cases;
# QUALITY_ARGS="--synthetic 100000" also times index builds on a synthetic catalogue).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
DATA   ?= data

QUALITY_ARGS ?=
# The browser tests drive Debian's chromium through Playwright (never a downloaded browser)
CHROMIUM := /usr/bin/chromium
SUDO     := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: install browser demo test test-fast bench quality clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

browser: $(CHROMIUM)

$(CHROMIUM):
	$(SUDO) apt-get install -y -qq chromium || ($(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium)

demo: install
	NORDCAT_DATA_DIR=$(DATA)/demo $(BIN)/nordcat demo

test: install browser
	$(BIN)/pytest

test-fast: install browser
	$(BIN)/pytest -m "not slow"

bench: install
	$(BIN)/python -m tests.bench
	$(BIN)/python -m tests.bench_html
	$(BIN)/python -m tests.bench_build
	$(BIN)/python -m tests.bench_catalogue

quality: install
	$(BIN)/python -m tests.quality $(QUALITY_ARGS)
	$(BIN)/python -m tests.quality_merge
	$(BIN)/python -m tests.quality_cases

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache test-artifacts
