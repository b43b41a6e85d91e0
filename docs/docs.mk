# Documentation (included by the top-level Makefile).
#   make docs         HTML API reference + guide in $(B)/docs/html
#   make check-docs   the same, failing on any doxygen warning (undocumented
#                     item, missing @param, doc error), listing them all
DOXYGEN ?= doxygen
DOCS_OUT := $(B)/docs
DOXY_ENV := IOPT_DOCS_OUT=$(DOCS_OUT) IOPT_DOCS_VERSION=$(VERSION)

.PHONY: docs check-docs

docs:
	@mkdir -p $(DOCS_OUT)
	$(DOXY_ENV) $(DOXYGEN) docs/Doxyfile
	@echo "docs: open $(DOCS_OUT)/html/index.html"

# WARN_AS_ERROR=YES stops at the first warning; for the check, collect every
# warning first (FAIL_ON_WARNINGS), then fail if there was any.
check-docs:
	@rm -rf $(DOCS_OUT) && mkdir -p $(DOCS_OUT)
	@rc=0; { cat docs/Doxyfile; echo "WARN_AS_ERROR = FAIL_ON_WARNINGS"; \
	   echo "WARN_LOGFILE = $(DOCS_OUT)/warnings.log"; } | \
		$(DOXY_ENV) $(DOXYGEN) - || rc=$$?; \
	if [ -s $(DOCS_OUT)/warnings.log ]; then \
		cat $(DOCS_OUT)/warnings.log; \
		echo "check-docs: FAILED: $$(grep -c ': warning:\|: error:' $(DOCS_OUT)/warnings.log) doxygen warning(s), see above"; \
		exit 1; \
	elif [ $$rc -ne 0 ] || [ ! -f $(DOCS_OUT)/html/index.html ]; then \
		echo "check-docs: FAILED: doxygen exited with $$rc"; exit 1; \
	fi
	@echo "check-docs: OK (no doxygen warnings)"
