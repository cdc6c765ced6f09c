# Conversation insights from the event store (addons/event_broker.py). Included by the top-level
# Makefile; uses its PY and defaults.env (INSIGHTS_DB, INSIGHTS_REVIEW_FILE).
#
#   make insights                          the last 7 days: writes an HTML report, prints its path
#   make insights DAYS=30                  the last 30 days
#   make insights FROM=2026-11-01 TO=2026-11-07
#   make insights INSIGHTS_DB=postgresql://user:pass@127.0.0.1:5240/act   (production's store)
#   make insights-add ID=41 INTENT=ask_what_is_prevent   copy an unanswered question for review

.PHONY: insights insights-add

insights: $(VENV)/.installed
	@$(PY) -m insights.report --db "$(INSIGHTS_DB)" $(if $(FROM),--from $(FROM),) $(if $(TO),--to $(TO),) \
	   $(if $(DAYS),--days $(DAYS),) $(if $(OUT),--out "$(OUT)",)

insights-add: $(VENV)/.installed
	@test -n "$(ID)" -a -n "$(INTENT)" || { echo "usage: make insights-add ID=<question ID from the report> INTENT=<intent>"; exit 2; }
	@$(PY) -m insights.review --db "$(INSIGHTS_DB)" --id "$(ID)" --intent "$(INTENT)" --file "$(INSIGHTS_REVIEW_FILE)"
