# Two commands for learners: `make lab` and `make test`. Everything else is for maintainers.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.course-installed
LAB_ARGS ?=
# Jupyter refuses to run as root unless told; containers and CI often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)
PYTEST_ARGS ?=

.PHONY: lab workspace test exercises doctor check-python clean mutation site

DEV_STAMP := $(VENV)/.course-dev-installed
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

# Learners get the course's packages only; maintainers' tools (browser test, Binder check,
# linters, mutation testing) come with `make test`.
$(STAMP): pyproject.toml course_lib/lab/overrides.json
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "). Install it, or run: make PYTHON=python3.12 ...")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --editable .
	@mkdir -p $(LAB_SETTINGS) && cp course_lib/lab/overrides.json $(LAB_SETTINGS)/overrides.json
	@touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet --editable '.[dev]'
	@touch $(DEV_STAMP)

# my-work/ (git-ignored) gets a copy of each workbook it lacks; a learner's answers there are never
# overwritten, by this or by `git pull`. `make workspace` does only that step.
lab: workspace
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" notebooks/00-welcome.ipynb --ServerApp.answer_yes=True $(ROOT_FLAG) $(LAB_ARGS)

workspace: $(STAMP)
	@$(BIN)/python -m course_lib.workspace

test: $(DEV_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

exercises: $(STAMP)
	$(BIN)/python -m course_lib build-exercises

doctor: $(STAMP)
	$(BIN)/python -m course_lib doctor

# The reading site (Jupyter Book 1, built offline): build/site/_build/html/index.html.
# HUB_URL=https://hub.example.org adds a JupyterHub launch button (nbgitpuller).
site: $(DEV_STAMP)
	$(BIN)/python -m course_lib site $(if $(HUB_URL),--hub-url $(HUB_URL),)

# Mutation testing of the verdict modules and progress (config: [tool.mutmut] in pyproject.toml).
mutation: $(DEV_STAMP)
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2 > mutants.log 2>&1 || true
	$(BIN)/mutmut export-cicd-stats >/dev/null
	@$(BIN)/python tests/mutation_report.py

clean:
	rm -rf $(VENV) build *.egg-info
