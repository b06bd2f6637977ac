# The front door: `make help` lists every target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_STAMP := $(VENV)/.lab-installed

.DEFAULT_GOAL := help
.PHONY: help run build report test test-fast bench lab clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-9s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed, found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

run: $(STAMP) ## set up, build the data, render the latest period's reports of every portfolio, print the index path
	$(BIN)/portfolio-analysis build
	$(BIN)/portfolio-analysis report

build: $(STAMP) ## build data/processed/ from data/raw/ and print a summary per period
	$(BIN)/portfolio-analysis build

report: $(STAMP) ## render the reports of every period of every portfolio (report --all)
	$(BIN)/portfolio-analysis report --all

test: $(STAMP) ## set up, then run the test suite, on every core
	$(BIN)/python -m pytest -n auto

test-fast: $(STAMP) ## the suite without the tests marked slow (rendering, fault loops, benchmark, browser), for working
	$(BIN)/python -m pytest -q -m "not slow" -n auto

bench: $(STAMP) ## time the report and the build against the naive way (several minutes); prints a table
	$(BIN)/python benchmarks/run.py

$(LAB_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[lab]'
	@touch $(LAB_STAMP)

lab: $(LAB_STAMP) ## open JupyterLab at the repository on notebooks/ (the page notebooks: portfolio_analysis/report/notebooks/)
	$(BIN)/python -m jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks

clean: ## remove the processed data, the rendered reports and the environment
	rm -rf data/processed/* reports/* reports/_failed $(VENV)
	touch data/processed/.gitkeep reports/.gitkeep
