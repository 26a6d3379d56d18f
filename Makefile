# Two commands for a newcomer on Debian/Ubuntu:  make demo  and  make test.
# Each installs what it lacks (system packages through apt, Python packages into .venv) and is safe to re-run.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

# Debian/Ubuntu packages: WeasyPrint's Pango and HarfBuzz, fonts for PDFs and pages, gettext for the
# translation catalogues; the tests also need Chromium (driven by Playwright), poppler's pdftotext, and nginx
# with openssl (the deployment recipe is tested behind a real proxy); sqlite3 and postgresql-client for the backup
# scripts in docs/operations/.
SYSTEM_PACKAGES_RUN := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-liberation gettext sqlite3
SYSTEM_PACKAGES_TEST := $(SYSTEM_PACKAGES_RUN) chromium chromium-driver poppler-utils nginx-light openssl wrk postgresql-client

.PHONY: demo serve test test-fast lint messages system-run system-test venv clean-demo

demo: system-run venv messages
	$(PY) manage.py migrate --no-input -v 0
	$(PY) manage.py collectstatic --no-input -v 0
	$(PY) manage.py load_demo
	$(PY) manage.py runserver --insecure $(HOST):$(PORT)

serve: venv
	$(PY) manage.py runserver --insecure $(HOST):$(PORT)

# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process.
TEST_WORKERS ?= auto
test: system-test venv messages
	$(PY) -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: venv
	$(VENV)/bin/ruff check .

# Compile the PL/CS/EN catalogues (the .mo files are build output, not committed).
messages: venv
	cd federation && ../$(PY) ../manage.py compilemessages -v 0

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || $(MAKE) --no-print-directory apt PACKAGES=python3-venv
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r requirements.txt
	touch $@

system-run:
	@$(MAKE) --no-print-directory apt PACKAGES="$(SYSTEM_PACKAGES_RUN)"

system-test:
	@$(MAKE) --no-print-directory apt PACKAGES="$(SYSTEM_PACKAGES_TEST)"

# Install only the packages that are missing; apt-get runs (through sudo when not root) only if needed.
.PHONY: apt
apt:
	@missing=""; for p in $(PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing system packages:$$missing"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

clean-demo:
	rm -f db.sqlite3
	rm -rf media

# Benchmark: render the PDF of a ten-page position signed by 60 associations, and serve the stored file
# (throwaway SQLite database; results in bench/results/pdf.json).
.PHONY: bench-pdf
bench-pdf: venv
	$(PY) bench/pdf.py

# Benchmark: every public page type through gunicorn (2 workers) under wrk, uncached and with the page cache,
# on SQLite and, when DATABASE_URL is set, on PostgreSQL (throwaway databases built by seed_scale).
# BENCH_SIZE=small for a quick check; results in bench/results/<timestamp>-<database>.json (bench/README.md).
.PHONY: bench
bench: venv messages
	@$(MAKE) --no-print-directory apt PACKAGES="$(SYSTEM_PACKAGES_RUN) wrk"
	$(PY) bench/run.py $(BENCH_ARGS)
