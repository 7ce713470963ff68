# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export MAILLAGE_DATA_DIR ?= var

.PHONY: run test test-fast install bench-deps runtime-deps system-deps postgres lint typecheck pytest check i18n bench audit-deps clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make run: install, initialise the embedded database, serve at http://127.0.0.1:8000 (port: MAILLAGE_PORT)
## (while no administrator exists, it prints a one-time link creating the first one)
run: install runtime-deps
	$(BIN)/maillage init
	$(BIN)/maillage serve --host 127.0.0.1

# apt-get install of the Debian packages named in $(1) that are missing.
define apt_install
	@if [ -n "$(strip $(1))" ]; then \
	  echo "installing Debian packages: $(strip $(1))"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(1) >/dev/null; \
	fi
endef

## Debian packages the application needs: Pango and fonts for PDF reports (WeasyPrint).
runtime-deps:
	$(call apt_install,$(shell fc-list 2>/dev/null | grep -qi dejavu || echo fonts-dejavu-core) \
	  $(shell /sbin/ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || echo libpango-1.0-0 libpangoft2-1.0-0))

## Debian packages the suite needs as well: Chromium for browser tests, PostgreSQL for the
## second backend.
system-deps: runtime-deps
	$(call apt_install,$(shell [ -x /usr/bin/chromium ] || echo chromium) \
	  $(shell ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || echo postgresql))

postgres: system-deps
	@scripts/test-postgres.sh start >/dev/null

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo

typecheck: install
	$(BIN)/mypy

pytest: install system-deps postgres
	MAILLAGE_TEST_POSTGRES_URL=$$(scripts/test-postgres.sh url) \
	  $(BIN)/pytest -q -n 2 -m "not browser"
	$(BIN)/pytest -q -m browser

## make test: install what is missing, then ruff, mypy and the whole pytest suite (both backends, browser tests)
test: lint typecheck pytest

check: test

## make test-fast: the inner loop — lint, types and the suite on SQLite, without the browser,
## PostgreSQL or the API fuzzing (make test runs everything)
test-fast: lint typecheck runtime-deps
	MAILLAGE_TEST_BACKENDS=sqlite $(BIN)/pytest -q -n auto -m "not browser and not slow"

## The peers benchmarks compare with (Datasette, PySAL spopt): not needed by the suite.
bench-deps: install
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,bench]'

## make bench: latency of directory searches at 50,000 services, beside Datasette (~3 min)
bench: bench-deps
	$(BIN)/python benchmarks/directory_search.py

## make audit-deps: pinned dependencies against known vulnerabilities (needs internet)
audit-deps: install
	$(BIN)/pip install --quiet pip-audit
	$(BIN)/pip-audit --requirement constraints.txt --progress-spinner off

## Refresh the message catalogues from the sources (French must stay complete).
i18n: install
	$(BIN)/pybabel extract -F babel.cfg -o src/maillage/locale/messages.pot --no-location --sort-output .
	for lang in fr nl de; do $(BIN)/pybabel update -i src/maillage/locale/messages.pot -d src/maillage/locale -l $$lang --no-fuzzy-matching; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
