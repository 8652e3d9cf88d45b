# Mind Involve: `make run` for a working local site, `make test` for the whole suite.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3
PORT ?= 8000
# The embedded default: SQLite, tasks run at once, e-mail printed on the console.
RUN_ENV := DJANGO_DEBUG=true MFA_REQUIRED=$${MFA_REQUIRED:-false}
export DJANGO_SETTINGS_MODULE ?= mind_involve.settings

.PHONY: run install assets migrate seed test lint format bench services-check clean

run: install assets migrate seed
	$(RUN_ENV) $(PY) manage.py runserver 127.0.0.1:$(PORT)

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

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
