# The two commands: `make run` and `make test`. Both are safe to run again.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
RUN_STAMP := $(VENV)/.installed-run
TEST_STAMP := $(VENV)/.installed-test
# Tests run as production does (DEBUG off), so they need a key; this one is for tests only.
TEST_ENV := SECRET_KEY=test-only-key-9f8e7d6c5b4a39281706f5e4d3c2b1a0-not-for-production
# The suite runs in one worker per core (pytest-xdist); a module's tests stay together, so a
# module-scoped fixture (the demo school, a production server) is built once.
TEST_WORKERS ?= auto
PARALLEL := -n $(TEST_WORKERS) --dist loadfile

# What the tests need from the system, installed with apt when missing: each entry is a
# command or path to look for, and the Debian package that provides it. Chromium and a
# Korean font for the browser journeys, npm for axe-core, Redis and pg_dump for the
# production and backup tests.
SYSTEM_NEEDS := chromium=chromium /usr/share/fonts/truetype/nanum=fonts-nanum npm=npm \
	redis-server=redis-server pg_dump=postgresql-client
# axe-core, which the accessibility tests inject into pages, comes from npm (package.json).
NODE_STAMP := node_modules/.installed

# The tests that read the clock, run again at other moments than the suite's own: a year
# end late at night, a leap day in the morning (a day earlier in UTC) and the end of a
# 30-day month (see tests/clock.py).
DATE_SENSITIVE := tests/demo tests/reports tests/feeds/test_feeds.py \
	tests/feeds/test_feeds_personal.py tests/enrolment/test_completion.py \
	tests/enrolment/test_views_completion.py tests/enrolment/test_checkin.py \
	tests/enrolment/test_services.py tests/enrolment/test_views_my_learning.py \
	tests/certificates/test_services.py tests/certificates/test_views_verify.py \
	tests/certificates/test_duties.py tests/organisations/test_training.py \
	tests/certificates/test_tracks.py \
	tests/organisations/test_reassessment.py tests/courses/test_schedule.py \
	tests/enrolment/test_reminders.py tests/enrolment/test_my_learning_cache.py \
	tests/enrolment/test_completion_risk.py tests/courses/test_admin_session_moved.py \
	tests/enrolment/test_teaching_notices.py tests/organisations/test_reassessment_notices.py \
	tests/outbox/test_notices.py tests/enrolment/test_class_messages.py \
	tests/enrolment/test_seat_offers.py
OTHER_DATES := 2027-12-31T23:30:00+09:00 2028-02-29T08:30:00+09:00 2028-04-30T23:30:00+09:00

.PHONY: run test test-suite test-dates check messages demo clean system-packages bench-server bench-contention

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@ $(RUN_STAMP)

# PORT reaches the settings too, so absolute links (feeds, QR codes) use the port served.
run: export PORT := $(PORT)
run: $(RUN_STAMP)
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true $(PY) manage.py load_demo_data --if-empty
	@# The notices due (reminders, e-mails held over the quiet hours) are sent every minute.
	DEBUG=true $(PY) manage.py send_notices --every 60 & notices=$$!; \
	  trap 'kill $$notices' EXIT INT TERM; \
	  DEBUG=true $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: $(TEST_STAMP) check test-suite

check: $(TEST_STAMP)
	$(VENV)/bin/ruff check .
	DEBUG=true $(PY) manage.py check
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run

test-suite: $(TEST_STAMP) system-packages $(NODE_STAMP)
	$(TEST_ENV) $(PY) -m pytest $(PARALLEL) $(PYTEST_ARGS)

test-dates: $(TEST_STAMP) system-packages $(NODE_STAMP)
	@for now in $(OTHER_DATES); do echo "== the date-sensitive tests at $$now"; \
	  SCHOOL_TEST_NOW=$$now $(TEST_ENV) $(PY) -m pytest $(PARALLEL) -q -m "not browser" \
	    $(DATE_SENSITIVE) $(PYTEST_ARGS) || exit 1; done

$(NODE_STAMP): package.json package-lock.json | system-packages
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

system-packages:
	@missing=$$(for need in $(SYSTEM_NEEDS); do probe=$${need%%=*}; \
	  [ -e "$$probe" ] || command -v "$$probe" >/dev/null || echo "$${need#*=}"; done); \
	[ -z "$$missing" ] && exit 0; \
	command -v apt-get >/dev/null || { echo "The tests need: $$missing"; exit 1; }; \
	if [ "$$(id -u)" != 0 ]; then echo "The tests need: $$missing (apt-get install as root)"; exit 1; fi; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends $$missing >/dev/null

# The site through gunicorn under wrk, beside a bare view (docs/performance.md); not a test.
bench-server: $(RUN_STAMP)
	@$(MAKE) --no-print-directory system-packages SYSTEM_NEEDS="wrk=wrk redis-server=redis-server"
	$(PY) -m bench.server $(BENCH_ARGS)

bench-contention: $(RUN_STAMP)
	@$(MAKE) --no-print-directory system-packages SYSTEM_NEEDS="wrk=wrk redis-server=redis-server"
	$(PY) -m bench.contention $(BENCH_ARGS)

messages: $(RUN_STAMP)
	DEBUG=true $(PY) manage.py makemessages --locale ko --ignore ".venv/*" --ignore "var/*"
	DEBUG=true $(PY) manage.py compilemessages --locale ko --ignore ".venv/*"

clean:
	rm -rf var/test*.sqlite3
