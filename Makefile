# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)

.PHONY: run console test bench clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	rm -f $(VENV)/.installed-* && touch $(STAMP)

run: $(STAMP)  ## start Redis if needed, then the web and worker processes
	./scripts/run.sh

console: $(STAMP)  ## talk to the sandbox bot as demo users (after `make run` without settings)
	$(BIN)/python -m sandbox.console

test: $(STAMP)  ## the whole test suite (starts its own redis-server)
	$(BIN)/pytest -n 6  # the tests mostly wait (Toggl pacing, workers): run six at once

bench: $(STAMP)  ## latency, pacing, Toggl requests per command, memory (bench/RESULTS.md)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache
