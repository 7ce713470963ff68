# Two commands do all the set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export MAILLAGE_DATA_DIR ?= var

.PHONY: run test install system-deps postgres lint typecheck pytest check i18n bench clean

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## make run: install, initialise the embedded database, serve at http://127.0.0.1:8000
run: install
	$(BIN)/maillage init
	$(BIN)/maillage serve --host 127.0.0.1 --port 8000

## Debian packages the suite needs: Chromium for browser tests, PostgreSQL for the second backend.
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

postgres: system-deps
	@scripts/test-postgres.sh start >/dev/null

lint: install
	$(BIN)/ruff check .

typecheck: install
	$(BIN)/mypy

pytest: install system-deps postgres
	MAILLAGE_TEST_POSTGRES_URL=$$(scripts/test-postgres.sh url) \
	  $(BIN)/pytest -q

## make test: install what is missing, then ruff, mypy and the whole pytest suite (both backends, browser tests)
test: lint typecheck pytest

check: test

## make bench: latency of directory searches at 50,000 services, beside Datasette (~3 min)
bench: install
	$(BIN)/python benchmarks/directory_search.py

## Refresh the message catalogues from the sources (French must stay complete).
i18n: install
	$(BIN)/pybabel extract -F babel.cfg -o src/maillage/locale/messages.pot --no-location --sort-output .
	for lang in fr nl de; do $(BIN)/pybabel update -i src/maillage/locale/messages.pot -d src/maillage/locale -l $$lang --no-fuzzy-matching; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
