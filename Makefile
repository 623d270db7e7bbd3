# Styrbar: `make run` sets everything up and serves the app; `make test` runs every check.
SHELL := /bin/bash
.DEFAULT_GOAL := run

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
WORKERS ?= 2
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: run setup install assets messages migrate demo serve test lint typecheck \
        test-sqlite test-postgres test-browser chromium xmlsec clean

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	@touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(STAMP) $(NODE_STAMP)

assets: install
	node scripts/build-assets.mjs
	STYRBAR_HTTPS=0 $(PY) manage.py collectstatic --noinput -v0

messages: install
	$(BIN)/pybabel compile --domain=django --directory=locale --statistics

migrate: install
	$(PY) manage.py migrate --noinput -v0

# Refuses unless the database is the default local SQLite file (demo users share a public
# password); run `manage.py seed_demo` yourself to seed another database on purpose.
demo: migrate
	STYRBAR_HTTPS=0 $(PY) manage.py seed_demo --only-default-database

# pysaml2 (SAML single sign-on) checks signatures with Debian's xmlsec1.
xmlsec:
	@bash scripts/ensure-xmlsec1.sh

setup: install xmlsec assets messages migrate

# Production-grade local run: gunicorn + whitenoise, DEBUG off, plain HTTP on loopback,
# plus the background-task worker. Ctrl-C stops both.
serve:
	@echo "Styrbar: http://127.0.0.1:$(PORT)/  (Ctrl-C stops)"
	@trap 'kill 0' INT TERM EXIT; \
	  STYRBAR_HTTPS=0 $(PY) manage.py db_worker --queue-name default & \
	  STYRBAR_HTTPS=0 PORT=$(PORT) WORKERS=$(WORKERS) $(BIN)/gunicorn config.wsgi:application \
	    --config gunicorn.conf.py & \
	  wait

run: setup demo serve

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: install
	$(BIN)/mypy .

# PostgreSQL and chromium parts skip with a message on a machine without them,
# unless CI=true, where they must run.
test: setup lint typecheck test-sqlite test-postgres test-browser

# The import guard's memory-cap test needs a process without a long session's free heap.
GUARD_TEST := interop/tests/test_guard.py::test_an_xlsx_that_needs_more_memory_than_the_cap_fails_its_import_with_a_danish_message

test-sqlite: setup
	STYRBAR_FRESH_PROCESS=1 $(BIN)/pytest --ds=config.settings_test -q "$(GUARD_TEST)"
	$(BIN)/pytest --ds=config.settings_test -m "not browser" -q --cov=engine --cov-report=term:skip-covered --cov-fail-under=100

test-postgres: setup
	@bash scripts/test-postgres.sh

chromium:
	@bash scripts/ensure-chromium.sh

test-browser: setup chromium
	@bash scripts/test-browser.sh

clean:
	rm -rf $(VENV) node_modules static/vendor var/staticfiles
