# The two commands a newcomer runs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := run

VENV := .venv
PY := $(VENV)/bin/python
DB_URL ?= postgres://postgres@127.0.0.1:5432/musuc
BROKER_URL ?= redis://127.0.0.1:6379/0

# The environment the test suite runs in: production settings, HTTP on localhost.
TEST_ENV := DEBUG=0 HTTPS=0 SECRET_KEY=test-only-secret-key-not-for-production \
	ALLOWED_HOSTS=localhost,127.0.0.1,testserver \
	DATABASE_URL=$${DATABASE_URL:-$(DB_URL)} REDIS_URL=$${REDIS_URL:-$(BROKER_URL)}
# What `check --deploy` sees: exactly what production runs with.
DEPLOY_ENV := DEBUG=0 HTTPS=1 SECRET_KEY=$$(openssl rand -base64 48) ALLOWED_HOSTS=musuc.example.org \
	DATABASE_URL=$(DB_URL) REDIS_URL=$(BROKER_URL)
# `make run`: SQLite and a folder as the broker; nothing else to start.
RUN_ENV := DEBUG=1
# The suite runs on every core (pytest-xdist: each worker has its own test database, live server
# port and Celery queue); `make pytest TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= auto

.PHONY: run test setup python-deps node-deps static pdf-libs graphviz services browser lint imports typecheck check pytest clean

setup: python-deps node-deps static pdf-libs graphviz

python-deps: $(VENV)/.synced
$(VENV)/.synced: pyproject.toml uv.lock .python-version
	@python=$$(scripts/find-python.sh) && \
	  { $$python -m uv --version >/dev/null 2>&1 || $$python -m pip install --quiet uv; } && \
	  UV_PYTHON_DOWNLOADS=never $$python -m uv sync --frozen --python $$python
	@touch $@

node-deps: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static: build/static/.built
build/static/.built: node_modules/.installed scripts/build-static.mjs
	node scripts/build-static.mjs
	@touch $@

run: setup
	@mkdir -p var/broker/queue var/broker/processed var/attachments
	$(RUN_ENV) $(PY) manage.py migrate --noinput
	$(RUN_ENV) $(PY) manage.py seed_demo
	$(RUN_ENV) $(PY) manage.py run_scheduled_jobs
	@echo ""
	@echo "  MUSUC is starting at http://127.0.0.1:8000"
	@echo "  Sign in as caseworker, manager, qsr or admin; the password is musuc-demo"
	@echo "  (web, Celery worker and Celery beat run together; Ctrl+C stops them all)"
	@echo ""
	$(RUN_ENV) $(VENV)/bin/honcho start -f Procfile

services:
	@scripts/start-services.sh

# Debian's Pango and fonts for WeasyPrint, which renders the letters' PDFs.
pdf-libs:
	@scripts/install-weasyprint-libs.sh

# Debian's Graphviz, whose `dot` draws the "How the policy works" chart from the state machines.
graphviz:
	@scripts/install-graphviz.sh

browser:
	@scripts/install-chromium.sh

lint: python-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates contacts/templates restrictions/templates disputes/templates \
	  letters/templates casework/templates --lint

# import-linter: the layers (casework -> letters -> disputes -> restrictions -> contacts ->
# musuc) and no app importing another's views; the contracts are in pyproject.toml.
imports: python-deps
	$(VENV)/bin/lint-imports

# mypy with django-stubs on services, selectors and the foundation's outbox, security log and
# records (the files are listed in pyproject.toml); the plugin loads the settings.
typecheck: python-deps
	$(TEST_ENV) $(VENV)/bin/mypy

check: setup services
	$(TEST_ENV) $(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(TEST_ENV) $(PY) manage.py collectstatic --noinput --verbosity 0

pytest: setup services browser
	$(TEST_ENV) $(VENV)/bin/pytest -n $(TEST_WORKERS) --durations=15; status=$$?; \
	  echo ""; echo "Screenshots of every page the browser tests visited: var/screenshots/"; \
	  exit $$status

test: lint imports typecheck check pytest

clean:
	rm -rf $(VENV) node_modules build var
