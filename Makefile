# Every target bootstraps .venv (python3 -m venv + the project with its
# extras) when it is missing or pyproject.toml changed, so a fresh clone
# needs nothing else first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

export MPLBACKEND := Agg
# Idle BLAS/OpenMP threads spinning on 2 shared cores skew timings.
BENCH_ENV := OPENBLAS_THREAD_TIMEOUT=4 OMP_WAIT_POLICY=PASSIVE

.PHONY: all venv test gallery docs serve bench sklearn-tests clean

all: test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,docs,video]'
	touch $(STAMP)

venv: $(STAMP)

test: $(STAMP)
	$(BIN)/python -m pytest

# The main job: the documentation site. sphinx-gallery runs every
# gallery/**/plot_*.py into docs/auto_examples, the lessons of a family side
# by side (one per core, conf.py's "parallel"); -j auto reads and writes the
# pages in parallel too.
gallery: $(STAMP)
	$(BIN)/python -m sphinx -j auto -W --keep-going -b html . docs/_build/html
	@echo "Built: open docs/_build/html/index.html, or run 'make serve'."

# Serve the built site locally (building it first if there is none).
PORT ?= 8000
serve: $(STAMP)
	@test -f docs/_build/html/index.html || $(MAKE) --no-print-directory gallery
	@echo "Serving docs/_build/html at http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory docs/_build/html $(PORT)

docs: gallery

bench: $(STAMP)
	$(BENCH_ENV) $(BIN)/python bench/bench_fit.py
	$(BENCH_ENV) $(BIN)/python bench/bench_descent.py
	$(BENCH_ENV) $(BIN)/python bench/bench_render.py

# scikit-learn's own tests of the shared estimators, run on Skratch's: the
# pass rate and the most common failure causes; every case as JSON in /tmp.
sklearn-tests: $(STAMP)
	$(BIN)/python bench/sklearn_own_tests/run.py

clean:
	rm -rf docs/_build docs/generated docs/auto_examples .pytest_cache
