# Two commands set storyline up on a fresh machine:
#   make demo   - create .venv, install, build the bundled example into out/
#   make test   - create .venv if needed, run the whole test suite
PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.storyline-installed
PIP := $(BIN)/python -m pip --disable-pip-version-check

.PHONY: demo test install lock bench-throughput bench-deps clean

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
	@echo "Open out/report.html (data: out/storyline.json, out/storyline.db; terminal: $(BIN)/storyline show out)"

test: $(STAMP)
	$(BIN)/python -m pytest

# Re-pin dependencies after editing pyproject.toml (needs network; review the diff).
lock:
	test -x .tools/bin/pip-compile || { $(PYTHON) -m venv .tools && .tools/bin/pip install --quiet pip==25.1.1 pip-tools==7.5.2; }
	.tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --extra test --strip-extras -o requirements.lock pyproject.toml

bench-throughput: $(STAMP)
	$(BIN)/python bench/throughput.py

# The tilse timeline metric for bench/t17.py (pinned, sha256-checked). Its ROUGE-1.5.5 needs perl
# with XML::Parser, which on Debian is: apt-get install -y perl libxml-parser-perl
bench-deps: $(STAMP)
	@command -v perl >/dev/null && perl -MXML::Parser -e 1 2>/dev/null || { echo "make: ROUGE needs perl with XML::Parser; run: apt-get install -y perl libxml-parser-perl"; exit 1; }
	$(PIP) install --quiet --no-deps --require-hashes -r bench/requirements.txt

clean:
	rm -rf out .pytest_cache
