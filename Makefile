# The ACT signpost assistant. `make run` starts everything; `make test` runs every test.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
RASA := $(PY) -m addons.rasa_command  # `rasa`, without the jax it does not use (addons/rasa_command.py)
MODEL := models/act-signpost.tar.gz

# Every default port and limit (defaults.env); override on the command line, e.g. `make run RASA_PORT=5006`.
include defaults.env
export RASA_PORT ACTIONS_PORT WEB_PORT
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2

TRAINING_INPUTS := config.yml domain.yml data/nlu.yml data/rules.yml data/stories.yml $(wildcard addons/nlu/*.py) $(wildcard addons/dialogue/*.py) \
                   $(VENV)/.spacy-built

.PHONY: setup spacy train run test lint shell bench lock clean
.DEFAULT_GOAL := run

setup: $(VENV)/.installed
$(VENV)/.installed: requirements.txt requirements-model.txt constraints.txt scripts/setup_venv.sh scripts/find_python310.sh
	@bash scripts/setup_venv.sh
	@touch $@

spacy: $(VENV)/.spacy-built
$(VENV)/.spacy-built: $(VENV)/.installed nlp/terms.yml nlp/build_pipeline.py
	@$(PY) nlp/build_pipeline.py --out build/spacy
	@touch $@

# Retrains only when training data, config, domain, custom components or the spaCy pipeline change.
train: $(MODEL)
$(MODEL): $(TRAINING_INPUTS)
	@echo "==> Training the model (about 2 minutes)"
	@$(RASA) train --fixed-model-name act-signpost --out models --force
	@touch $@

run: $(MODEL) web
	@$(PY) scripts/run_assistant.py

test: lint $(MODEL) web
	@$(PY) -m pytest

# Python (ruff check and format) and the widget against its browser baseline (eslint, mk/web.mk).
lint: $(VENV)/.installed lint-js
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/ruff format --check .

shell: $(MODEL)
	@$(PY) scripts/run_assistant.py --shell

bench: $(MODEL) web
	@$(PY) bench/run_bench.py
	@$(PY) bench/redaction_bench.py --corpus both --json results/bench/redaction.json --label current
	@$(PY) bench/language_bench.py
	@$(PY) bench/heldout_eval.py

# Re-pin every dependency after changing requirements.txt.
lock: $(VENV)/.installed
	@{ echo "# Exact versions of every Python package (pip freeze of a working venv). Regenerate with: make lock"; \
	   $(PY) -m pip freeze --exclude-editable | grep -v '^en-ctp-signpost'; } > constraints.txt

clean:
	rm -rf models build .pytest_cache results/tmp

-include mk/*.mk
