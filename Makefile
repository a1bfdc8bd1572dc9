# Two commands: `make run` serves the portal, `make test` runs the whole suite (`make lint`
# checks style and the apps' layers).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install lint lock bench-booking

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	touch $(STAMP)

# axe-core (package.json) is a test tool for the browser tests' accessibility checks; where
# npm is missing those tests skip and say how to install it.
NODE_STAMP := node_modules/.installed

# A failed npm (no registry reachable) leaves those tests skipped, never the suite unrun.
$(NODE_STAMP): package.json package-lock.json
	@if npm ci --no-audit --no-fund --loglevel=error; then touch $(NODE_STAMP); \
	else echo "npm ci failed: the accessibility (axe-core) browser tests will skip"; fi

install: $(STAMP)
	@if command -v npm >/dev/null; then $(MAKE) --no-print-directory $(NODE_STAMP); \
	else echo "npm not found: the accessibility (axe-core) browser tests will skip"; fi

run: install
	$(PY) -m hajjportal.devrun

# Embedded PostgreSQL and Redis start unless DATABASE_URL / REDIS_URL point at servers.
test: install
	TESTING=1 $(PY) -m hajjportal.embedded --profile test -- $(PY) -m pytest $(PYTEST_ARGS)

# Style (ruff) and the apps' one-way layers (import-linter, [tool.importlinter] in pyproject).
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# Regenerate the pinned lock file after editing pyproject.toml (needs uv in the venv).
lock:
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --universal --python-version 3.11 \
		--quiet -o requirements.lock
