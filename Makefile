PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

# The oldest moto the package supports, with the boto3 of its day, in a second virtualenv.
OLDEST_VENV := .venv-moto50
OLDEST_BIN := $(OLDEST_VENV)/bin
OLDEST_PINS := 'moto[server]==5.0.0' 'boto3==1.34.27' 'botocore==1.34.27' pytest
# A virtualenv holding only the built wheel (with its server extra) and pytest.
DIST_VENV := .venv-dist
IMAGE ?= moto-lookoutequipment

OLDEST_TESTS := tests/test_registration.py tests/test_server_mode.py \
	tests/test_pytest_plugin.py tests/test_resource_groups_tagging.py tests/test_cloudformation.py

.PHONY: test test-newest test-oldest server lint bench dist image clean

$(BIN)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,server,lint,release]'
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
