# Set-up is part of every entry point: a fresh clone needs only Python 3.11.
# One stamp per set of extras, so each target installs what it needs once per change of
# pyproject.toml: `make demo` only what compiling needs, `make test` adds the dev tools,
# `make bench` the benchmark's baseline encoder. `.installed-stamp` is all of them.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
BASE_STAMP  := $(VENV)/.stamp-base
DEV_STAMP   := $(VENV)/.stamp-dev
BENCH_STAMP := $(VENV)/.stamp-bench
STAMP       := $(VENV)/.installed-stamp

.PHONY: demo test lint typecheck unit bench interop screenshot corpus corpus-if-present clean

# $(call install,EXTRAS): the venv, then ridec editable with EXTRAS ("" or "[dev]").
define install
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.$(1)'
endef

$(BASE_STAMP): pyproject.toml
	$(call install,)
	touch $@

# An extra's install holds the base one too: its stamp renews the base stamp.
$(DEV_STAMP): pyproject.toml
	$(call install,[dev])
	touch $(BASE_STAMP) $@

$(BENCH_STAMP): pyproject.toml
	$(call install,[bench])
	touch $(BASE_STAMP) $@

$(STAMP): $(DEV_STAMP) $(BENCH_STAMP)
	touch $@

# The shipped library (workouts and the back-pain plan) in every format, with index.html.
demo: $(BASE_STAMP)
	$(BIN)/ridec build workouts -o dist

lint: $(DEV_STAMP)
	$(BIN)/ruff check src tests bench tools

typecheck: $(DEV_STAMP)
	$(BIN)/mypy --strict src tests bench tools

unit: $(DEV_STAMP)
	$(BIN)/pytest

test: lint typecheck unit

# Benchmarks: never part of `make test`; writes BENCHMARKS.md.
bench: $(BENCH_STAMP)
	$(BIN)/python -m bench.run

# Third-party readers: Garmin's JavaScript FIT SDK and @sportloop/mrc on every file the
# shipped library compiles to; the vendored intervals.icu parser on the library's .icu, the
# forms it does not use (interop/icu-forms.ride) and the pinned intervals.icu texts, each
# compared with ridec's JSON of the same workout; the editor grammars under VS Code's TextMate engine; the
# library page and the live preview in headless Chromium. `make screenshot` also copies
# the preview's screenshot to docs/preview.png, shown in the README.
interop: $(DEV_STAMP)
	cd interop && npm ci --no-audit --no-fund --loglevel=error
	rm -rf build/interop build/interop-icu
	$(BIN)/ridec build workouts -o build/interop --quiet
	node interop/check.mjs build/interop
	$(BIN)/ridec build workouts -o build/interop-icu/library -t icu,json --quiet
	$(BIN)/ridec compile interop/icu-forms.ride -o build/interop-icu/forms -t icu,json --quiet
	$(BIN)/ridec compile tests/formats/icu/real/*.icu -o build/interop-icu/real -t icu,json --quiet
	$(BIN)/ridec compile tests/formats/icu/pasted/*.icu -o build/interop-icu/pasted -t icu,json --quiet
	node interop/icu.mjs build/interop-icu
	node interop/grammar.mjs editors/vscode/syntaxes workouts
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
	$(BIN)/pytest -m interop

# The readers over a folder of other tools' files (one subfolder per collection), outside the
# repository: files read, written back and compared, rejected with their location.
RIDEC_CORPUS ?= ../shared/corpus

corpus: $(BASE_STAMP)
	$(BIN)/python -m tools.corpus "$(RIDEC_CORPUS)"

# For CI: `make corpus` when the folder exists, a note otherwise.
corpus-if-present:
	@if [ -d "$(RIDEC_CORPUS)" ]; then $(MAKE) --no-print-directory corpus; \
	else echo "no corpus folder at $(RIDEC_CORPUS): make corpus not run"; fi

clean:
	rm -rf $(VENV) dist build .mypy_cache .pytest_cache .ruff_cache interop/node_modules

screenshot: $(DEV_STAMP)
	RIDEC_SCREENSHOT_UPDATE=1 $(BIN)/pytest -m interop tests/preview/test_preview_chromium.py
