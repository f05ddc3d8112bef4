# Two commands for a newcomer: `make demo` then `make test`.
VENV := .venv
PY := $(VENV)/bin/python
REGISTRY := $(VENV)/bin/registry

.PHONY: demo test quick test-tools lint golden bench fuzz clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed  ## validate and check the example register, and build it into output/
	$(REGISTRY) validate .
	$(REGISTRY) check .
	$(REGISTRY) build . --out output

test: $(VENV)/.installed test-tools  ## the whole test suite
	$(PY) -m pytest -q

quick: $(VENV)/.installed  ## quick feedback: every test but those marked slow (PDF layout, browser, LibreOffice, wheel)
	$(PY) -m pytest -q -m "not slow"

# What some tests open outputs with: Debian's chromium and its driver (the gallery, the live preview) and LibreOffice (Word notices,
# spreadsheets saved by Calc), each as "command or file that shows it is there:package".
# Installed when this machine allows it (root, apt-get); elsewhere those tests skip and say why.
TEST_TOOLS := chromium:chromium chromedriver:chromium-driver soffice:libreoffice-writer-nogui \
	/usr/lib/libreoffice/program/libsclo.so:libreoffice-calc-nogui

test-tools:
	@for tool in $(TEST_TOOLS); do \
	  { command -v $${tool%%:*} || test -e $${tool%%:*}; } >/dev/null && continue; \
	  { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $${tool#*:}; } >/dev/null 2>&1 || \
	    echo "$${tool#*:} could not be installed: the tests that need it will skip and say why"; \
	done

lint: $(VENV)/.installed  ## ruff and mypy (installs the dev tools on first use)
	$(PY) -m pip install --quiet -e '.[dev]'
	$(PY) -m ruff check registry tests benchmarks
	$(PY) -m mypy registry

golden: $(VENV)/.installed  ## rewrite the golden files after an intended change; review with git diff
	$(PY) -m pytest -q --update-golden

fuzz: $(VENV)/.installed  ## a long run of the hostile-input tests (FUZZ_RUNS, FUZZ_SHEETS, FUZZ_PDF_EVERY, FUZZ_SEED to change)
	FUZZ_RUNS=$${FUZZ_RUNS:-5000} FUZZ_SHEETS=$${FUZZ_SHEETS:-500} FUZZ_PDF_EVERY=$${FUZZ_PDF_EVERY:-50} \
	  $(PY) -m pytest -q -p no:cacheprovider tests/test_fuzz.py -k mutated

bench: $(VENV)/.installed  ## speed figures on a synthetic register (the PDF ones, longer, are run by hand)
	$(PY) benchmarks/bench_validate.py
	$(PY) benchmarks/bench_html.py
	$(PY) benchmarks/bench_serve.py
	$(PY) benchmarks/bench_cnil.py

clean:
	rm -rf $(VENV) output .output.registry-manifest.json build dist
