# The two commands a newcomer needs: `make demo` (install, then run the main job on the bundled
# sample data) and `make test` (install, then run every test). Both create .venv when missing.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: install demo test test-fast lint clean catalogs docs

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

# Every test, on every core (pytest-xdist: one worker per logical CPU, or
# PYTEST_XDIST_AUTO_NUM_WORKERS; a module marked xdist_group runs on one worker, so that its
# server or batch is made once). The slowest tests are listed at the end.
PYTEST_XDIST := -n logical --dist loadgroup
test: install
	$(PY) -m ruff check model tests bench
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_XDIST) --durations=15

# The quick lane while changing the model or its inputs: no server, browser, batch or other
# process started (tests marked slow or browser are left out); under a minute.
test-fast: install
	$(PY) -m pytest $(PYTEST_XDIST) -m "not slow and not browser"

lint: install
	$(PY) -m ruff check model tests bench
	$(VENV)/bin/lint-imports
	$(PY) -m ruff format --check model tests bench

# The gettext catalogs: extract every message (babel.cfg) into messages.pot, then merge it into
# each language's messages.po (new messages come in empty: translate them, the tests insist).
# The .mo files are compiled in memory when first used, never kept.
LOCALES := model/presentation/locale
catalogs: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ --no-wrap --sort-by-file \
		--project=prepay-modeller -o $(LOCALES)/messages.pot .
	for lang in fr ar; do \
		if [ -f $(LOCALES)/$$lang/LC_MESSAGES/messages.po ]; then \
			$(VENV)/bin/pybabel update --no-wrap --no-fuzzy-matching -i $(LOCALES)/messages.pot \
				-d $(LOCALES) -l $$lang; \
		else \
			$(VENV)/bin/pybabel init --no-wrap -i $(LOCALES)/messages.pot -d $(LOCALES) -l $$lang; \
		fi; \
	done

# The documentation site (docs/, mkdocs.yml) into site/, strictly: a broken link fails.
docs: install
	$(VENV)/bin/mkdocs build --strict --quiet

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis site
