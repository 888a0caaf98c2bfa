# ThiLuat: `make run` serves the demo on http://127.0.0.1:5000, `make test` runs the suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2

.PHONY: run serve test install install-dev migrate seed translations translations-update lint format bench bench-load bench-lighthouse ci clean fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed translations

install-dev: $(VENV)/.installed-dev translations node_modules/.installed

# The browser tests' accessibility engine (axe-core) and Lighthouse, pinned in package-lock.json,
# when npm is there; without it the accessibility checks skip, saying why.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --no-audit --no-fund --loglevel=error && touch $@ \
			|| echo "npm ci failed: the accessibility checks and Lighthouse will be skipped"; \
	else echo "npm not found: the accessibility checks and Lighthouse will be skipped"; fi

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d contest/translations -f --statistics 2>&1 | tail -n 1

translations-update: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output --ignore-dirs '.*' -o contest/translations/messages.pot .
	$(BIN)/pybabel update -i contest/translations/messages.pot -d contest/translations --no-fuzzy-matching --ignore-obsolete

migrate: install
	$(FLASK) db upgrade

seed: migrate
	$(FLASK) seed-demo

# The web server and the background worker (scheduled tasks, exports), supervised: the worker
# restarts if it dies, Ctrl-C stops both (contest/jobs/supervise.py).
run: seed
	@echo "Hộp thư (phát triển): http://$(HOST):$(PORT)/dev/outbox/ (thư đặt lại mật khẩu; mail to instance/outbox)"
	$(BIN)/python -m contest.jobs.supervise \
		--web "$(BIN)/gunicorn --bind $(HOST):$(PORT) --workers $(WORKERS) --threads 4 --access-logfile - wsgi:app" \
		--worker "$(FLASK) jobs worker"

# Production-like serving: THILUAT_ENV=production, gunicorn sized by gunicorn.conf.py (one worker
# per CPU, 4 threads each; GUNICORN_* variables override), on 127.0.0.1:8000 (GUNICORN_BIND),
# after migrating the database named by DATABASE_URL (default: the SQLite file in instance/).
# The secret is read from SECRET_KEY when it is set (a server: set it in the service's
# environment, docs/deploy.md); otherwise it is generated once into instance/secret_key, for
# local serving. Cookies are Secure in production: browse through HTTPS or via localhost.
serve: install
	@test -n "$$SECRET_KEY" || test -s instance/secret_key || { mkdir -p instance && umask 077 && \
		$(BIN)/python -c 'import secrets; print(secrets.token_hex(32))' > instance/secret_key; }
	SECRET_KEY="$${SECRET_KEY:-$$(cat instance/secret_key)}" THILUAT_ENV=production $(FLASK) db upgrade
	SECRET_KEY="$${SECRET_KEY:-$$(cat instance/secret_key)}" THILUAT_ENV=production \
		exec $(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

test: install-dev
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

# The long fuzz run (`make test` runs the same tests bounded): schemathesis over the served
# OpenAPI document for every role, the question importer, and the hand-written bounds
# (tests/contest/core/web/test_input_guard.py). API_EXAMPLES and FUZZ_EXAMPLES set how many cases
# each operation or property gets; TEST_DATABASE_URL runs it on PostgreSQL.
API_EXAMPLES ?= 200
FUZZ_EXAMPLES ?= 2000
fuzz: install-dev
	THILUAT_API_EXAMPLES=$(API_EXAMPLES) THILUAT_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) \
		$(BIN)/python -m pytest -q $(PYTEST_ARGS) \
		tests/contest/core/test_api_conformance.py tests/questions/importer/test_fuzz.py \
		tests/contest/core/web/test_input_guard.py

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev
	$(BIN)/python -m bench

$(VENV)/.installed-bench: $(VENV)/.installed-dev requirements-bench.txt
	$(BIN)/pip install --quiet -r requirements-bench.txt
	touch $@

# The deadline rush under load (bench/load; figures and their commands in bench/RESULTS.md):
#   make bench-load                            closed, open, burst, signin at smoke size (~6 min)
#   make bench-load SCENARIO=closed SIZE=full ENGINE=postgres ARGS="--fault kill-worker"
#   make bench-load SCENARIO=soak SIZE=full    the 30-minute soak (not part of the default)
#   make bench-load ARGS="--proxy nginx"       behind nginx, as docs/deploy.md deploys it
# ENGINE=postgres needs BENCH_DATABASE_URL (a server where a throwaway database is created);
# BENCH_REDIS_URL gives the server Redis for its rate limits. `python -m bench.load --help`.
SCENARIO ?= closed open burst signin
SIZE ?= smoke
ENGINE ?= sqlite
bench-load: $(VENV)/.installed-bench translations
	@failed=0; for scenario in $(SCENARIO); do \
		$(BIN)/python -m bench.load $$scenario --size $(SIZE) --engine $(ENGINE) $(ARGS) || failed=1; \
	done; exit $$failed

# Lighthouse (mobile) on home, login, registration, contest and quiz, served by gunicorn as in
# production on the seeded demo; the median of RUNS runs per page (bench/bench_lighthouse.py).
RUNS ?= 3
bench-lighthouse: install-dev
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python -m bench.bench_lighthouse --runs $(RUNS)

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) instance/test*.sqlite3* .pytest_cache
