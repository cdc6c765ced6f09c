# Chat widget and demo page (web/). Included by the top-level Makefile:
#     include mk/web.mk
#     run: web ...        test: web ...
#
#   make web        install npm packages (from web/package-lock.json) and build web/dist
#   make web-serve  serve web/dist on WEB_PORT (8080), talking to RASA_URL (http://localhost:5005)
#   make web-clean  remove web/dist (web-distclean also removes web/node_modules)
#
# Every asset is built from npm packages here; nothing is fetched by the page at run time.

WEB_DIR    ?= web
WEB_DIST   := $(WEB_DIR)/dist
WEB_NM     := $(WEB_DIR)/node_modules
WEB_SASS   := $(WEB_NM)/.bin/sass
WEB_PORT   ?= 8080
RASA_URL   ?= http://localhost:$(or $(RASA_PORT),5005)
WEB_PYTHON ?= python3
# npm ci when there is a lock file, npm install (which writes one) when there is not.
WEB_NPM_INSTALL := $(if $(wildcard $(WEB_DIR)/package-lock.json),ci,install)
WEB_SASS_FLAGS  := --no-source-map --no-error-css --style=compressed --quiet-deps --load-path=$(WEB_NM)

WEB_PAGES   := $(patsubst $(WEB_DIR)/src/%,$(WEB_DIST)/%,$(wildcard $(WEB_DIR)/src/*.html))
WEB_OUTPUTS := $(WEB_PAGES) $(WEB_DIST)/widget.js $(WEB_DIST)/widget.css $(WEB_DIST)/site.css

.PHONY: web web-serve web-clean web-distclean

web: $(WEB_OUTPUTS)
	@echo "web: built $(WEB_DIST) ($(notdir $(WEB_OUTPUTS)))"

# npm writes node_modules/.package-lock.json on every install: use it as the stamp.
$(WEB_NM)/.package-lock.json: $(WEB_DIR)/package.json $(wildcard $(WEB_DIR)/package-lock.json)
	@echo "web: npm $(WEB_NPM_INSTALL) (govuk-frontend, sass, axe-core)"
	cd $(WEB_DIR) && npm $(WEB_NPM_INSTALL) --ignore-scripts --no-audit --no-fund --loglevel=warn
	@touch $@

$(WEB_DIST):
	@mkdir -p $@

$(WEB_DIST)/widget.css: $(WEB_DIR)/src/widget.scss $(WEB_DIR)/src/_settings.scss $(WEB_NM)/.package-lock.json | $(WEB_DIST)
	@echo "web: sass $< -> $@"
	@$(WEB_SASS) $(WEB_SASS_FLAGS) $< $@.tmp && mv $@.tmp $@

$(WEB_DIST)/site.css: $(WEB_DIR)/src/site.scss $(WEB_DIR)/src/_settings.scss $(WEB_NM)/.package-lock.json | $(WEB_DIST)
	@echo "web: sass $< -> $@"
	@$(WEB_SASS) $(WEB_SASS_FLAGS) $< $@.tmp && mv $@.tmp $@

$(WEB_DIST)/widget.js $(WEB_PAGES): $(WEB_DIST)/%: $(WEB_DIR)/src/% | $(WEB_DIST)
	@echo "web: copy $< -> $@"
	@cp $< $@.tmp && mv $@.tmp $@

web-serve: web
	$(WEB_PYTHON) $(WEB_DIR)/serve.py --port $(WEB_PORT) --dir $(WEB_DIST) --rasa-url $(RASA_URL)

web-clean:
	rm -rf $(WEB_DIST)

web-distclean: web-clean
	rm -rf $(WEB_NM)
