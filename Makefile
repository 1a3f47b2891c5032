# Two commands set everything up on a fresh machine with Python 3.11:
#   make run   - create .venv, install requirements.txt, start the app on the bundled data
#   make test  - create .venv, install runtime and dev requirements, run the whole test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501

.PHONY: run test lint validate bench clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(PY) -m map_app.serve --server.port $(PORT) --server.headless true

test: $(VENV)/.dev
	$(PY) -m pytest

lint: $(VENV)/.dev
	$(PY) -m ruff check .

validate: $(VENV)/.runtime
	$(PY) -m geodata validate

bench: $(VENV)/.dev
	$(PY) bench/run.py --quick

clean:
	rm -rf $(VENV) .pytest_cache
