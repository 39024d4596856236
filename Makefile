PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: test server lint bench clean

$(BIN)/.installed: setup.cfg pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,server,lint]'
	touch $@

test: $(BIN)/.installed
	$(BIN)/python -m pytest -q

server: $(BIN)/.installed
	$(BIN)/moto-lookoutequipment-server -H $(HOST) -p $(PORT)

lint: $(BIN)/.installed
	$(BIN)/ruff check moto_lookoutequipment tests benchmarks
	$(BIN)/mypy

bench: $(BIN)/.installed
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) build dist *.egg-info
