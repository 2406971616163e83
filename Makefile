# The two set-up commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

# Python caches each module's compiled bytecode (__pycache__) unless
# PYTHONDONTWRITEBYTECODE is set, as it is on some machines (these CI machines among
# them), and uv, unlike pip, compiles nothing at install time. Without the cache every
# Python process compiles Django, kinerja and their libraries from source again: about
# 2 s of CPU per `kinerja` command, paid by every xdist worker and by each of the
# suite's kinerja processes (docs/performance.md). An empty value turns the cache on.
export PYTHONDONTWRITEBYTECODE :=

.PHONY: demo test lint bench clean lock

# Installs exactly the versions (and hashes) of requirements.lock, then kinerja itself.
# uv does the installing (its own pin and hashes taken from the lock by pip): the same
# packages as `pip install -r requirements.lock`, in seconds instead of minutes.
$(BIN)/kinerja: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	sed -n '/^uv==/,/# via/p' requirements.lock > $(VENV)/uv-requirement.txt
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(VENV)/uv-requirement.txt
	$(BIN)/uv pip install --quiet --python $(BIN)/python --require-hashes -r requirements.lock
	$(BIN)/uv pip install --quiet --python $(BIN)/python --no-deps -e .
	@touch $@

# Regenerate requirements.lock from pyproject.toml (after adding or upgrading a
# dependency): every package of the main and dev dependencies, pinned, with hashes.
# Pins already in the file are kept; to upgrade everything, delete it first.
lock:
	test -x $(BIN)/pip-compile || { $(PYTHON) -m venv $(VENV) && $(BIN)/pip install --quiet pip-tools; }
	$(BIN)/pip-compile --quiet --extra dev --generate-hashes --strip-extras \
		--allow-unsafe --no-emit-index-url --no-emit-find-links --no-emit-trusted-host \
		--output-file requirements.lock pyproject.toml

demo: $(BIN)/kinerja
	$(BIN)/kinerja demo

# One xdist worker per core (pytest-xdist's "auto"). One more than the cores was tried:
# a fresh-clone .ci/run took 21 min 34 s with three workers against 20 min 58 s with two
# on the two-core CI machine (docs/performance.md). `make test WORKERS=1` runs the suite
# in one process. The fifteen slowest set-ups and tests are listed at the end of every
# run (CI's log included), so that a test that makes the suite slow is seen at once.
WORKERS ?= auto

test: $(BIN)/kinerja
	$(BIN)/pytest -n $(WORKERS) --dist loadscope --no-loadscope-reorder --durations=15

lint: $(BIN)/kinerja
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: $(BIN)/kinerja
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/lakin.py
	$(BIN)/python benchmarks/dashboard.py

clean:
	rm -rf $(VENV) *.sqlite3 .pytest_cache
