# The two commands of the README's quick start:  make build  and  make test.
# On first run they create .venv from the pinned requirements.lock and install the few Debian
# packages the build needs (as root; otherwise they print the apt-get line to run).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements.lock pyproject.toml | sha1sum | cut -c1-12)
export NO_MKDOCS_2_WARNING := 1

# libharfbuzz-subset0: WeasyPrint subsets fonts with HarfBuzz (5x faster than fontTools, and reproducible).
# libpango-1.0-0, libpangoft2-1.0-0: WeasyPrint's text layout.
BUILD_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
# chromium: the browser tests; poppler-utils: pdftoppm turns PDF pages into pictures; zbar-tools: zbarimg reads
# the QR codes printed on the PDFs back, as a phone would.
TEST_DEBS := chromium poppler-utils zbar-tools

.PHONY: build test check serve lint clean
build: $(STAMP)
	$(PY) build.py $(BUILD_ARGS)

check: $(STAMP)
	$(PY) build.py check

serve: $(STAMP)
	$(PY) build.py serve

test: $(STAMP)
	@$(MAKE) --no-print-directory debs DEBS="$(TEST_DEBS)"
	$(PY) -m ruff check handouts tests build.py bench docs
	$(PY) -m pytest -n 2 --dist loadgroup

$(STAMP): requirements.lock pyproject.toml
	@$(MAKE) --no-print-directory debs DEBS="$(BUILD_DEBS)"
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	rm -f $(VENV)/.installed-* && touch $@

# Install missing Debian packages (root only); elsewhere say what to run and stop.
debs:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Please run: sudo apt-get install$$missing" >&2; exit 1; fi; \
	fi

clean:
	rm -rf site .cache/handouts
