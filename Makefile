# Two commands for a fresh machine: `make site` and `make test`. Both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DATA ?= data
OUTPUT ?= output

.PHONY: site test validate fmt fmt-check bench serve clean

LOCK := requirements.lock

## The virtual environment, exactly as the lock has it: every package (pip and setuptools
## included) at its locked version, each file checked against its SHA-256; then this project
## itself as an editable install, built with the locked setuptools and nothing downloaded.
$(STAMP): pyproject.toml $(LOCK)
	@echo "bootstrap: (re)creating $(VENV) from $(LOCK), every file checked against its hash"
	$(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install --quiet --require-hashes -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

## Regenerate $(LOCK) from the pins in pyproject.toml (the project's dependencies, the `dev`
## extra and the `bootstrap` group): uv, installed in a throwaway venv, resolves for Python 3.11+
## on every platform and writes the hashes of every published file of every package.
UV_VERSION := 0.13.8
LOCK_VENV := $(or $(TMPDIR),/tmp)/relief-lock-venv

.PHONY: lock
lock:
	@echo "lock: resolving pyproject.toml into $(LOCK) with uv $(UV_VERSION) in $(LOCK_VENV)"
	rm -rf $(LOCK_VENV)
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet uv==$(UV_VERSION)
	$(LOCK_VENV)/bin/uv pip compile --quiet pyproject.toml --extra dev --group bootstrap \
	  --universal --python-version 3.11 --generate-hashes \
	  --custom-compile-command "make lock" --output-file $(LOCK)
	rm -rf $(LOCK_VENV)

## Validate the records and build everything that exists into $(OUTPUT)/.
site: $(STAMP)
	$(PY) -m relief build --data $(DATA) --output $(OUTPUT)

## The whole test suite, with lint and type checks.
test: $(STAMP) e2e-deps
	$(PY) -m ruff check relief tests scripts
	$(PY) -m mypy
	$(PY) -m pytest

validate: $(STAMP)
	$(PY) -m relief validate $(DATA)

fmt: $(STAMP)
	$(PY) -m relief fmt $(DATA)

fmt-check: $(STAMP)
	$(PY) -m relief fmt --check $(DATA)

bench: $(STAMP)
	$(PY) scripts/bench_validate.py

## Search at 10,000 synthetic entries: index time and size, latency and bytes in Chromium, recall.
## A full build at 1,000 and 10,000 synthetic entries (SIZES=1000,10000,50000 for more):
## wall time, peak RSS, output size, largest files and each stage, beside the parse floor.
.PHONY: bench-build
bench-build: $(STAMP)
	$(PY) scripts/bench_build.py --sizes $(or $(SIZES),1000,10000)

.PHONY: bench-search
bench-search: $(STAMP) e2e-deps
	$(PY) scripts/bench_search.py --organizations $(or $(ORGS),10000)

## Serve the built site on http://127.0.0.1:8000/ (run `make site` first).
serve:
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory $(OUTPUT)

clean:
	rm -rf $(OUTPUT) .pytest_cache .mypy_cache .ruff_cache

## End-to-end test tools (tests/e2e). As root, installs Debian's chromium, a CJK font and
## nginx (which serves the site with docs/hosting/nginx.conf) when any is missing (the tests
## never download a browser); then the pinned Node tools (axe-core, html-validate) with
## `npm ci`, again only when package-lock.json changed.
E2E_DIR := tests/e2e
E2E_APT := chromium fonts-noto-cjk fontconfig nginx
E2E_NODE_STAMP := $(E2E_DIR)/node_modules/.installed-stamp

.PHONY: e2e-deps e2e

e2e-deps: $(E2E_NODE_STAMP)
	@if ! command -v chromium >/dev/null 2>&1 \
	    || ! PATH="$$PATH:/usr/sbin:/sbin" command -v nginx >/dev/null 2>&1 \
	    || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "e2e-deps: installing $(E2E_APT)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(E2E_APT); \
	  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then \
	    echo "e2e-deps: installing $(E2E_APT) with sudo"; \
	    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(E2E_APT); \
	  else \
	    echo "e2e-deps: chromium, nginx or Noto Sans CJK missing; as root: apt-get install -y $(E2E_APT)" >&2; \
	  fi; \
	fi

$(E2E_NODE_STAMP): $(E2E_DIR)/package.json $(E2E_DIR)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "e2e-deps: npm (Node.js 20.19+) is needed" >&2; exit 1; }
	npm ci --prefix $(E2E_DIR) --no-audit --no-fund
	touch $@

## Only the end-to-end tests (builds the sample site itself).
e2e: $(STAMP) e2e-deps
	$(PY) -m pytest -m e2e $(E2E_DIR)

## Validation with GitHub annotations (the pull-request workflow).
.PHONY: validate-github
validate-github: $(STAMP)
	$(PY) -m relief validate $(DATA) --format github

## Copy the built site to any static host with rsync over SSH:
##   make publish PUBLISH_HOST=deploy@www.example.cn PUBLISH_PATH=/srv/www/relief
PUBLISH_HOST ?=
PUBLISH_PATH ?=
RSYNC ?= rsync

.PHONY: publish
ifneq ($(filter publish,$(MAKECMDGOALS)),)
ifeq ($(strip $(PUBLISH_HOST)),)
$(error publish: PUBLISH_HOST is not set, e.g. make publish PUBLISH_HOST=deploy@www.example.cn PUBLISH_PATH=/srv/www/relief)
endif
ifeq ($(strip $(PUBLISH_PATH)),)
$(error publish: PUBLISH_PATH is not set, e.g. make publish PUBLISH_HOST=deploy@www.example.cn PUBLISH_PATH=/srv/www/relief)
endif
endif

publish: site
	$(RSYNC) -az --delete $(OUTPUT)/ $(PUBLISH_HOST):$(PUBLISH_PATH)/
