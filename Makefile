# Mind Involve: `make run` for a working local site, `make test` for the whole suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
PORT ?= 8000
# The embedded default: SQLite, tasks run at once, e-mail printed on the console.
RUN_ENV := DJANGO_DEBUG=true MFA_REQUIRED=$${MFA_REQUIRED:-false}
export DJANGO_SETTINGS_MODULE ?= mind_involve.settings

.PHONY: run install lock assets migrate seed test lint format bench services-check clean

run: install assets migrate seed
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

install: $(VENV)/.installed

# Everything from the lock, with hashes: production, tests and tools (dev), and Faker for seed_demo
# (demo). The project itself is not installed: it has no package to install, and runs from here.
$(VENV)/.installed: requirements/base.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.txt
	touch $@

# The locks, regenerated from pyproject.toml: run after changing a dependency there, and commit
# both files. Pins already in the locks are kept; `make lock LOCK_ARGS=--upgrade` moves every
# pin to the newest release pyproject.toml allows (or `LOCK_ARGS="--upgrade-package django"`).
# dev.txt is constrained by base.txt, so tests run on the very versions production gets.
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe \
	--strip-extras --no-emit-find-links --no-emit-index-url $(LOCK_ARGS)
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet pip-tools
	$(PIP_COMPILE) --output-file requirements/base.txt pyproject.toml
	$(PIP_COMPILE) --extra dev --extra demo --constraint requirements/base.txt --output-file requirements/dev.txt pyproject.toml

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The design system's CSS, and the Welsh catalogue (locale/cy) compiled by msgfmt (Debian's gettext).
assets: install node_modules/.installed
	npm run --silent build
	DJANGO_DEBUG=true $(PY) manage.py compilemessages --ignore .venv --ignore node_modules --ignore static --ignore staticfiles

migrate: install
	$(RUN_ENV) $(PY) manage.py migrate --noinput

seed: install
	$(RUN_ENV) $(PY) manage.py seed_demo

services-check: install
	@$(PY) -m scripts.check_services

test: install assets services-check
	DJANGO_SETTINGS_MODULE=mind_involve.settings_test $(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
	$(PY) -m mypy .
	$(RUN_ENV) $(PY) manage.py makemigrations --check --dry-run

format: install
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Seeds 100,000 people and 1,000,000 answers into a separate database (mind_involve_bench) and
# measures the budgets in shared/DESIGN.md. BENCH_PEOPLE=2000 for a quick run.
bench: install assets services-check
	@command -v wrk >/dev/null || { echo "Installing wrk (Debian) for the throughput figures"; \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends wrk; }
	$(PY) -m scripts.bench

clean:
	rm -rf $(VENV) node_modules static/dist staticfiles db.sqlite3
