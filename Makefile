# Massar Workbench: `make` alone lists the targets.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PYTEST_ARGS ?=

.DEFAULT_GOAL := help
.PHONY: help install lock demo check test bench serve chromium clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	@echo "Installing the workbench and its test tools into $(VENV) from requirements.lock (a few minutes the first time)"
	@PYTHONWARNINGS=ignore $(BIN)/pip install --quiet --upgrade pip 2>&1 | grep -v "is ignored" || true
	@PYTHONWARNINGS=ignore $(BIN)/pip install --quiet -r requirements.lock 2>&1 | grep -v "is ignored" || true
	@PYTHONWARNINGS=ignore $(BIN)/pip install --quiet --no-deps -e . 2>&1 | grep -v "is ignored" || true
	$(BIN)/python -c "import workbench, panel, papermill, playwright" && touch $(STAMP)

install: $(STAMP) ## Create .venv and install the workbench with its test tools, at the versions of requirements.lock

lock: ## Refresh requirements.lock (exact versions for Python 3.11) from pyproject.toml's ranges
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m uv --version >/dev/null 2>&1 || PYTHONWARNINGS=ignore $(BIN)/pip install --quiet uv 2>&1 | grep -v "is ignored" || true
	$(BIN)/python -m uv pip compile pyproject.toml --extra test --extra bench --upgrade --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu --quiet -o requirements.lock

chromium: ## Install Debian's chromium for the browser tests when it is missing
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }
	@command -v chromium >/dev/null && echo "chromium: $$(command -v chromium)"

demo: install ## Build the demo database, run each programme's campaigns and write reports/index.html
	$(BIN)/workbench init
	$(BIN)/workbench demo --replace
	$(BIN)/workbench demo-runs
	@echo "Open reports/index.html"

check: install ## Lint, import contracts and the fast tests (no browser, no PostgreSQL, no kernel): under a minute
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest -m "not postgres and not browser and not kernel and not slow" --durations=5 $(PYTEST_ARGS)

test: install chromium ## Run the whole test suite (SQLite, PostgreSQL, notebooks, browser)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: install ## Print timings at region and national scale, each beside its reference (see benchmarks/run.py)
	$(BIN)/python benchmarks/run.py

serve: install ## Serve the Panel apps on http://localhost:5006
	$(BIN)/workbench serve

clean: ## Remove the demo database and generated reports
	rm -rf data/*.db reports/*/ reports/index.html
