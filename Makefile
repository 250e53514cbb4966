# Every target works from a fresh clone with only the system python3: the virtualenv is created
# (and the project installed into it) the first time a target needs it.
PYTHON ?= python3
, := ,
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install test lint demo bench soak screenshots lambda-bundle llm-local clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

test: $(STAMP)
	@bash scripts/install_chromium.sh
	@bash scripts/install_dovecot.sh
	$(BIN)/python -m pytest -q -n auto

screenshots: $(STAMP)
	@bash scripts/install_chromium.sh
	REPFLOW_SCREENSHOTS=1 $(BIN)/python -m pytest -q tests/dashboard/test_browser.py

lint: $(STAMP)
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/mypy
	$(BIN)/cfn-lint infra/template.yaml

demo: $(STAMP)
	@rm -rf demo-out && mkdir -p demo-out
	$(BIN)/repflow process examples/inbox --config examples/repflow.toml \
		--db demo-out/repflow.db --outbox demo-out/outbox
	@echo
	@echo "Replies sent on the creator's behalf: demo-out/outbox/ (one .eml each)."
	@echo "Leads and deals: $(BIN)/repflow leads --db demo-out/repflow.db"
	@echo "                 $(BIN)/repflow deals --db demo-out/repflow.db"
	@echo "Dashboard:       $(BIN)/repflow creators add maya@example.com --creator maya --db demo-out/repflow.db"
	@echo "                 API_AUTH_TOKEN=dev REPFLOW_OUTBOX=demo-out/outbox $(BIN)/repflow serve --db demo-out/repflow.db"
	@echo "                 then open http://127.0.0.1:8000/dashboard/ and sign in"

bench: $(STAMP)
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/process.py
	$(BIN)/python bench/eval_heuristic.py
	$(BIN)/python bench/eval_wave2.py
	$(BIN)/python bench/handler_import.py
	$(BIN)/python bench/regex_speed.py
	$(BIN)/python bench/language.py
	@bash scripts/install_dovecot.sh
	$(BIN)/python bench/imap.py

# atheris (coverage-guided fuzzing) is installed here only, not as a test dependency: it ships
# manylinux wheels, but builds from source (needing clang) where none fits.
soak: $(STAMP)
	@bash scripts/install_wrk.sh
	$(BIN)/python -m pip install --quiet 'atheris>=2.3'
	$(BIN)/python bench/soak.py
	$(BIN)/python bench/fuzz_atheris.py

# Opt-in: builds llama-cpp-python's server (compiles llama.cpp: several minutes) and runs the LLM
# engine end to end on SmolLM2-135M-Instruct on loopback (docs/llm.md). LLM_LOCAL_WRITE=1 records
# the figures in bench/RESULTS.md.
llm-local: $(STAMP)
	@bash scripts/llm_local.sh $(BIN)/python

lambda-bundle: $(STAMP)
	$(BIN)/python scripts/lambda_bundle.py --arch $(or $(ARCH),arm64) \
		--extras $(if $(LLM),lambda$(,)llm,lambda)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache demo-out .llm-local
