# Two commands on a fresh Debian 12 machine with Python 3.11:
#   make demo   build the bundled sample case into out/
#   make test   lint, type-check and run the whole test suite
# Both install what they need: system packages (when missing) and a virtual environment.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
# Debian packages the tool needs, each installed by `make system` when its check below finds it missing:
# fonts-noto-cjk poppler-utils qpdf libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 python3-venv
# postgresql (server binaries for the store tests' throwaway cluster; Debian keeps them in /usr/lib/postgresql/N/bin)
# libreoffice-writer-nogui (tests convert every generated DOCX with soffice)
# chromium (the test suite opens the counsel package's index.html in it, headless)
SAMPLE ?= samples/consumer-loan

.PHONY: demo test lint typecheck unit system venv samples bench clean locale messages docs bytecode

demo: system venv locale bytecode
	$(BIN)/evidence-kit check $(SAMPLE)
	$(BIN)/evidence-kit claim $(SAMPLE)
	$(BIN)/evidence-kit fees "$$($(BIN)/evidence-kit claim $(SAMPLE) --json | $(BIN)/python -c 'import json,sys; print(json.load(sys.stdin)["total"])')"
	$(BIN)/evidence-kit build $(SAMPLE) -o out --overwrite
	$(BIN)/evidence-kit verify out/$$($(BIN)/python -c 'import yaml,sys; print(yaml.safe_load(open("$(SAMPLE)/case.yaml"))["case_id"])')
	@echo "bundle: out/*/bundle.pdf — open it, or: pdftotext -layout out/*/bundle.pdf - | less"
	@echo "filings (DOCX for Word, PDF to file):"; ls -1 out/*/filings/*

test: system venv locale bytecode lint typecheck unit

# The Chinese message catalog: `make locale` compiles it (.po → .mo); `make messages` extracts every
# translatable text into the .po and lists what still lacks its Chinese text.
locale: venv
	$(BIN)/python tools/messages.py compile

messages: venv
	$(BIN)/python tools/messages.py update

# Generated documentation: the problem-code pages from evidence_kit/problem_codes/*.yaml (also what
# `evidence-kit explain CODE` prints); tests/test_problem_codes.py fails when they are out of date.
lint: venv
	$(BIN)/ruff check evidence_kit tests bench samples tools

typecheck: venv
	$(BIN)/mypy

unit: venv
	$(BIN)/pytest -q

# System packages: installed with apt-get only when something is missing.
system:
	@missing=""; \
	command -v qpdf >/dev/null || missing="$$missing qpdf"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	fc-list 2>/dev/null | grep -q "Noto Serif CJK" || missing="$$missing fonts-noto-cjk"; \
	ldconfig -p 2>/dev/null | grep -q "libpango-1.0" || missing="$$missing libpango-1.0-0"; \
	ldconfig -p 2>/dev/null | grep -q libpangoft2 || missing="$$missing libpangoft2-1.0-0"; \
	ldconfig -p 2>/dev/null | grep -q libharfbuzz-subset || missing="$$missing libharfbuzz-subset0"; \
	$(PYTHON) -c "import ensurepip" 2>/dev/null || missing="$$missing python3-venv"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null || missing="$$missing postgresql"; \
	command -v soffice >/dev/null || missing="$$missing libreoffice-writer-nogui"; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

# The package's modules compiled to bytecode, as installing a package compiles them: without it (and with
# PYTHONDONTWRITEBYTECODE set) every command would compile every module it imports anew (≈ 0.3 s a command).
bytecode: venv
	$(BIN)/python -m compileall -q evidence_kit

samples: venv
	$(BIN)/python samples/make_samples.py

# Documentation made from the code and from a real build: docs/images/*.png are README.zh-CN.md's
# screenshots, rendered from its walkthrough's bundle.pdf (pdftoppm) and index.html (headless chromium).
docs: system venv locale
	$(BIN)/python -m evidence_kit.problem_codes docs/problems.md docs/problems.zh-CN.md
	$(BIN)/python tools/screenshots.py

bench: system venv
	$(BIN)/python bench/claim.py
	$(BIN)/python bench/bundle.py
	$(BIN)/python bench/batch.py
	$(BIN)/python bench/notices.py
	$(BIN)/python bench/hostile.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
