# The two commands of the README's quick start:  make build  and  make test.
# On first run they create .venv with tools/pinned_venv.py (the pinned, hashed pip and setuptools of
# requirements-installer.lock first, then the hashed requirements-dev.lock, then this project without build
# isolation) and install the few Debian packages the build needs (as root; otherwise they print the apt-get line).
# `make build` installs the dev lock too: one venv serves build and test, and the dev lock is compiled against
# requirements.lock, so the runtime packages are the same versions either way. requirements.lock alone is for
# installing the runtime elsewhere (`pip install --require-hashes -r requirements.lock` then `pip install .`).
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
LOCKS := requirements-installer.lock requirements.lock requirements-dev.lock
STAMP := $(VENV)/.installed-$(shell cat $(LOCKS) pyproject.toml | sha1sum | cut -c1-12)
export NO_MKDOCS_2_WARNING := 1

# libharfbuzz-subset0: WeasyPrint subsets fonts with HarfBuzz (5x faster than fontTools, and reproducible).
# libpango-1.0-0, libpangoft2-1.0-0: WeasyPrint's text layout.
BUILD_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
# chromium: the browser tests; poppler-utils: pdftoppm turns PDF pages into pictures; zbar-tools: zbarimg reads
# the QR codes printed on the PDFs back, as a phone would; nodejs: the browser scripts' pure cores under Node's own
# test runner (tests/js/), against the same examples as Python.
TEST_DEBS := chromium poppler-utils zbar-tools nodejs
# ESLint for the browser scripts, exactly as package-lock.json pins it: npm ci installs it into node_modules/ and
# checks each package's integrity hash; again only when the lock changes.
NODE_STAMP := node_modules/.installed-$(shell cat package.json package-lock.json | sha1sum | cut -c1-12)

.PHONY: build test lint check serve manual clean lock
build: $(STAMP)
	$(PY) build.py $(BUILD_ARGS)

check: $(STAMP)
	$(PY) build.py check

serve: $(STAMP)
	$(PY) build.py serve

# The manual (docs/*.md) as a site, strictly, with the project's engine and theme: build/manual/index.html.
manual: $(STAMP)
	$(PY) -m properdocs build --strict -f manual.yml

test: $(STAMP)
	@$(MAKE) --no-print-directory debs DEBS="$(TEST_DEBS)"
	$(PY) -m ruff check handouts tests build.py bench docs tools
	$(PY) -m mypy
	@$(MAKE) --no-print-directory lint
	$(PY) -m pytest -n 2 --dist loadgroup
	node --test tests/js/

# The browser scripts (templates/assets/*.js, templates/sw.js) and their node tests, by eslint.config.js.
lint: $(NODE_STAMP)
	npx --no-install eslint

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { echo "Please install npm (it comes with Node.js) for the lint" >&2; exit 1; }
	npm ci --no-audit --no-fund
	touch $@

$(STAMP): $(LOCKS) pyproject.toml
	@$(MAKE) --no-print-directory debs DEBS="$(BUILD_DEBS)"
	python3 tools/pinned_venv.py $(VENV) requirements-dev.lock --editable .
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

# Rewrite both locks from pyproject.toml after its dependencies change, with pip-tools in a throwaway venv.
# The pins already in the locks stay; to move one: make lock LOCK_ARGS="--upgrade-package NAME".
LOCK_VENV := .cache/pip-tools
PIP_COMPILE = $(LOCK_VENV)/bin/pip-compile -q --generate-hashes --strip-extras --no-header --no-emit-index-url \
	--no-emit-find-links $(LOCK_ARGS)
# The comment block at the top of a lock is ours (pip-compile writes none with --no-header): keep it. Its copy
# waits in the (ignored) tool venv, never beside the lock, where a commit could pick it up.
compile_lock = sed -n '/^\#/!q;p' $(1) > $(LOCK_VENV)/header && $(PIP_COMPILE) $(3) -o $(1) $(2) \
	&& { cat $(LOCK_VENV)/header; echo; cat $(1); } > $(LOCK_VENV)/lock && mv $(LOCK_VENV)/lock $(1)
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || \
	  { python3 -m venv $(LOCK_VENV) && $(LOCK_VENV)/bin/pip install -q pip-tools==7.6.2; }
	$(call compile_lock,requirements-installer.lock,requirements-installer.in,--allow-unsafe)
	$(call compile_lock,requirements.lock,pyproject.toml,)
	$(call compile_lock,requirements-dev.lock,pyproject.toml,--extra test -c requirements.lock)
