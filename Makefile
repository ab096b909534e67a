# Two commands for learners: `make lab` and `make test`. Everything else is for maintainers.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.course-installed
LAB_ARGS ?=
# Jupyter refuses to run as root unless told; containers and CI often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
PYTEST_ARGS ?=

.PHONY: lab test exercises doctor check-python clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "). Install it, or run: make PYTHON=python3.12 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable '.[dev]'
	@touch $(STAMP)

lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" notebooks/00-welcome.ipynb --ServerApp.answer_yes=True $(ROOT_FLAG) $(LAB_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

exercises: $(STAMP)
	$(BIN)/python -m course_lib build-exercises

doctor: $(STAMP)
	$(BIN)/python -m course_lib doctor

clean:
	rm -rf $(VENV) build *.egg-info
