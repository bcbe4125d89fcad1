# Everyday commands. Each sets up what it needs first (a virtual environment
# in .venv with the exact versions of requirements.lock).
#   make serve    serve the site at http://127.0.0.1:8000 with live reload
#   make check    check data/ and docs/ without building (fast)
#   make build    check, then build the offline zip and the site (strict, all or nothing)
#   make archive  build the offline edition into dist/*.zip
#   make test     run every test, browser tests included
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup serve check build archive test schemas lock benchmark clean

help:
	@sed -n 's/^#   //p' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

setup: $(STAMP)

serve: setup check
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

clean:
	rm -rf site site-offline dist .pytest_cache test-artifacts
