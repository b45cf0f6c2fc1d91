# Two commands for a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/pip install --quiet --disable-pip-version-check
# requirements.txt and requirements-dev.txt are the top-level pins people edit; `make lock` compiles
# them into requirements.lock and requirements-dev.lock (every package pinned, with hashes), and only
# the locks are installed. A stamp per lock file's checksum: a new lock reinstalls from it.
RUN_STAMP := $(VENV)/.run-$(shell cksum requirements.lock | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.dev-$(shell cksum requirements-dev.lock | cut -d' ' -f1)
PIP_TOOLS := pip-tools==7.6.2
LOCK_TOOLS := $(VENV)/pip-tools
PIP_COMPILE := CUSTOM_COMPILE_COMMAND="make lock" $(LOCK_TOOLS)/bin/pip-compile --quiet --generate-hashes \
	--strip-extras --no-emit-index-url --no-emit-find-links $(LOCK_ARGS)

.PHONY: run console test bench clean lock

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): requirements.lock | $(BIN)/python
	$(PIP) --require-hashes -r requirements.lock
	rm -f $(VENV)/.run-* && touch $(RUN_STAMP)

# The dev lock holds the runtime lock's pins (compiled with it as a constraint): it installs both.
$(DEV_STAMP): requirements-dev.lock | $(BIN)/python
	$(PIP) --require-hashes -r requirements-dev.lock
	rm -f $(VENV)/.dev-* $(VENV)/.run-* && touch $(DEV_STAMP) $(RUN_STAMP)

# pip-tools in a venv of its own, so it never lands in the locked set. The locks are for Python 3.11
# on Linux (CI and the image): pip-compile resolves environment markers for the Python it runs on.
$(LOCK_TOOLS)/.$(PIP_TOOLS):
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11) and "make lock: the locks are for Python 3.11 (CI, the image): try PYTHON=python3.11")'
	rm -rf $(LOCK_TOOLS) && $(PYTHON) -m venv $(LOCK_TOOLS)
	$(LOCK_TOOLS)/bin/pip install --quiet --disable-pip-version-check $(PIP_TOOLS)
	touch $@

lock: $(LOCK_TOOLS)/.$(PIP_TOOLS)  ## after editing requirements*.txt: re-pin and hash every package (LOCK_ARGS=--upgrade to bump all)
	$(PIP_COMPILE) --output-file=requirements.lock requirements.txt
	$(PIP_COMPILE) --constraint=requirements.lock --output-file=requirements-dev.lock requirements-dev.txt

run: $(RUN_STAMP)  ## start Redis if needed, then the web and worker processes; keep them running until Ctrl-C
	$(BIN)/python -m supervisor

console: $(RUN_STAMP)  ## talk to the sandbox bot as demo users (after `make run` without settings)
	$(BIN)/python -m sandbox.console

test: $(DEV_STAMP)  ## the whole test suite (starts its own redis-server)
	$(BIN)/pytest -n 8  # the tests mostly wait (workers, Redis restarts, pacing): run eight at once

bench: $(DEV_STAMP)  ## latency, pacing, Toggl requests per command, memory (bench/RESULTS.md)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache
