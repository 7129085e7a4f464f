# The two set-up commands of the README: `make demo` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
SCALE ?= 1

.PHONY: demo test lint test-sqlite test-postgres bench clean

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c requirements.lock -e '.[dev,spark]'
	scripts/system-deps
	touch $@

demo: $(VENV)/.installed
	$(VENV)/bin/habeas demo --scale $(SCALE) --no-serve

test: lint test-sqlite test-postgres

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check habeas tests bench
	$(VENV)/bin/ruff format --check habeas tests bench
	$(VENV)/bin/lint-imports

test-sqlite: $(VENV)/.installed
	DATABASE_URL= $(PY) -m pytest -q

# The database tests again on PostgreSQL. CI sets HABEAS_REQUIRE_POSTGRES=1 so a
# missing server fails the run; on a laptop without one it is skipped, loudly.
test-postgres: $(VENV)/.installed
	@if $(PY) -c "import psycopg; psycopg.connect('$(PG_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		DATABASE_URL=$(PG_URL) $(PY) -m pytest -q -m django; \
	elif [ -n "$$HABEAS_REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL is not reachable at $(PG_URL)"; exit 1; \
	else \
		echo "*** SKIPPED the PostgreSQL run: no server at $(PG_URL) ***"; \
	fi

bench: $(VENV)/.installed
	$(PY) bench/simulate_speed.py
	$(PY) bench/ingest_speed.py
	$(PY) bench/import_speed.py
	$(PY) bench/linkage_quality.py
	$(PY) bench/linkage_incremental.py
	$(PY) bench/report_speed.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
