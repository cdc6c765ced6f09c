# Chat widget and demo page (web/). Included by the top-level Makefile:
#     include mk/web.mk
#     run: web ...        test: web ...
#
#   make web        install npm packages (from web/package-lock.json) and build web/dist
#   make lint-js    eslint: the widget against its browser baseline (web/package.json browserslist)
#   make test-js    node --test web/test/*.test.mjs (the widget's pure parts: links, strings, storage)
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
# The widget's text box limit comes from defaults.env (one place for every limit), unless the
# including Makefile or the command line set it.
WEB_DEFAULTS := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))../defaults.env)
WIDGET_MAX_CHARS ?= $(shell sed -n 's/^WIDGET_MAX_CHARS=//p' $(WEB_DEFAULTS))
# The widget's sources, in the order they are joined into dist/widget.js (one classic script).
WEB_JS_SRC := $(addprefix $(WEB_DIR)/src/widget/,config.js links.js storage.js dom.js panel.js main.js)
# npm ci when there is a lock file, npm install (which writes one) when there is not.
WEB_NPM_INSTALL := $(if $(wildcard $(WEB_DIR)/package-lock.json),ci,install)
WEB_SASS_FLAGS  := --no-source-map --no-error-css --style=compressed --quiet-deps --load-path=$(WEB_NM)

WEB_PAGES   := $(patsubst $(WEB_DIR)/src/%,$(WEB_DIST)/%,$(wildcard $(WEB_DIR)/src/*.html))
WEB_OUTPUTS := $(WEB_PAGES) $(WEB_DIST)/widget.js $(WEB_DIST)/widget.css $(WEB_DIST)/site.css

.PHONY: web web-serve web-clean web-distclean lint-js test-js

web: $(WEB_OUTPUTS)
	@echo "web: built $(WEB_DIST) ($(notdir $(WEB_OUTPUTS)))"

# npm writes node_modules/.package-lock.json on every install: use it as the stamp.
$(WEB_NM)/.package-lock.json: $(WEB_DIR)/package.json $(wildcard $(WEB_DIR)/package-lock.json)
	@echo "web: npm $(WEB_NPM_INSTALL) (govuk-frontend, sass, axe-core, eslint)"
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

$(WEB_PAGES): $(WEB_DIST)/%: $(WEB_DIR)/src/% | $(WEB_DIST)
	@echo "web: copy $< -> $@"
	@cp $< $@.tmp && mv $@.tmp $@

# One IIFE around the sources; WIDGET_BUILD carries the build-time settings (maxChars: N).
$(WEB_DIST)/widget.js: $(WEB_JS_SRC) $(WEB_DEFAULTS) $(lastword $(MAKEFILE_LIST)) | $(WEB_DIST)
	@case "$(WIDGET_MAX_CHARS)" in ''|*[!0-9]*|0*) \
	  echo "web: WIDGET_MAX_CHARS must be a positive whole number (defaults.env), not '$(WIDGET_MAX_CHARS)'" >&2; exit 1;; esac
	@echo "web: widget.js from $(notdir $(WEB_JS_SRC)) (maxChars $(WIDGET_MAX_CHARS))"
	@{ printf '/* ACT signpost assistant chat widget. Built by mk/web.mk from web/src/widget/: edit those. */\n'; \
	   printf '(function () {\n"use strict";\n\nvar WIDGET_BUILD = { maxChars: %s };\n' "$(WIDGET_MAX_CHARS)"; \
	   for f in $(WEB_JS_SRC); do printf '\n/* ---- %s ---- */\n' "$${f##*/}"; cat "$$f"; done; \
	   printf '})();\n'; } > $@.tmp && mv $@.tmp $@

# The sources, the served file and the unit tests; the widget against the browser baseline.
lint-js: $(WEB_NM)/.package-lock.json $(WEB_DIST)/widget.js
	@cd $(WEB_DIR) && BROWSERSLIST_IGNORE_OLD_DATA=1 node_modules/.bin/eslint --max-warnings 0 src/widget test dist/widget.js eslint.config.mjs
	@echo "web: eslint clean (baseline: $$(node -p "require('./$(WEB_DIR)/package.json').browserslist.join(', ')"))"

test-js: $(WEB_JS_SRC)
	@node --test $(WEB_DIR)/test/*.test.mjs

web-serve: web
	$(WEB_PYTHON) $(WEB_DIR)/serve.py --port $(WEB_PORT) --dir $(WEB_DIST) --rasa-url $(RASA_URL)

web-clean:
	rm -rf $(WEB_DIST)

web-distclean: web-clean
	rm -rf $(WEB_NM)
