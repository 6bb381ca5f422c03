# The two commands a newcomer needs: `make demo` (install, then run the main job on the bundled
# sample data) and `make test` (install, then run every test). Both create .venv when missing.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: install demo test lint clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: install
	$(VENV)/bin/prepay options
	$(VENV)/bin/prepay compare --start 2027-01-01
	$(VENV)/bin/prepay reports data/prospects.csv --out reports/

test: install
	$(PY) -m ruff check model tests bench
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

lint: install
	$(PY) -m ruff check model tests bench
	$(VENV)/bin/lint-imports
	$(PY) -m ruff format --check model tests bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
