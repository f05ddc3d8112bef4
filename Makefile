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

# What some tests open outputs with, as "command or file that shows it is there:package":
# tests/install-tools.sh says what it installs, why and how large before installing it.
TEST_TOOLS := chromium:chromium chromedriver:chromium-driver soffice:libreoffice-writer-nogui \
	/usr/lib/libreoffice/program/libsclo.so:libreoffice-calc-nogui

test-tools:
	@sh tests/install-tools.sh $(TEST_TOOLS)

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
