# The two commands for a newcomer: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
export PORT
# axe-core checks the pages for WCAG 2.1 AA failures in the browser tests.
AXE_VERSION := 4.14.1
AXE := $(VENV)/node/node_modules/axe-core/axe.min.js

.PHONY: run test install services migrate messages seed lint format makemessages clean bench

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

$(AXE): | $(BIN)/activate
	npm install --prefix $(VENV)/node axe-core@$(AXE_VERSION) --no-audit --no-fund --silent

services: install
	@$(PY) manage.py check_services --create-db

migrate: services
	$(PY) manage.py migrate --no-input

messages: install
	$(PY) manage.py compilemessages --ignore=.venv -v 0

seed: migrate
	$(PY) manage.py seed_demo

## make run: the app with demo data, web + Celery worker + beat in the foreground.
run: migrate messages seed
	@echo ""
	@echo "  Entree volgsysteem draait op http://127.0.0.1:$(PORT)/  (stoppen: Ctrl+C)"
	@echo ""
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile.dev

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make test: lint, missing migrations, then the whole suite on the real PostgreSQL and Redis.
test: lint services messages $(AXE)
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest --cov --cov-report=term:skip-covered

## make bench: load-test the pages against the floor (builds its databases once; docs/performance.md).
bench: services messages
	$(PY) bench/run.py $(BENCH_ARGS)

makemessages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --no-location

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache
