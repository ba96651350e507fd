# Massar Workbench: `make` alone lists the targets.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install demo test bench serve chromium clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	@echo "Installing the workbench and its test tools into $(VENV) (a few minutes the first time)"
	@PYTHONWARNINGS=ignore $(BIN)/pip install --quiet --upgrade pip 2>&1 | grep -v "is ignored" || true
	@PYTHONWARNINGS=ignore $(BIN)/pip install --quiet -e '.[test,bench]' 2>&1 | grep -v "is ignored" || true
	$(BIN)/python -c "import workbench, panel, papermill, playwright" && touch $(STAMP)

install: $(STAMP) ## Create .venv and install the workbench with its test tools

chromium: ## Install Debian's chromium for the browser tests when it is missing
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@command -v chromium >/dev/null && echo "chromium: $$(command -v chromium)"

demo: install ## Build the demo database, run each programme's campaigns and write reports/index.html
	$(BIN)/workbench init
	$(BIN)/workbench demo --replace
	$(BIN)/workbench demo-runs
	@echo "Open reports/index.html"

test: install chromium ## Run the whole test suite (SQLite, PostgreSQL, notebooks, browser)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install ## Print timings at region and national scale, each beside its reference (see benchmarks/run.py)
	$(BIN)/python benchmarks/run.py

serve: install ## Serve the Panel apps on http://localhost:5006
	$(BIN)/workbench serve

clean: ## Remove the demo database and generated reports
	rm -rf data/*.db reports/*/ reports/index.html
