# ThiLuat: `make run` serves the demo on http://127.0.0.1:5000, `make test` runs the suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
HOST ?= 127.0.0.1
PORT ?= 5000
WORKERS ?= 2

.PHONY: run test install install-dev migrate seed translations translations-update lint format bench ci clean

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

install-dev: $(VENV)/.installed-dev translations

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -d contest/translations -f --statistics 2>&1 | tail -n 1

translations-update: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext --no-location --sort-output -o contest/translations/messages.pot .
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

test: install-dev
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev
	$(BIN)/python -m bench

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) instance/test*.sqlite3* .pytest_cache
