# Two commands set storyline up on a fresh machine:
#   make demo   - create .venv, install, build the bundled example into out/
#   make test   - create .venv if needed, run the whole test suite (installs Debian's chromium
#                 for the browser tests when /usr/bin/chromium is missing)
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.storyline-installed
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: demo test install chromium lock bench-throughput bench-serve bench-deps clean

install: $(STAMP)

# Every dependency comes from requirements.lock: exact versions, sha256-checked.
$(STAMP): requirements.lock pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "make: $(PYTHON) not found; storyline needs Python 3.11 (run: make PYTHON=/path/to/python3.11 ...)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --require-hashes --no-deps -r requirements.lock
	$(PIP) install --quiet --no-deps --no-build-isolation --editable .
	touch $@

demo: $(STAMP)
	$(BIN)/storyline build examples/iran-israel-2024 --out out
	@echo "Open out/report.html, or browse the build: $(BIN)/storyline serve out, then open http://127.0.0.1:8000/ (data: out/storyline.json, out/storyline.db; terminal: $(BIN)/storyline show out)"

test: $(STAMP) chromium
	STORYLINE_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

# The browser tests (tests/test_web_browser.py) drive Debian's Chromium through Playwright; they
# never download a browser. Installed with apt-get when missing (as root, or with sudo -n).
CHROMIUM ?= /usr/bin/chromium
chromium:
	@test -x $(CHROMIUM) || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO="sudo -n"; else \
	    echo "make: the browser tests need $(CHROMIUM); install it as root: apt-get install -y chromium (or run make CHROMIUM=/path/to/chromium test)"; exit 1; fi; \
	  command -v apt-get >/dev/null || { echo "make: the browser tests need $(CHROMIUM) and there is no apt-get to install it; install Chromium and run make CHROMIUM=/path/to/chromium test"; exit 1; }; \
	  echo "make: installing Debian's chromium for the browser tests (apt-get install -y chromium)"; \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; } || \
	  { echo "make: apt-get install -y chromium failed; the browser tests need $(CHROMIUM)"; exit 1; }; }
	@test -x $(CHROMIUM) || { echo "make: $(CHROMIUM) is still missing after apt-get install chromium; run make CHROMIUM=/path/to/chromium test"; exit 1; }

# Re-pin dependencies after editing pyproject.toml (needs network; review the diff).
lock:
	test -x .tools/bin/pip-compile || { $(PYTHON) -m venv .tools && .tools/bin/pip install --quiet pip==25.1.1 pip-tools==7.5.2; }
	.tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --extra test --strip-extras -o requirements.lock pyproject.toml

bench-throughput: $(STAMP)
	$(BIN)/python bench/throughput.py

bench-serve: $(STAMP)
	$(BIN)/python bench/serve.py

# The tilse timeline metric for bench/t17.py (pinned, sha256-checked). Its ROUGE-1.5.5 needs perl
# with XML::Parser, which on Debian is: apt-get install -y perl libxml-parser-perl
bench-deps: $(STAMP)
	@command -v perl >/dev/null && perl -MXML::Parser -e 1 2>/dev/null || { echo "make: ROUGE needs perl with XML::Parser; run: apt-get install -y perl libxml-parser-perl"; exit 1; }
	$(PIP) install --quiet --no-deps --require-hashes -r bench/requirements.txt

clean:
	rm -rf out .pytest_cache
