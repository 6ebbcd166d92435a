# One task runner for humans and CI. `make demo` and `make test` work on a fresh
# machine with only Python 3.11: they create .venv and install everything first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: install demo test lint typecheck pytest bench quality schema constraints clean

install: $(STAMP)

# torch first, pinned to the CPU build, so nothing later can pull a CUDA build.
$(STAMP): pyproject.toml requirements/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -c requirements/constraints.txt -e ".[nlp,web,dev]"
	touch $(STAMP)

demo: install
	rm -f demo.db demo.db-wal demo.db-shm
	$(BIN)/rashomon analyze examples/corpus --db demo.db --export demo-export.json
	$(BIN)/rashomon report --html demo-report.html --db demo.db
	@echo "Open demo-report.html in a browser (it works offline), or start the web app:"
	@echo "  $(BIN)/rashomon serve --db demo.db --open"

test: lint typecheck pytest

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: install
	$(BIN)/mypy

pytest: install
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: install
	$(BIN)/python benchmarks/ingest_throughput.py
	$(BIN)/python benchmarks/html_extraction.py
	$(BIN)/python benchmarks/stories_quality.py
	$(BIN)/python benchmarks/stories_embedding_choice.py
	$(BIN)/python benchmarks/stories_scaling.py
	$(BIN)/python benchmarks/compare_quality.py
	$(BIN)/python benchmarks/compare_scaling.py
	$(BIN)/python benchmarks/analyze_throughput.py
	$(BIN)/python benchmarks/web_pages.py
	cd benchmarks && ../$(BIN)/python timeline_scaling.py

schema: install
	$(BIN)/rashomon schema > docs/export.schema.json

constraints: install
	(echo "# Exact versions for reproducible installs: pip install -c requirements/constraints.txt ..."; \
	 echo "# Regenerate with: make constraints (after changing pyproject.toml)"; \
	 $(BIN)/pip freeze --exclude-editable | sed 's/^torch==2.13.0+cpu$$/torch==2.13.0/') \
	 > requirements/constraints.txt

clean:
	rm -rf $(VENV) demo.db* demo-export.json demo-report.html .pytest_cache .mypy_cache .ruff_cache
