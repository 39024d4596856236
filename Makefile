PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

# The oldest moto the package supports, with the boto3 of its day, in a second virtualenv.
OLDEST_VENV := .venv-moto50
OLDEST_BIN := $(OLDEST_VENV)/bin
OLDEST_PINS := 'moto[server]==5.0.0' 'boto3==1.34.27' 'botocore==1.34.27' pytest freezegun
# A virtualenv holding only the built wheel (with its server extra) and pytest.
DIST_VENV := .venv-dist
IMAGE ?= moto-lookoutequipment

OLDEST_TESTS := tests/test_registration.py tests/test_server_mode.py \
	tests/test_pytest_plugin.py tests/test_resource_groups_tagging.py tests/test_cloudformation.py \
	tests/test_in_process_calls.py

# The suite a second time against moto's server in another process, as moto's own CI runs it:
# moto reads TEST_SERVER_MODE when it is imported and then sends every mock_aws call to
# TEST_SERVER_MODE_ENDPOINT. Tests marked in_process are skipped there.
SERVER_MODE_LOG := $(VENV)/server-mode.log
FREE_PORT := import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])
ANSWERS := import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2).read()

.PHONY: test test-newest test-server-mode test-oldest server lint bench dist image clean

$(BIN)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,server,lint,release]'
	touch $@

$(OLDEST_BIN)/.installed: setup.cfg pyproject.toml Makefile
	$(PYTHON) -m venv $(OLDEST_VENV)
	$(OLDEST_BIN)/pip install --quiet $(OLDEST_PINS) -e .
	touch $@

test: test-newest test-server-mode test-oldest

test-newest: $(BIN)/.installed
	$(BIN)/python -m pytest -q

test-server-mode: $(BIN)/.installed
	@port=$$($(BIN)/python -c '$(FREE_PORT)'); url=http://127.0.0.1:$$port; \
	$(BIN)/moto-lookoutequipment-server -H 127.0.0.1 -p $$port >$(SERVER_MODE_LOG) 2>&1 & \
	pid=$$!; trap 'kill $$pid 2>/dev/null; wait $$pid 2>/dev/null' EXIT INT TERM; \
	tries=0; until $(BIN)/python -c '$(ANSWERS)' $$url/moto-api/data.json 2>/dev/null; do \
		tries=$$((tries + 1)); \
		if [ $$tries -ge 300 ] || ! kill -0 $$pid 2>/dev/null; then \
			echo "the server did not answer on $$url; see $(SERVER_MODE_LOG)" >&2; exit 1; \
		fi; sleep 0.2; \
	done; \
	echo "server mode: $$url (log in $(SERVER_MODE_LOG))"; \
	TEST_SERVER_MODE=true TEST_SERVER_MODE_ENDPOINT=$$url $(BIN)/python -m pytest -q

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

# Build the sdist and the wheel, check them with twine, install the wheel alone into a clean
# virtualenv and check its server and pytest plugin there; build the image where docker runs.
dist: $(BIN)/.installed
	rm -rf dist build $(DIST_VENV)
	$(BIN)/python -m build --outdir dist . > build.log 2>&1 || (cat build.log; exit 1)
	rm -f build.log
	$(BIN)/twine check --strict dist/*
	$(PYTHON) -m venv $(DIST_VENV)
	$(DIST_VENV)/bin/pip install --quiet "$$(ls dist/*.whl)[server]" pytest
	$(DIST_VENV)/bin/python .ci/check_dist.py dist/*.whl
	@if docker info > /dev/null 2>&1; then \
		$(MAKE) image; \
	else \
		echo "docker: no engine answers here, so the image was not built (make image builds it)"; \
	fi

image:
	docker build -t $(IMAGE) .

clean:
	rm -rf $(VENV) $(OLDEST_VENV) $(DIST_VENV) build dist *.egg-info
