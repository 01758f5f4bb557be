# AluHub developer commands. On a fresh machine, `make run` and `make test` do all the set-up.
# docs/testing.md explains the test stages; `make help` lists the targets.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
ALUHUB := $(VENV)/bin/aluhub
# Records the sha256 of pyproject.toml the venv was installed from: reinstall when it changes.
DEPS_STAMP := $(VENV)/.aluhub-deps
# pytest-xdist workers for the SQLite and PostgreSQL stages (0 = no parallelism), and
# extra pytest arguments, e.g. make test-sqlite PYTEST_ARGS="-k organization -x".
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
export PYTEST_WORKERS PYTEST_ARGS
# Apps that own their translation catalogue (aluhub/<app>/locale); everything else is
# project-level and goes to aluhub/locale.
LOCALE_APPS := funding funding_plans challenge learning circular innovation community trace dashboard collab directory workforce site
LANGS := -l fr -l en
# NO_INSTALL=1 skips the install prerequisite (the venv is known to be ready).
PREREQ := $(if $(NO_INSTALL),,install)

.PHONY: help install deps translations run test lint typecheck imports \
	test-sqlite test-api test-postgres test-browser messages clean

help:
	@echo "make run            set everything up, start the worker and serve http://127.0.0.1:8000 (demo logins printed)"
	@echo "make test           the whole suite: lint, types, imports, SQLite, API, PostgreSQL, browser"
	@echo "make install        virtualenv .venv, dependencies, compiled translations"
	@echo "make lint           ruff check + ruff format --check"
	@echo "make typecheck      mypy with django-stubs"
	@echo "make imports        import-linter contracts (engines stay pure)"
	@echo "make test-sqlite    pytest -m 'not browser' on SQLite"
	@echo "make test-postgres  the same on a throwaway PostgreSQL cluster"
	@echo "make test-api       schemathesis: the API against its OpenAPI document (live server)"
	@echo "make test-browser   Playwright + Debian's chromium against a live server"
	@echo "make messages       update the fr/en .po catalogues"
	@echo "make clean          remove caches, compiled catalogues and test artifacts"

install: deps .env translations

$(PY):
	@scripts/ensure-system-deps.sh venv
	$(PYTHON) -m venv $(VENV)

deps: | $(PY)
	@want=$$(sha256sum pyproject.toml | cut -d' ' -f1); \
	if [ "$$(cat $(DEPS_STAMP) 2>/dev/null)" != "$$want" ]; then \
		echo "Installing Python dependencies into $(VENV) (pyproject.toml changed)"; \
		$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'; \
		echo "$$want" > $(DEPS_STAMP); \
	fi

# A local .env with a generated secret key, so the server runs with DEBUG off (real
# 404/500 pages) over plain http on 127.0.0.1. Never committed; see .env.example.
.env: | $(PY)
	@echo "Writing .env (local settings, generated secret key)"
	@{ \
		echo "# Written by 'make install' for this machine only; every variable is in .env.example."; \
		echo "ALUHUB_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')"; \
		echo "# The development server speaks plain http: cookies must not require HTTPS."; \
		echo "ALUHUB_HTTPS=0"; \
	} > .env

translations: deps .env
	@scripts/ensure-system-deps.sh gettext
	@if find aluhub -path '*/locale/*' -name '*.po' | grep -q .; then \
		$(ALUHUB) compilemessages --ignore=.venv --ignore=node_modules --verbosity 0; \
	else \
		echo "No .po catalogues yet: nothing to compile"; \
	fi

run: install
	@scripts/ensure-system-deps.sh poppler || echo "(optional) install poppler-utils for PDF previews in Alu-Compétences"
	$(ALUHUB) setup --demo
	@echo "AluHub: http://127.0.0.1:8000/  (French: /fr/, English: /en/; Ctrl-C stops it)"
	@echo "Background worker (e-mails, alerts, digests, reminders) started next to the server."
	$(ALUHUB) worker --no-startup-delay & worker=$$!; \
		trap 'kill $$worker 2>/dev/null || true' EXIT; \
		$(ALUHUB) runserver 127.0.0.1:8000

test:
	scripts/test.sh

# Each check is a stage of scripts/test.sh, so `make lint` runs exactly what CI runs.
lint: $(if $(NO_INSTALL),,deps)
	scripts/test.sh ruff-check ruff-format

typecheck: $(if $(NO_INSTALL),,deps .env)
	scripts/test.sh mypy

imports: $(if $(NO_INSTALL),,deps)
	scripts/test.sh imports

test-sqlite: $(PREREQ)
	scripts/test.sh sqlite

test-api: $(PREREQ)
	scripts/test.sh api

test-postgres: $(PREREQ)
	scripts/test.sh postgres

test-browser: $(PREREQ)
	scripts/test.sh browser

# Project-level strings (templates, accounts, common, settings...) go to aluhub/locale;
# each app in LOCALE_APPS that has a locale/ folder owns its own catalogue, so engineers
# working on different apps never edit the same .po file.
messages: deps .env
	@scripts/ensure-system-deps.sh gettext
	@mkdir -p aluhub/locale
	cd aluhub && ../$(ALUHUB) makemessages $(LANGS) --no-obsolete \
		$(addprefix --ignore=,$(LOCALE_APPS)) --ignore=engines --ignore=static --ignore=data
	@if grep -rlq --include='*.js' 'gettext(' aluhub/static/js 2>/dev/null; then \
		cd aluhub && ../$(ALUHUB) makemessages -d djangojs $(LANGS) --no-obsolete \
			$(addprefix --ignore=,$(LOCALE_APPS)) --ignore=vendor; \
	fi
	@for app in $(LOCALE_APPS); do \
		if [ -d "aluhub/$$app/locale" ]; then \
			echo "aluhub/$$app"; \
			(cd "aluhub/$$app" && ../../$(ALUHUB) makemessages $(LANGS) --no-obsolete --ignore=static); \
		fi; \
	done

clean:
	rm -rf .mypy_cache .ruff_cache .pytest_cache var/test-artifacts var/test-db var/static aluhub.egg-info
	find aluhub tests bench -name __pycache__ -type d -prune -exec rm -rf {} +
	find aluhub -path '*/locale/*' -name '*.mo' -delete
	@echo "Kept .venv, .env and var/ (database, media); rm -rf .venv for a full reinstall."
