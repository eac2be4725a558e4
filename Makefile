# nordcat: `make demo` runs the whole pipeline on the embedded demo web; `make test` runs the tests;
# `make bench` prints the performance figures (benchmarks/: OAI harvest, HTML pages, build,
# catalogue) next to their baselines; `make quality` prints the quality figures (quality/) on the
# labelled sets in tests/data/ (Nordic search against plain FTS5, language identification, places,
# topics, merge, cases; QUALITY_ARGS="--synthetic 100000" also times index builds on a synthetic
# catalogue).
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

# benchmarks/ and quality/ are scripts beside the tests, not tests: each prints its figures
# next to its baseline (bench) or on its labelled set in tests/data/ (quality).
bench: install
	$(BIN)/python -m benchmarks.oai_harvest --records 100000
	$(BIN)/python -m benchmarks.landing
	$(BIN)/python -m benchmarks.html_crawl
	$(BIN)/python -m benchmarks.build
	$(BIN)/python -m benchmarks.catalogue

quality: install
	$(BIN)/python -m quality.search_and_enrichment $(QUALITY_ARGS)
	$(BIN)/python -m quality.merge
	$(BIN)/python -m quality.cases
	$(BIN)/python -m quality.frozen_sets
	$(BIN)/pip install --quiet -e '.[quality]'  # splink, the merge's outside baseline
	$(BIN)/python -m quality.splink_merge

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache test-artifacts
