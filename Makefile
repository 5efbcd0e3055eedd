# Neuropathic pain course — every set-up step lives here, so two commands suffice:
#   make book   build the HTML book (creates .venv and installs requirements.lock if needed)
#   make test   run the whole test suite (same venv)
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HTML   := _build/html
BUILD_LOG := _build/build.log
NODE_STAMP := node_modules/.installed

# make book OFFLINE=1: every script the pages need is served from the book's own _static,
# copied from npm packages at the versions pinned in package-lock.json.
# make book EDITION=student: no solution content anywhere (see tools/npcourse_book/authoring/edition.py).
# Each variant builds into its own folder; all share one notebook execution cache.
VARIANT := $(strip $(if $(filter 1,$(OFFLINE)),offline) $(if $(filter student,$(EDITION)),student))
VARIANT_DIR := $(subst $(eval) ,-,$(VARIANT))
BOOK_ENV  := $(if $(filter 1,$(OFFLINE)),NPCOURSE_OFFLINE=1) $(if $(filter student,$(EDITION)),NPCOURSE_EDITION=student)
BOOK_OUT  := $(if $(VARIANT),_build/$(VARIANT_DIR),.)
BOOK_DEPS := $(if $(filter 1,$(OFFLINE)),$(NODE_STAMP))
BOOK_ARGS := $(if $(filter student,$(EDITION)),--config _build/student-config/_config.yml --toc _build/student-config/_toc.yml)
BOOK_LOG  := $(if $(VARIANT),_build/build-$(VARIANT_DIR).log,$(BUILD_LOG))
BOOK_HTML := $(if $(filter .,$(BOOK_OUT)),$(HTML),$(BOOK_OUT)/_build/html)
BOOK_DOCTREES := $(if $(filter .,$(BOOK_OUT)),_build/.doctrees,$(BOOK_OUT)/_build/.doctrees)

# The repository this copy is published from, in one place (README, "Publish your own copy"):
# make book REPOSITORY=https://github.com/OWNER/NAME, or the environment variable
# NPCOURSE_REPOSITORY. It feeds the repository icon and Binder/Colab buttons (through
# npcourse.sphinxext) and `make readme`'s Colab line. Unset: no icon, no such buttons.
REPOSITORY ?= $(NPCOURSE_REPOSITORY)
REPOSITORY_BRANCH ?= $(NPCOURSE_REPOSITORY_BRANCH)
REPOSITORY_PATH ?= $(NPCOURSE_REPOSITORY_PATH)
export NPCOURSE_REPOSITORY := $(strip $(REPOSITORY))
export NPCOURSE_REPOSITORY_BRANCH := $(strip $(REPOSITORY_BRANCH))
export NPCOURSE_REPOSITORY_PATH := $(strip $(REPOSITORY_PATH))

# The first interpreter on PATH that is Python >= 3.11 (override: make PYTHON=/path/to/python3.12).
PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& { echo $$p; break; }; done)

.PHONY: help book test check bench lab presenter serve exercises glossary instructor-guide check-python check-node venv lock readme clean

help:
	@echo "make book       build the book into $(HTML) (sets everything up on first run)"
	@echo "                REPOSITORY=https://github.com/OWNER/NAME: repository icon, Binder and Colab buttons"
	@echo "                OFFLINE=1: a book that needs no network (into _build/offline/_build/html)"
	@echo "                EDITION=student: no solutions, no instructor guide (_build/student/_build/html)"
	@echo "make test       run the test suite (notebooks, data, quizzes, build)"
	@echo "make check      run the fast tier only (unit tests, under 90 s)"
	@echo "make bench      measure notebook, build, test, page-weight and latency costs"
	@echo "make lab        JupyterLab on 127.0.0.1 for class use, opening on lab-start.ipynb"
	@echo "make presenter  regenerate lab-start.ipynb (chapters, lesson plans, activities)"
	@echo "make serve      serve the built book on http://127.0.0.1:8000"
	@echo "make exercises  regenerate exercises/ from solutions/"
	@echo "make glossary   regenerate book/glossary.md from the glossary data"
	@echo "make instructor-guide  regenerate book/instructor-guide.md from the course metadata"
	@echo "make readme     rewrite the README's Colab line for REPOSITORY=https://github.com/OWNER/NAME"
	@echo "make lock       recompile requirements.lock from requirements.txt (UPGRADE=1: newest allowed)"
	@echo "make clean      remove _build (keeps .venv)"

check-python:
	@if [ -z "$(PYTHON)" ]; then \
	  echo "ERROR: Python 3.11 or newer is required but none was found on PATH."; \
	  echo "Install it (Debian/Ubuntu: apt-get install python3 python3-venv; macOS: brew install python@3.12;"; \
	  echo "Windows: python.org installer), or run: make PYTHON=/path/to/python3.11 book"; \
	  exit 1; fi
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null || { \
	  echo "ERROR: $(PYTHON) cannot create virtual environments (the venv/ensurepip module is missing)."; \
	  echo "Install it (Debian/Ubuntu: apt-get install python3-venv) and run make again."; exit 1; }

# Reinstall only when the lock changes: re-running make is fast when nothing changed.
# requirements.lock holds every package at an exact version with its hashes (pip's
# --require-hashes mode); the course package itself is installed editable in a second call,
# with no dependencies of its own (they are all in the lock) and no build isolation (the
# lock's setuptools builds it), so nothing unlocked is fetched. Last, packages an earlier lock
# installed and this one dropped are removed (npcourse_book.authoring.venvsync).
PIP_VERSION := 26.3
$(STAMP): requirements.lock pyproject.toml tools/pyproject.toml | check-python
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e . -e ./tools
	$(BIN)/python -m npcourse_book.authoring.venvsync requirements.lock
	@touch $@

venv: $(STAMP)

# make lock: recompile requirements.lock from requirements.txt (and pyproject.toml's
# dependencies, through its `-e .`) for Python 3.11 and newer on any platform, with hashes.
# Versions already in the lock are kept unless requirements.txt asks otherwise;
# make lock UPGRADE=1 moves every transitive dependency to its newest allowed version.
# uv runs from its own small venv under _build, pinned here.
UV_VERSION := 0.13.9
LOCK_TOOL  := _build/lock-tool
lock: | check-python
	@$(LOCK_TOOL)/bin/uv --version 2>/dev/null | grep -qE "^uv $(UV_VERSION)( |$$)" || { \
	  rm -rf $(LOCK_TOOL) && $(PYTHON) -m venv $(LOCK_TOOL) && \
	  $(LOCK_TOOL)/bin/python -m pip install --quiet "uv==$(UV_VERSION)"; }
	$(LOCK_TOOL)/bin/uv pip compile requirements.txt --universal --python-version 3.11 \
	  --generate-hashes --no-emit-package npcourse --no-emit-package npcourse-book --custom-compile-command "make lock" \
	  $(if $(filter 1,$(UPGRADE)),--upgrade) --quiet -o requirements.lock
	@echo "requirements.lock: $$(grep -oE '^[A-Za-z0-9][A-Za-z0-9._-]*' requirements.lock | sort -u | wc -l) packages; run make test"

check-node:
	@command -v npm >/dev/null 2>&1 || { \
	  echo "ERROR: npm (Node.js) is needed for the offline build and the browser tests."; \
	  echo "Install it (Debian/Ubuntu: apt-get install nodejs npm; macOS: brew install node) and run make again."; \
	  exit 1; }

# Browser assets and axe-core from the npm registry, exactly as package-lock.json pins them.
$(NODE_STAMP): package.json package-lock.json | check-node
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

exercises: $(STAMP)
	$(BIN)/python -m npcourse_book.authoring.exercises

glossary: $(STAMP)
	$(BIN)/python -m npcourse_book.authoring.glossary

instructor-guide: $(STAMP)
	$(BIN)/python -m npcourse_book.authoring.instructor

readme: $(STAMP)
	$(BIN)/python -m npcourse_book.repository readme README.md

# NPCOURSE_STATIC=1 makes live-widget cells show a static rendering (see npcourse/ui/live.py).
# The cache step first executes the notebooks the execution cache lacks, BOOK_JOBS at a time,
# exactly as the build would (npcourse_book.authoring.cache), so the build only reads them.
BOOK_JOBS ?= 2
# The test suite executes the notebooks itself, once for all its builds, under its build lock
# (tests/conftest.py), then runs make book BOOK_EXECUTE= so that this step only checks the stamps.
BOOK_EXECUTE ?= --execute --jobs $(BOOK_JOBS)
# -W turns warnings into errors; --keep-going reports all of them first.
book: $(STAMP) $(BOOK_DEPS)
	@mkdir -p _build
	@$(BIN)/python -m npcourse_book.authoring.cache --exec-cache _build/.jupyter_cache --doctrees $(BOOK_DOCTREES) \
	  $(BOOK_EXECUTE)
	$(if $(filter student,$(EDITION)),$(BIN)/python -m npcourse_book.authoring.edition _build/student-config)
	$(BOOK_ENV) NPCOURSE_STATIC=1 $(BIN)/jupyter-book build . --path-output $(BOOK_OUT) $(BOOK_ARGS) \
	  --builder html -W -n --keep-going 2>&1 | tee $(BOOK_LOG)
	@echo "Book built: $(CURDIR)/$(BOOK_HTML)/index.html"

# Two workers (this machine and CI have 2 cores). Each build is made once per run, by the first
# worker that needs it, and the builds run side by side; groups (tests/grouping.py) are handed
# out longest first, in the order grouping.py puts them (--no-loadscope-reorder keeps it).
# PYTEST_WORKERS=0 runs everything in one process.
PYTEST_WORKERS ?= 2
test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS) --dist loadgroup --no-loadscope-reorder) $(PYTEST_ARGS)

# The fast tier (tests marked unit, see tests/grouping.py): no notebooks, builds or browser.
check: $(STAMP)
	$(BIN)/python -m pytest -m unit $(if $(filter 0,$(PYTEST_WORKERS)),,-n $(PYTEST_WORKERS)) tests $(PYTEST_ARGS)

# Costs against their budgets; writes benchmarks/results.{md,json}, one-line summary last.
# BENCH_ARGS passes options, e.g. make bench BENCH_ARGS="--runs 5 --test-runs 0", or
# BENCH_ARGS="--only pages" to re-measure one part and keep the others from results.json.
bench: $(STAMP) $(NODE_STAMP)
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

# --allow-root lets it start in containers and CI, which run as root. LAB_ARGS passes more
# options (the instructor-path test uses it to pick a port and token). The printed address
# opens lab-start.ipynb, the presenter's page (chapters, lesson plans, activities; `make
# presenter` regenerates it from lessons.yml). jupyterlab-myst (in the lock) renders MyST;
# it has no bibliography, so npcourse_book.labcontents serves each citation role as its
# author-year text (and turns it back into the role on save: the files never change).
lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --no-browser --allow-root \
	  --LabApp.default_url=/lab/tree/lab-start.ipynb \
	  --ServerApp.contents_manager_class=npcourse_book.labcontents.CitingContentsManager $(LAB_ARGS)

presenter: $(STAMP)
	$(BIN)/python -m npcourse_book.authoring.presenter

serve:
	@test -f $(HTML)/index.html || { echo "No built book: run 'make book' first."; exit 1; }
	@echo "Serving http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(or $(wildcard $(BIN)/python),$(PYTHON)) -m http.server 8000 --bind 127.0.0.1 --directory $(HTML)

clean:
	rm -rf _build
