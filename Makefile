# Everyday commands. Each sets up what it needs first (a virtual environment
# in .venv with the exact versions of requirements.lock).
#   make serve    serve the site at http://127.0.0.1:8000 with live reload
#   make check    check data/ and docs/ without building (fast)
#   make build    check, then build the offline zip and the site (strict, all or nothing)
#   make archive  build the offline edition into dist/*.zip
#   make test     run every test, browser tests included
#   make lighthouse  Lighthouse (mobile, gzip) over every page of both languages
#   make shift FROM=break MINUTES=5   move a slot and everything after it (data/agenda.yml)
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup serve check build archive test schemas shift lock benchmark lighthouse clean

help:
	@sed -n 's/^#   //p' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

setup: $(STAMP)

# A broken edit does not stop the server: every page then lists the problems
# (file:line: sentence) until they are fixed (overrides/hooks/preview.py).
serve: setup
	@$(BIN)/python -m macros.check || echo "The site still starts: its pages list these problems until they are fixed."
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

check: setup
	@$(BIN)/python -m macros.check

# Both build into a temporary folder and replace site/ and dist/ only when
# every build passed (macros/build.py).
build: setup check
	@$(BIN)/python -m macros.build

archive: setup check
	@$(BIN)/python -m macros.build --archive

test: setup
	$(BIN)/python -m pytest

schemas: setup
	$(BIN)/python -m macros.schema

# Move the slot FROM and everything after it by MINUTES (negative: earlier),
# rewriting only those times in data/agenda.yml; nothing is written if the
# result would be wrong. Add DRY_RUN=1 to only show the changes.
shift: setup
	$(BIN)/python -m macros.reschedule "$(FROM)" "$(MINUTES)" $(if $(DRY_RUN),--dry-run)

# Regenerate requirements.lock: the dependencies of pyproject.toml (with the
# test extras) installed in a clean environment, then frozen.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + p["optional-dependencies"]["test"]))' > .venv-lock/requirements.in
	.venv-lock/bin/pip install --quiet --disable-pip-version-check -r .venv-lock/requirements.in
	.venv-lock/bin/pip freeze > requirements.lock
	rm -rf .venv-lock

benchmark: setup
	$(BIN)/python -m macros.benchmark

# Lighthouse (npm, pinned in package.json/package-lock.json; runs on Node 20)
# with Debian's Chromium, over the built site served with gzip on 127.0.0.1.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: build node_modules/.installed
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python -m macros.lighthouse site

clean:
	rm -rf site site-offline dist .pytest_cache test-artifacts node_modules
