# The front door: `make help` lists every target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help run build test lab clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP) ## set up, then build the processed data of every portfolio and print a summary per period
	$(BIN)/portfolio-analysis build

build: run ## same as run

test: $(STAMP) ## set up, then run the test suite
	$(BIN)/python -m pytest

lab: $(STAMP) ## open JupyterLab on notebooks/ with the package importable
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	$(BIN)/python -m jupyter lab notebooks/

clean: ## remove the processed data and the environment
	rm -rf data/processed/* $(VENV)
	touch data/processed/.gitkeep
