# Two commands for a fresh machine: `make site` and `make test`. Both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
DATA ?= data
OUTPUT ?= output

.PHONY: site test validate fmt fmt-check bench serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

## Validate the records and build everything that exists into $(OUTPUT)/.
site: $(STAMP)
	$(PY) -m relief build --data $(DATA) --output $(OUTPUT)

## The whole test suite, with lint and type checks.
test: $(STAMP)
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

## Serve the built site on http://127.0.0.1:8000/ (run `make site` first).
serve:
	$(PY) -m http.server 8000 --bind 127.0.0.1 --directory $(OUTPUT)

clean:
	rm -rf $(OUTPUT) .pytest_cache .mypy_cache .ruff_cache
