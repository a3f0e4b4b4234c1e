# Académie de l'IA — every target sets up what it needs on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp
CHROMIUM := /usr/bin/chromium
NGINX := /usr/sbin/nginx
WRK := /usr/bin/wrk
PORT ?= 8080
BWRAP := /usr/bin/bwrap

.PHONY: build test lint grammalecte serve check bench weight schemas chromium fonts bubblewrap clean serve-prod bench-serve nginx wrk

build: $(STAMP) $(NODE_STAMP) fonts bubblewrap
	$(BIN)/academie build

check: $(STAMP) grammalecte
	$(BIN)/academie check

test: lint $(STAMP) $(NODE_STAMP) fonts chromium grammalecte nginx bubblewrap
	$(BIN)/python -m pytest

# Style and types: ruff (lint and format) on the whole project, mypy --strict on src/academie.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

serve: $(STAMP) bubblewrap
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --livereload

# The built site as a host serves it: Debian's nginx in the foreground, with the configuration that
# `academie build` writes (security headers, precompressed files, cache lifetimes, HTTP redirects).
serve-prod: build nginx
	$(BIN)/python -m academie.site.serving build/site --port $(PORT)

# wrk against that nginx on loopback: a lesson page and a style sheet, 10 s each.
bench-serve: build nginx wrk
	$(BIN)/python bench/serve.py build/site

# Chromium weighs each generator's first visit of a lesson page (bench/weight.py).
bench: $(STAMP) $(NODE_STAMP) fonts chromium bubblewrap
	$(BIN)/python -m pip install --quiet --editable '.[test,bench]' || echo "Zensical ne s’installe pas : mesuré sans lui."
	$(BIN)/python bench/bench.py

weight: build chromium
	$(BIN)/python bench/weight.py

schemas: $(STAMP)
	$(BIN)/academie schemas

# The virtual environment, reinstalled when pyproject.toml changes.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[test]'
	touch $(STAMP)

# Browser files vendored into the site and the packs (iframe-worker shim), from the npm registry.
$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(NODE_STAMP)

# The link-preview cards are drawn with Debian's DejaVu fonts (nothing is fetched at build time).
fonts:
	@test -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf || { \
	  echo "Installation des polices DejaVu (Debian)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-dejavu-core >/dev/null; }

# Browser tests use Debian's Chromium; Playwright never downloads a browser of its own.
chromium:
	@test -x $(CHROMIUM) || { \
	  echo "Installation de Chromium (Debian)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# Notebooks run in Debian's bubblewrap sandbox: no network, nothing writable but a scratch folder (docs/CARNETS.md).
bubblewrap:
	@test -x $(BWRAP) || { \
	  echo "Installation de bubblewrap (Debian)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap >/dev/null; }

# The French of the lessons is checked with Debian's Grammalecte (pure Python, loaded by academie).
grammalecte:
	@test -f /usr/lib/python3/dist-packages/grammalecte/__init__.py || { \
	  echo "Installation de Grammalecte (Debian)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-grammalecte >/dev/null; }

# The production web server and the load generator, from Debian, like Chromium.
nginx:
	@test -x $(NGINX) || { \
	  echo "Installation de nginx (Debian)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null; }

wrk:
	@test -x $(WRK) || { \
	  echo "Installation de wrk (Debian)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

clean:
	rm -rf build .pytest_cache
