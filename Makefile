# Satsa — the two commands a fresh machine needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
STAMP := $(VENV)/.installed
TESTSTAMP := $(VENV)/.installed-test
FLASK := $(BIN)/flask --app webapp

.PHONY: run test test-db bench lint translations install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

install: $(STAMP) translations

translations: $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d webapp/translations --statistics 2>&1 | tail -n 1

run: install
	$(FLASK) init-db
	$(FLASK) seed-demo --if-empty
	@echo "Satsa is served on http://127.0.0.1:$(PORT)"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

$(TESTSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(TESTSTAMP)

# Debian's Chromium drives the browser tests (Playwright's own browser download is not used).
/usr/bin/chromium:
	@if [ "$$(id -u)" = "0" ]; then \
	  (apt-get install -y -qq chromium >/dev/null 2>&1 || \
	   (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)); \
	else \
	  echo "Install Debian's chromium package (sudo apt-get install chromium)"; exit 1; \
	fi

test: $(TESTSTAMP) translations /usr/bin/chromium
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q -p no:cacheprovider

# The database tests only (CI runs them again against PostgreSQL with DATABASE_URL set).
test-db: $(TESTSTAMP) translations
	$(BIN)/python -m pytest -q -p no:cacheprovider -m db tests/integration

bench: $(TESTSTAMP) translations
	$(BIN)/python -m bench.run

lint: $(TESTSTAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Refresh the message catalogue after changing user-visible strings.
extract: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_gettext --no-location --sort-output --ignore-dirs ".*" -o webapp/translations/messages.pot .
	$(BIN)/pybabel update -i webapp/translations/messages.pot -d webapp/translations --no-fuzzy-matching --width 100 --ignore-obsolete

clean:
	rm -rf $(VENV) .pytest_cache
