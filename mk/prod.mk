# Production profile, load benchmark and dependency audit. Included by the top-level Makefile
# (`-include mk/*.mk`); uses its VENV, PY and MODEL.
#
#   make run-prod       Redis + PROD_REPLICAS Rasa replicas + as many action servers + nginx + Prometheus,
#                       all on loopback; nginx (the only public side) on PROD_HOST:PROD_PORT; Prometheus
#                       (alerts) on 127.0.0.1:PROD_PROMETHEUS_PORT. Ctrl-C stops all.
#   make prod-check     the same, started, one message sent through nginx, stopped
#   make test-prod      the production tests only (tests/prod, HTTP edge, redaction)
#   make bench-load     load benchmark (creates .venv-load from bench/load/requirements.txt)
#   make audit          pip-audit of constraints.txt (needs a machine that reaches a vulnerability service)
#   make advisories ADVISORY_DB=/path   offline: constraints.txt against a copy of pypa/advisory-database
#
# Defaults (ports, replicas, limits): defaults.env, included by the Makefile; override any of
# them on the command line, e.g. `make run-prod PROD_PORT=9000 PROD_REPLICAS=3`.
# Secrets: REDIS_PASSWORD (Rasa's Redis user), REDIS_ADMIN_PASSWORD (the operator's), from the
# environment (random ones are made for a local run if unset).
# Page origins allowed by CORS: PROD_CORS="https://www.example.gov.uk https://example.police.uk"
# (none by default: the widget page is served by nginx on the same origin).
# Proxies in front of nginx whose X-Forwarded-For is believed: PROD_TRUSTED_PROXIES="10.0.0.0/8".

PROD_TTL_SECONDS    ?= $(CONVERSATION_TTL_SECONDS)
PROD_MAX_BODY       ?= $(MAX_BODY_BYTES)
PROD_CORS           ?=
LOAD_VENV           ?= .venv-load
AUDIT_VENV          ?= .venv-audit

PROD_ARGS = --replicas $(PROD_REPLICAS) --host $(PROD_HOST) --public-port $(PROD_PORT) \
            --rasa-base-port $(PROD_RASA_BASE_PORT) --actions-base-port $(PROD_ACTIONS_BASE_PORT) \
            --actions-lb-port $(PROD_ACTIONS_LB_PORT) --redis-port $(PROD_REDIS_PORT) \
            --rasa-metrics-base-port $(PROD_RASA_METRICS_BASE_PORT) \
            --actions-metrics-base-port $(PROD_ACTIONS_METRICS_BASE_PORT) \
            --prometheus-port $(PROD_PROMETHEUS_PORT) --prometheus-interval $(PROD_PROMETHEUS_INTERVAL) \
            --ttl $(PROD_TTL_SECONDS) --rate $(PROD_RATE) --burst $(PROD_BURST) --max-body $(PROD_MAX_BODY) \
            --model $(MODEL) $(if $(strip $(PROD_CORS)),--cors $(PROD_CORS),) \
            $(if $(strip $(PROD_TRUSTED_PROXIES)),--trusted-proxies $(PROD_TRUSTED_PROXIES),)

.PHONY: run-prod prod-check test-prod bench-load audit advisories

run-prod: $(MODEL) web
	@$(PY) deploy/stack.py up $(PROD_ARGS)

prod-check: $(MODEL)
	@$(PY) deploy/stack.py up --check $(PROD_ARGS)

test-prod: $(MODEL)
	@$(PY) -m pytest tests/prod tests/test_http_edge.py tests/test_redaction.py

$(LOAD_VENV)/.installed: bench/load/requirements.txt scripts/find_python310.sh
	@rm -rf $(LOAD_VENV)
	@$$(bash scripts/find_python310.sh) -m venv $(LOAD_VENV)
	@$(LOAD_VENV)/bin/python -m pip install -q -r bench/load/requirements.txt
	@touch $@

bench-load: $(MODEL) $(LOAD_VENV)/.installed
	@$(PY) bench/load/run_load.py $(BENCH_LOAD_ARGS)

$(AUDIT_VENV)/.installed:
	@rm -rf $(AUDIT_VENV)
	@$$(bash scripts/find_python310.sh) -m venv $(AUDIT_VENV)
	@$(AUDIT_VENV)/bin/python -m pip install -q pip-audit==2.10.1
	@touch $@

# Exit status 1 if a known vulnerability is found. Every package "skipped" means no
# vulnerability service was reachable: that is no result, see docs/SECURITY.md.
audit: $(AUDIT_VENV)/.installed
	@mkdir -p results/security
	@$(AUDIT_VENV)/bin/pip-audit -r constraints.txt --no-deps --disable-pip --progress-spinner off \
	   -f json -o results/security/pip-audit.json; status=$$?; \
	 $(AUDIT_VENV)/bin/python -c 'import json,sys; d=json.load(open("results/security/pip-audit.json"))["dependencies"]; \
	   v=[x for x in d if x.get("vulns")]; s=[x for x in d if x.get("skip_reason")]; \
	   print(f"pip-audit: {len(d)} packages, {len(v)} with known vulnerabilities, {len(s)} not checked"); \
	   [print(" ", x["name"], x["version"], [y["id"] for y in x["vulns"]]) for x in v]; \
	   sys.exit(2 if s and len(s) == len(d) else 0)' || status=$$?; exit $$status

# Offline advisory check (docs/SECURITY.md); ADVISORY_ALLOW: optional file of accepted findings.
advisories:
	@test -n "$(ADVISORY_DB)" || { echo "usage: make advisories ADVISORY_DB=/path (git clone --depth 1 https://github.com/pypa/advisory-database /path)"; exit 2; }
	@$(PY) scripts/check_advisories.py --db "$(ADVISORY_DB)" --json results/security/advisories.json \
	   $(if $(ADVISORY_ALLOW),--allow "$(ADVISORY_ALLOW)",)
