# Redaction benchmark. Included by the top-level Makefile (`-include mk/*.mk`); uses its VENV and PY.
#
#   make bench-redaction   addons.redaction on bench/redaction_corpus.yml (dev) and
#                          bench/redaction_holdout.yml (held out: aggregate figures only);
#                          writes results/bench/redaction.json (see results/bench/redaction.md)
#   make test-redaction    tests/test_redaction.py (unit tests and the issue's figures on the dev corpus)
# Needs no model and no server: seconds, not minutes.

.PHONY: bench-redaction test-redaction

bench-redaction: $(VENV)/.installed
	@$(PY) bench/redaction_bench.py --corpus both --json results/bench/redaction.json --label current

test-redaction: $(VENV)/.installed
	@$(PY) -m pytest tests/test_redaction.py -q
