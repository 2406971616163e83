# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/kinerja: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	@touch $@

demo: $(BIN)/kinerja
	$(BIN)/kinerja demo

test: $(BIN)/kinerja
	$(BIN)/pytest -n auto --dist loadscope

lint: $(BIN)/kinerja
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: $(BIN)/kinerja
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/lakin.py
	$(BIN)/python benchmarks/dashboard.py

clean:
	rm -rf $(VENV) *.sqlite3 .pytest_cache
