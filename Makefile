# The README's two commands: `make run` and `make test`. Each sets everything up first, idempotently.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup system venv fonts ocr-models run test bench clean

setup: system venv

system:
	bash scripts/setup-system.sh

$(BIN)/python:
	$(PY) -m venv $(VENV)

# Reinstall only when the project's dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	touch $(STAMP)

# The reduced copy of the form font (GB 2312), made once; see generator/fonts.py.
fonts: $(STAMP)
	$(BIN)/python -m generator.fonts

# The int8 copies of the OCR models (calibrated on generated scans), made once; see
# validators/pdf/ocr_models.py. Without them OCR uses the wheel's float models, slower.
ocr-models: $(STAMP)
	$(BIN)/python -m validators.pdf.ocr_models

venv: $(STAMP) fonts ocr-models

# Starts the HTTP API and web pages on the embedded SQLite default (./data); prints the admin key
# on first start. HOST/PORT can be overridden: make run PORT=8080
HOST ?= 127.0.0.1
PORT ?= 8000
run: setup
	$(BIN)/paperwork serve --host $(HOST) --port $(PORT)

# Lint (ruff) and the import contracts (import-linter, in pyproject.toml) first: a violation fails.
test: setup
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/validate.py
	$(BIN)/python bench/render.py
	$(BIN)/python bench/pdf.py
	$(BIN)/python bench/render_xlsx.py

clean:
	rm -rf $(VENV) .pytest_cache
