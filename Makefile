# Two commands for a newcomer: `make demo` then `make test`.
VENV := .venv
PY := $(VENV)/bin/python
REGISTRY := $(VENV)/bin/registry

.PHONY: demo test browser lint golden bench fuzz clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed  ## validate and check the example register, and build it into output/
	$(REGISTRY) validate .
	$(REGISTRY) check .
	$(REGISTRY) build . --out output

test: $(VENV)/.installed browser  ## the whole test suite
	$(PY) -m pytest -q

browser:  ## Debian's chromium for the gallery test, installed when this machine allows it (root, apt-get)
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; } >/dev/null 2>&1; } || \
	  echo "chromium could not be installed: the gallery screenshot test will skip and say why"

lint: $(VENV)/.installed  ## ruff and mypy (installs the dev tools on first use)
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ruff check registry tests benchmarks
	$(PY) -m mypy registry

golden: $(VENV)/.installed  ## rewrite the golden files after an intended change; review with git diff
	$(PY) -m pytest -q --update-golden

fuzz: $(VENV)/.installed  ## a long run of the hostile-input tests (FUZZ_RUNS=2000 FUZZ_SEED=… to change)
	FUZZ_RUNS=$${FUZZ_RUNS:-1000} $(PY) -m pytest -q tests/test_fuzz.py -k mutated

bench: $(VENV)/.installed  ## speed figures on a synthetic register
	$(PY) benchmarks/bench_validate.py

clean:
	rm -rf $(VENV) output build dist
