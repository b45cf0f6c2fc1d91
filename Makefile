# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check
# A stamp per requirements file's checksum: editing a file reinstalls from it.
RUN_STAMP := $(VENV)/.run-$(shell cksum requirements.txt | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.dev-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)

.PHONY: run console test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): requirements.txt | $(BIN)/python
	$(PIP) -r requirements.txt
	rm -f $(VENV)/.run-* && touch $(RUN_STAMP)

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(PIP) -r requirements-dev.txt
	rm -f $(VENV)/.dev-* $(VENV)/.run-* && touch $(DEV_STAMP) $(RUN_STAMP)

run: $(RUN_STAMP)  ## start Redis if needed, then the web and worker processes
	./scripts/run.sh

console: $(RUN_STAMP)  ## talk to the sandbox bot as demo users (after `make run` without settings)
	$(BIN)/python -m sandbox.console

test: $(DEV_STAMP)  ## the whole test suite (starts its own redis-server)
	$(BIN)/pytest -n 6  # the tests mostly wait (Toggl pacing, workers): run six at once

bench: $(DEV_STAMP)  ## latency, pacing, Toggl requests per command, memory (bench/RESULTS.md)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache
