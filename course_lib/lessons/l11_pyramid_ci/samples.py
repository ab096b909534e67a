"""A sound CI setup for the shop (workflow, compose file, pytest settings), as text a learner reads
and as fresh parsed copies that tests change one mistake at a time."""

from __future__ import annotations

import tomllib

PRODUCTION_PG = "15.8"  # what production runs: CI must test on the same major version

WORKFLOW = """\
name: tests
on:
  push:
    branches: [main]
  pull_request:

jobs:
  unit:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install -e ".[test]"
      - run: pytest -m "not integration and not e2e" -n auto --junitxml=unit.xml

  integration:
    runs-on: ubuntu-24.04
    services:
      postgres:
        image: postgres:15.8-alpine
        env:
          POSTGRES_PASSWORD: test
          POSTGRES_DB: shop
        ports: ["5432:5432"]
        options: >-
          --health-cmd "pg_isready -U postgres -d shop"
          --health-interval 2s
          --health-timeout 5s
          --health-retries 30
    env:
      COURSE_DATABASE_URL: postgresql+psycopg://postgres:test@localhost:5432/shop
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - run: pip install -e ".[test]"
      - run: pytest -m integration --junitxml=integration.xml
      - run: python -m pytest --nbval-lax notebooks/
      - if: ${{ !cancelled() }}
        uses: actions/upload-artifact@v4
        with:
          name: junit
          path: "*.xml"

  e2e:
    runs-on: ubuntu-24.04
    steps:
      - uses: actions/checkout@v4
      - run: docker compose -f compose.yaml up --build --exit-code-from tests
      - if: ${{ always() }}
        run: docker compose -f compose.yaml down --volumes
"""

COMPOSE = """\
services:
  db:
    image: postgres:15.8-alpine
    environment:
      POSTGRES_PASSWORD: test
      POSTGRES_DB: shop
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres -d shop"]
      interval: 1s
      timeout: 3s
      retries: 30
  tests:
    image: python:3.12-slim
    working_dir: /src
    volumes: [".:/src:ro"]
    command: ["sh", "-c", "pip install -q -e '.[test]' && pytest -m e2e"]
    environment:
      COURSE_DATABASE_URL: postgresql+psycopg://postgres:test@db:5432/shop
    depends_on:
      db: {condition: service_healthy}
"""

PYPROJECT = """\
[tool.pytest.ini_options]
addopts = "--strict-markers -p no:cacheprovider"
markers = [
    "unit: fast tests of one piece, no real services",
    "integration: tests against real services (PostgreSQL, HTTP, files)",
    "e2e: whole workflows through the running stack",
]
"""


def sound() -> tuple[dict, dict, dict, str]:
    """(workflow, compose, pytest_ini, production_pg), freshly parsed: change them freely."""
    import yaml

    ini = tomllib.loads(PYPROJECT)["tool"]["pytest"]["ini_options"]
    return yaml.safe_load(WORKFLOW), yaml.safe_load(COMPOSE), ini, PRODUCTION_PG
