# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck bench eval calibrate clean system-deps vendor-web

# Debian packages the tests use: Chromium for the dashboard's browser tests,
# PostgreSQL's server programs for the store tests on PostgreSQL (each test run
# starts a throw-away cluster of its own as the unprivileged `postgres` user).
# CI runs as root on a fresh machine; elsewhere run `sudo make system-deps` once.
CHROMIUM := /usr/bin/chromium
PG_BIN   := /usr/lib/postgresql/15/bin

$(STAMP): pyproject.toml requirements.lock
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -c requirements.lock -e '.[dev]'
	touch $(STAMP)

# The main job on the bundled sample articles: store them in the embedded
# database (idempotent) and show the events found, then the pairs.
run: $(STAMP)
	$(BIN)/pactwatch ingest samples/ --db pactwatch.duckdb
	$(BIN)/pactwatch events --db pactwatch.duckdb
	$(BIN)/pactwatch dyads --db pactwatch.duckdb
	@echo "Dashboard: run '$(BIN)/pactwatch serve --db pactwatch.duckdb' and open http://127.0.0.1:8000/"

system-deps:
	@missing=""; \
	[ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	[ -x $(PG_BIN)/initdb ] || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:$$missing"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

test: $(STAMP) system-deps lint typecheck
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

eval: $(STAMP)
	$(BIN)/pactwatch eval ../shared/acceptance/seeds.gold.json --run samples/ --brief
	$(BIN)/pactwatch eval ../shared/acceptance/dev/gold.json --run ../shared/acceptance/dev/articles --brief
	$(BIN)/pactwatch eval ../shared/acceptance/dev2/gold.json --run ../shared/acceptance/dev2/articles --half tune --brief
	$(BIN)/pactwatch eval ../shared/acceptance/dev2/gold.json --run ../shared/acceptance/dev2/articles --half check --brief

# Refit `confidence` on gold: dev and dev2's tune half cross-validated, train fitted on too;
# writes src/pactwatch/events/confidence.json (docs/accuracy.md, "Confidence").
calibrate: $(STAMP)
	$(BIN)/pactwatch calibrate ../shared/acceptance/dev/gold.json \
		../shared/acceptance/dev2/gold.json@tune --also-fit ../shared/acceptance/train/gold.json --write

# datasette, for the web benchmark's side-by-side run only: a virtualenv of its own
# from the package index, never a dependency of pactwatch.
DATASETTE_VENV := benchmarks/.venv-datasette

$(DATASETTE_VENV)/.installed: benchmarks/datasette-requirements.txt
	test -d $(DATASETTE_VENV) || $(PYTHON) -m venv $(DATASETTE_VENV)
	$(DATASETTE_VENV)/bin/pip install --quiet -r benchmarks/datasette-requirements.txt
	touch $@

bench: $(STAMP) $(DATASETTE_VENV)/.installed
	$(BIN)/python benchmarks/bench_extract.py --profile --out benchmarks/results/extract.md
	$(BIN)/python benchmarks/bench_store.py --out benchmarks/results/store.md
	$(BIN)/python benchmarks/bench_web.py --out benchmarks/results/web.md
	$(BIN)/python benchmarks/bench_scale.py --out benchmarks/results/scale.md
	$(BIN)/python benchmarks/bench_robust.py --out benchmarks/results/robust.md
	$(BIN)/python benchmarks/bench_ingest.py --profile --write-stage --out benchmarks/results/ingest.md

# The dashboard's vendored JavaScript (cytoscape.js), refreshed from the npm registry
# by hand; the version is pinned in the script. Never run at install or run time.
vendor-web:
	sh scripts/vendor-web.sh

clean:
	rm -rf $(VENV) $(DATASETTE_VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
