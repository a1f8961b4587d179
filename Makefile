# The few commands people run. `make demo` and `make test` work from a fresh clone.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: install demo test lint format docs bench browser clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

## demo: the bundled demo applicants through `scanner batch`, HTML report in out/
demo: install
	@mkdir -p out
	@echo "== scanner batch: 40 fictional applicants, two rings =="
	@$(BIN)/scanner batch fixtures/batch/applicants.csv --no-db --offline --format html \
	    --out out/demo-report.html; rc=$$?; [ $$rc -le 3 ] || exit $$rc
	@echo
	@echo "== scanner check: one candidate (exit 1/3 are results: findings / incomplete) =="
	@$(BIN)/scanner check fixtures/candidates/dana-whitfield/resume.pdf --no-db \
	    --name "Dana Whitfield" --phone "+1 (0) 512 555 0142" --email dana.whitfield@example.com \
	    --location "Austin, TX"; rc=$$?; [ $$rc -le 3 ] || exit $$rc
	@echo "Demo report: $(CURDIR)/out/demo-report.html"

## test: everything the suite needs, then the whole suite
test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check scanner extractors tests bench fixtures
	$(BIN)/ruff format --check scanner extractors tests bench fixtures
	$(BIN)/mypy

format: install
	$(BIN)/ruff format scanner extractors tests bench fixtures
	$(BIN)/ruff check --fix scanner extractors tests bench fixtures

## docs: regenerate docs/checks.md from the checks' own documentation
docs: install
	$(BIN)/scanner checks --format markdown > docs/checks.md

bench: install
	$(BIN)/python bench/run_all.py

## browser: a Chromium for the browser tests (Playwright's own, else Debian's)
browser: install
	$(BIN)/python -m playwright install chromium || \
	  (command -v apt-get >/dev/null && apt-get install -y chromium) || \
	  echo "No Chromium: install one, or set SCANNER_CHROMIUM=/path/to/chromium"

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
