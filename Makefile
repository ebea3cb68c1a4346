# NewsBite's two set-up commands: `make run` (the main job) and `make test` (lint and tests).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-fast browser apps lint format bench train-bite clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/newsbite run

test: $(VENV)/.installed-dev lint browser apps
	$(BIN)/pytest

# The browser tests (tests/browser) drive Debian's chromium, and tests/test_apps.py Debian's
# newsboat: install each where it is missing, as root or through sudo, refreshing the package
# lists only if the first try fails. Without apt (not Debian) this says so and those tests skip.
DEBIAN_INSTALL = sudo=$$( [ "$$(id -u)" = 0 ] || ! command -v sudo >/dev/null 2>&1 || echo sudo ); \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $(1) || { $$sudo apt-get update \
	  && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y $(1); }

browser:
	@command -v chromium >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1 || { $(call DEBIAN_INSTALL,chromium); }
	@command -v chromium >/dev/null 2>&1 || echo "no chromium and no apt-get: the browser tests will be skipped"

apps:
	@command -v newsboat >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1 || { $(call DEBIAN_INSTALL,newsboat); }
	@command -v newsboat >/dev/null 2>&1 || echo "no newsboat and no apt-get: the app tests will be skipped"

test-fast: $(VENV)/.installed-dev
	$(BIN)/pytest -m "not slow" -x -q

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

format: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

bench: $(VENV)/.installed-dev
	$(BIN)/python bench/extract.py
	$(BIN)/python bench/quotes.py
	$(BIN)/python bench/speed.py
	$(BIN)/python bench/summarize.py

# Re-learn the bite ranker's weights (src/newsbite/bite/ranker.json) from the summarisation
# training split, the embedding-path ranker included (needs the embeddings extra; ~8 minutes).
train-bite: $(VENV)/.installed-dev
	$(BIN)/pip install --quiet -e '.[dev,embeddings]'
	$(BIN)/python bench/train_bite.py --embeddings

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache .ruff_cache
