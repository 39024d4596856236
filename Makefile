PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

# The oldest moto the package supports, with the boto3 of its day, in a second virtualenv.
OLDEST_VENV := .venv-moto50
OLDEST_BIN := $(OLDEST_VENV)/bin
OLDEST_PINS := 'moto[server]==5.0.0' 'boto3==1.34.27' 'botocore==1.34.27' pytest
OLDEST_TESTS := tests/test_registration.py tests/test_server_mode.py \
	tests/test_pytest_plugin.py tests/test_resource_groups_tagging.py tests/test_cloudformation.py

.PHONY: test test-newest test-oldest server lint bench clean

$(BIN)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,server,lint]'
	touch $@

$(OLDEST_BIN)/.installed: setup.cfg pyproject.toml Makefile
	$(PYTHON) -m venv $(OLDEST_VENV)
	$(OLDEST_BIN)/pip install --quiet $(OLDEST_PINS) -e .
	touch $@

test: test-newest test-oldest

test-newest: $(BIN)/.installed
	$(BIN)/python -m pytest -q

test-oldest: $(OLDEST_BIN)/.installed
	$(OLDEST_BIN)/python -m pytest -q $(OLDEST_TESTS)

server: $(BIN)/.installed
	$(BIN)/moto-lookoutequipment-server -H $(HOST) -p $(PORT)

lint: $(BIN)/.installed
	$(BIN)/ruff check moto_lookoutequipment tests benchmarks
	$(BIN)/ruff format --check moto_lookoutequipment tests benchmarks
	$(BIN)/mypy

bench: $(BIN)/.installed
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) $(OLDEST_VENV) build dist *.egg-info
