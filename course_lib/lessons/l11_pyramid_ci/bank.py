"""Known-wrong and alternative answers for lesson 11 (the test pyramid, measured, and CI)."""

_MARK = """\
from pathlib import Path

LAYERS = ("unit", "integration", "e2e")

def mark_by_folder(items, tests_root):
    for item in items:
        {body}
"""

_MARK_RIGHT = """\
try:
            folder = Path(item.path).relative_to(tests_root).parts[0]
        except ValueError:
            continue
        if folder in LAYERS and not any(item.get_closest_marker(n) for n in LAYERS):
            {add}"""

_AUDIT = """\
import re
import shlex

BUILTIN = {"skip", "skipif", "xfail", "parametrize", "usefixtures", "filterwarnings"}


def pg_major(image):
    name, _, tag = image.partition(":")
    if name.split("/")[-1] != "postgres":
        return None
    digits = re.match(r"\\d+", tag)
    return digits.group() if digits else ""


def marker_names(command):
    words = shlex.split(command)
    names = set()
    for word, expression in zip(words, words[1:]):
        if word == "-m" and expression != "pytest":
            names |= set(re.findall(r"[A-Za-z_][\\w-]*", expression)) - {"and", "or", "not"}
    return names


def audit_ci(workflow, compose, pytest_ini, production_pg):
    problems = set()
    addopts = pytest_ini.get("addopts", "")
    used = marker_names(addopts)
    jobs = workflow.get("jobs", {}).values()
    for job in jobs:
        has_pg = any(pg_major(s.get("image", "")) is not None
                     for s in job.get("services", {}).values())
        for step in job.get("steps", []):
            run = step.get("run", "")
            env = {**workflow.get("env", {}), **job.get("env", {}), **step.get("env", {})}
            url = str(env.get("COURSE_DATABASE_URL", ""))
            runs_pytest = re.search(r"^\\s*(python3? -m )?pytest\\b", run, re.M)
            if has_pg and runs_pytest and not url.startswith("postgresql"):
                problems.add("sqlite-fallback")
            for line in run.splitlines():
                up = re.search(r"\\bdocker[ -]compose\\b.*\\bup\\b", line)
                if up and "--exit-code-from" not in line:
                    problems.add("compose-exit-code")
            used |= marker_names(run)
    markers = pytest_ini.get("markers", [])
    if isinstance(markers, str):
        markers = markers.splitlines()
    registered = {m.split(":")[0].split("(")[0].strip() for m in markers if m.strip()}
    if used - registered - BUILTIN:
        problems.add("unregistered-marker")
    strict = {"--strict-markers", "--strict"} & set(shlex.split(addopts))
    flags = [pytest_ini.get("strict_markers"), pytest_ini.get("strict")]
    if not strict and not any(str(flag).lower() == "true" for flag in flags):
        problems.add("no-strict-markers")
    images = [s.get("image", "") for j in jobs for s in j.get("services", {}).values()]
    images += [s.get("image", "") for s in compose.get("services", {}).values()]
    production = production_pg.split(".")[0]
    if any(pg_major(image) not in (None, production) for image in images):
        problems.add("postgres-version")
    return sorted(problems)
"""


def _audit(*swaps: tuple[str, str]) -> str:
    """The solution with pieces swapped for plausible mistakes (each swap must apply)."""
    source = _AUDIT
    for old, new in swaps:
        assert old in source, old
        source = source.replace(old, new)
    return source


_M_OPTION = r"""M_OPTION = r'(?:^|\s)-m\s+("[^"]*"|\'[^\']*\'|\S+)'
QUOTES = "'" + '"'
"""

_SOUND = "from course_lib.lessons.l11_pyramid_ci.samples import sound\n\n"

_T_SOUND = """\
def test_sound(auditor):
    assert auditor(*sound()) == []
"""

_T_WORKFLOW_ENV = """\
def test_workflow_env(auditor):
    workflow, compose, ini, production = sound()
    workflow["env"] = workflow["jobs"]["integration"].pop("env")
    assert auditor(workflow, compose, ini, production) == []
"""

_T_SQLITE = """\
def test_sqlite(auditor):
    workflow, compose, ini, production = sound()
    workflow["jobs"]["integration"]["env"]["COURSE_DATABASE_URL"] = "sqlite://"
    assert auditor(workflow, compose, ini, production) == ["sqlite-fallback"]
"""

_T_REST = """\
def test_compose_16(auditor):
    workflow, compose, ini, production = sound()
    compose["services"]["db"]["image"] = "postgres:16"
    assert auditor(workflow, compose, ini, production) == ["postgres-version"]

def test_latest(auditor):
    workflow, compose, ini, production = sound()
    workflow["jobs"]["integration"]["services"]["postgres"]["image"] = "postgres:latest"
    assert auditor(workflow, compose, ini, production) == ["postgres-version"]

def test_minor(auditor):
    workflow, compose, ini, production = sound()
    compose["services"]["db"]["image"] = "postgres:15.1"
    assert auditor(workflow, compose, ini, production) == []

def test_abort(auditor):
    workflow, compose, ini, production = sound()
    workflow["jobs"]["e2e"]["steps"][1]["run"] = "docker compose up --abort-on-container-exit"
    assert auditor(workflow, compose, ini, production) == ["compose-exit-code"]

def test_second_marker(auditor):
    workflow, compose, ini, production = sound()
    workflow["jobs"]["unit"]["steps"][3]["run"] = "pytest -m 'unit or slow'"
    assert auditor(workflow, compose, ini, production) == ["unregistered-marker"]

def test_strict_config(auditor):
    workflow, compose, ini, production = sound()
    ini["addopts"] = "--strict-config"
    assert auditor(workflow, compose, ini, production) == ["no-strict-markers"]
"""

_COUNTS = """\
from course_lib.testing.pyramid import Layer

def reports(nodeid, markers=("unit",), **phases):
    out = []
    for when in ("setup", "call", "teardown"):
        outcome, seconds = phases.get(when, ("passed", 0.0))
        if outcome is not None:
            out.append({"nodeid": nodeid, "when": when, "outcome": outcome,
                        "duration": seconds, "markers": list(markers)})
    return out

"""

_C_UNMARKED = """\
def test_unmarked(layer_counts):
    got = layer_counts(reports("a.py::t1") + reports("a.py::t2", markers=()))
    assert got["unit"].count == 1 and got["unmarked"].count == 1
"""

_C_SKIPS = """\
def test_skip_in_setup(layer_counts):
    got = layer_counts(reports("a.py::t", setup=("skipped", 0.0), call=(None, 0.0)))
    assert got["unit"].skipped == 1

def test_skip_in_call(layer_counts):
    got = layer_counts(reports("a.py::t", call=("skipped", 0.0)))
    assert got["unit"].passed == 0
"""

_C_REST = """\
def test_time(layer_counts):
    got = layer_counts(reports("a.py::t", setup=("passed", 1.5), call=("passed", 0.5)))
    assert got["unit"].seconds == 2.0

def test_teardown(layer_counts):
    got = layer_counts(reports("a.py::t", teardown=("failed", 0.0)))
    assert got["unit"].failed == 1

def test_cases(layer_counts):
    got = layer_counts(reports("a.py::t[x]") + reports("a.py::t[y]"))
    assert got["unit"].count == 2
"""

_RULES_AUDIT = r"""
import re, shlex


def _jobs(w):
    return list((w.get('jobs') or {}).values())


def _major(image):
    name, _, tag = image.partition(':')
    if name.rsplit('/', 1)[-1] != 'postgres':
        return None
    return (re.findall(r'^\d+', tag) or [''])[0]


def _names(cmd):
    w = shlex.split(cmd)
    exprs = [b for a, b in zip(w, w[1:]) if a == '-m' and b != 'pytest']
    found = {n for e in exprs for n in re.findall(r'[A-Za-z_][\w-]*', e)}
    return found - {'and', 'or', 'not'}


def _runs_pytest(run):
    return any(re.match(r'(python3? -m )?pytest\b', x.strip()) for x in run.splitlines())


def fallback(w, c, ini, prod):
    for job in _jobs(w):
        services = (job.get('services') or {}).values()
        pg = [s for s in services if _major(s.get('image', '')) is not None]
        for step in job.get('steps') or []:
            if pg and _runs_pytest(step.get('run') or ''):
                env = dict(w.get('env') or {})
                env.update(job.get('env') or {})
                env.update(step.get('env') or {})
                if not str(env.get('COURSE_DATABASE_URL', '')).startswith('postgresql'):
                    return 'sqlite-fallback'


def exit_code(w, c, ini, prod):
    for job in _jobs(w):
        for step in job.get('steps') or []:
            for x in (step.get('run') or '').splitlines():
                up = re.search(r'docker[ -]compose\b.*\bup\b', x)
                if up and '--exit-code-from' not in x:
                    return 'compose-exit-code'


def markers(w, c, ini, prod):
    used = _names(ini.get('addopts', ''))
    for job in _jobs(w):
        for step in job.get('steps') or []:
            used |= _names(step.get('run') or '')
    m = ini.get('markers', [])
    lines = m.splitlines() if isinstance(m, str) else m
    known = {re.split(r'[:(]', x)[0].strip() for x in lines if x.strip()}
    known |= {'skip', 'skipif', 'xfail', 'parametrize', 'usefixtures', 'filterwarnings'}
    return 'unregistered-marker' if used - known else None


def strict(w, c, ini, prod):
    words = shlex.split(ini.get('addopts', ''))
    flags = [str(ini.get('strict_markers')).lower(), str(ini.get('strict')).lower()]
    on = '--strict-markers' in words or '--strict' in words or 'true' in flags
    return None if on else 'no-strict-markers'


def version(w, c, ini, prod):
    imgs = [s.get('image', '') for j in _jobs(w) for s in (j.get('services') or {}).values()]
    imgs += [s.get('image', '') for s in ((c or {}).get('services') or {}).values()]
    want = prod.partition('.')[0]
    bad = [i for i in imgs if _major(i) is not None and _major(i) != want]
    return 'postgres-version' if bad else None


RULES = [fallback, exit_code, markers, strict, version]


def audit_ci(workflow, compose, pytest_ini, production_pg):
    found = (rule(workflow, compose, pytest_ini, production_pg) for rule in RULES)
    return sorted({code for code in found if code})
"""

WRONG = {
    "11.1": [
        (  # any folder named unit anywhere in the path, and explicit markers ignored
            _MARK.format(
                body="for layer in LAYERS:\n"
                "            if layer in Path(item.path).parts:\n"
                "                item.add_marker(layer)\n"
                "                break"
            ),
            "expected no layer markers",
        ),
        (  # a substring of the path: tests/unit_old/ is taken for tests/unit/
            _MARK.format(
                body="for layer in LAYERS:\n"
                "            if f'/{layer}' in str(item.path)\\\n"
                "                    and not item.get_closest_marker(layer):\n"
                "                item.add_marker(layer)\n"
                "                break"
            ),
            "expected no layer markers",
        ),
        (  # a keyword, not a marker: -m never sees it
            _MARK.format(body=_MARK_RIGHT.format(add="item.keywords[folder] = True")),
            "expected -m integration to run",
        ),
        (  # the folder always wins: an explicit @pytest.mark.e2e gets a second layer
            _MARK.format(
                body="try:\n"
                "            folder = Path(item.path).relative_to(tests_root).parts[0]\n"
                "        except ValueError:\n"
                "            continue\n"
                "        if folder in LAYERS:\n"
                "            item.add_marker(folder)"
            ),
            "'tests/integration/test_flow.py::test_flow': ['e2e']",
        ),
        (  # the worked example hard-coded: everything is a unit test
            _MARK.format(body="item.add_marker('unit')"),
            "expected {'tests/unit/test_unit_a.py::test_a': ['unit']",
        ),
        (
            "def mark_by_folder(items, tests_root):\n    raise NotImplementedError\n",
            "not done yet",
        ),
    ],
    "11.2": [
        (  # the worked example hard-coded: the sound setup
            "def audit_ci(workflow, compose, pytest_ini, production_pg):\n    return []\n",
            "expected ['sqlite-fallback']",
        ),
        (
            _audit(('**workflow.get("env", {}), ', "")),
            "workflow env applies to every job",
        ),
        (  # no version taken for "whatever is current"
            _audit(('return digits.group() if digits else ""', "return digits and digits.group()")),
            "expected ['postgres-version'] for 'postgres'",
        ),
        (
            _audit(
                (
                    'if up and "--exit-code-from" not in line:',
                    'if up and "--exit-code-from" not in line'
                    ' and "--abort-on-container-exit" not in line:',
                )
            ),
            "for 'docker compose up --abort-on-container-exit'",
        ),
        (  # `python -m pytest` read as the marker "pytest"
            _audit(('if word == "-m" and expression != "pytest":', 'if word == "-m":')),
            "python -m pytest is a module",
        ),
        (
            _audit(
                (
                    'strict = {"--strict-markers", "--strict"} & set(shlex.split(addopts))',
                    'strict = "--strict" in addopts',
                )
            ),
            "for '--strict-config -p no:cacheprovider'",
        ),
        (  # the whole version compared: 15.2 vs 15.8 reported
            _audit(('production = production_pg.split(".")[0]', "production = production_pg")),
            "expected [] for the sound setup",
        ),
        (
            "def audit_ci(workflow, compose, pytest_ini, production_pg):\n"
            "    raise NotImplementedError\n",
            "not done yet",
        ),
    ],
    "11.3": [
        (
            _SOUND + "def test_list(auditor):\n    assert isinstance(auditor(*sound()), list)\n",
            "catch nothing",
        ),
        (_SOUND + _T_WORKFLOW_ENV + _T_SQLITE, "caught 2 of 8"),
        (  # expects a problem where there is none: fails on the correct auditor
            _SOUND + "def test_minor(auditor):\n"
            "    workflow, compose, ini, production = sound()\n"
            "    compose['services']['db']['image'] = 'postgres:15.1'\n"
            "    assert auditor(workflow, compose, ini, production) == ['postgres-version']\n",
            "fails on the correct implementation",
        ),
        (_SOUND + _T_SOUND + _T_SQLITE, "missed: workflow-env-ignored"),
        ("def test_todo(auditor):\n    raise NotImplementedError\n", "not done yet"),
    ],
    "11.4": [
        (
            _COUNTS
            + "def test_empty(layer_counts):\n    assert layer_counts([])['unit'].count == 0\n",
            "catch nothing",
        ),
        (_COUNTS + _C_UNMARKED + _C_SKIPS, "caught 3 of 6"),
        (  # counts a skipped test as passed: fails on the correct counter
            _COUNTS + "def test_skip(layer_counts):\n"
            "    got = layer_counts(reports('a.py::t', call=('skipped', 0.0)))\n"
            "    assert got['unit'].passed == 1\n",
            "fails on the correct implementation",
        ),
        (  # the worked example only: one passing unit test
            _COUNTS + "def test_one(layer_counts):\n"
            "    got = layer_counts(reports('a.py::t', call=('passed', 0.25)))\n"
            "    assert got['unit'] == Layer('unit', 1, 1, 0, 0, 0.25)\n",
            "catch nothing",
        ),
        (_COUNTS + _C_REST, "missed: unmarked-as-unit"),
        ("def test_todo(layer_counts):\n    raise NotImplementedError\n", "not done yet"),
    ],
}

ALTERNATIVES = {
    "11.1": [
        (  # os.path and a marker decorator, with a set of names
            "import os\nimport pytest\n"
            "def mark_by_folder(items, tests_root):\n"
            "    layers = {'unit', 'integration', 'e2e'}\n"
            "    for item in items:\n"
            "        rel = os.path.relpath(str(item.path), str(tests_root))\n"
            "        if rel.startswith('..'):\n"
            "            continue\n"
            "        first = rel.split(os.sep)[0]\n"
            "        names = {m.name for m in item.iter_markers()}\n"
            "        if first in layers and not names & layers:\n"
            "            item.add_marker(getattr(pytest.mark, first))\n"
        ),
        (  # a class: walk up the parents to the folder just below the root
            "from pathlib import Path\n"
            "class FolderMarker:\n"
            "    layers = ('unit', 'integration', 'e2e')\n"
            "    def folder(self, path, root):\n"
            "        for parent in Path(path).parents:\n"
            "            if parent.parent == root:\n"
            "                return parent.name\n"
            "        return None\n"
            "    def __call__(self, items, tests_root):\n"
            "        root = Path(tests_root)\n"
            "        for item in items:\n"
            "            name = self.folder(item.path, root)\n"
            "            if name in self.layers and not any(\n"
            "                    item.get_closest_marker(n) for n in self.layers):\n"
            "                item.add_marker(name)\n"
            "mark_by_folder = FolderMarker()\n"
        ),
        (  # is_relative_to and a mapping, markers read from own_markers and parents
            "import pytest\nfrom pathlib import Path\n"
            "FOLDER_TO_MARK = {'unit': pytest.mark.unit, 'integration': pytest.mark.integration,\n"
            "                  'e2e': pytest.mark.e2e}\n"
            "def mark_by_folder(items, tests_root):\n"
            "    for item in items:\n"
            "        path = Path(item.path)\n"
            "        if not path.is_relative_to(tests_root):\n"
            "            continue\n"
            "        parts = path.relative_to(tests_root).parts\n"
            "        mark = FOLDER_TO_MARK.get(parts[0]) if len(parts) > 1 else None\n"
            "        has = [m for m in item.iter_markers() if m.name in FOLDER_TO_MARK]\n"
            "        if mark is not None and not has:\n"
            "            item.add_marker(mark)\n"
        ),
    ],
    "11.2": [
        (  # the lesson's own reference: one method per judgement, in a class
            "from course_lib.lessons.l11_pyramid_ci.audit import Auditor\n"
            "class MyAuditor(Auditor):\n"
            "    pass\n"
            "audit_ci = MyAuditor().audit\n"
        ),
        _audit(  # ChainMap for the env, a regex for -m
            (
                'env = {**workflow.get("env", {}), **job.get("env", {}), **step.get("env", {})}',
                "env = __import__('collections').ChainMap(step.get('env') or {}, "
                "job.get('env') or {}, workflow.get('env') or {})",
            ),
            (
                "    words = shlex.split(command)\n    names = set()\n"
                "    for word, expression in zip(words, words[1:]):\n"
                '        if word == "-m" and expression != "pytest":\n',
                "    names = set()\n"
                "    for m in re.finditer(M_OPTION, command):\n"
                "        expression = m.group(1).strip(QUOTES)\n"
                '        if expression != "pytest":\n',
            ),
            ("BUILTIN = {", _M_OPTION + "BUILTIN = {"),
        ),
        _RULES_AUDIT,  # rules as a list of small functions, each giving a code or None
    ],
    "11.3": [
        (  # one parametrized table of (change, expected)
            "import pytest\n" + _SOUND + "def move_env(w, c, i):\n"
            "    w['env'] = w['jobs']['integration'].pop('env')\n"
            "def sqlite(w, c, i):\n"
            "    w['jobs']['integration']['env']['COURSE_DATABASE_URL'] = 'sqlite:///x.db'\n"
            "def compose16(w, c, i):\n    c['services']['db']['image'] = 'postgres:16'\n"
            "def untagged(w, c, i):\n"
            "    w['jobs']['integration']['services']['postgres']['image'] = 'postgres'\n"
            "def minor(w, c, i):\n    c['services']['db']['image'] = 'postgres:15.0'\n"
            "def abort(w, c, i):\n"
            "    w['jobs']['e2e']['steps'][1]['run'] = (\n"
            "        'docker compose up --abort-on-container-exit')\n"
            "def second(w, c, i):\n"
            "    w['jobs']['unit']['steps'][3]['run'] = 'pytest -m \"e2e or smoke\"'\n"
            "def config(w, c, i):\n    i['addopts'] = '--strict-config -q'\n"
            "@pytest.mark.parametrize('change, expected', [\n"
            "    (move_env, []), (sqlite, ['sqlite-fallback']),\n"
            "    (compose16, ['postgres-version']),\n"
            "    (untagged, ['postgres-version']), (minor, []), (abort, ['compose-exit-code']),\n"
            "    (second, ['unregistered-marker']), (config, ['no-strict-markers'])])\n"
            "def test_one_change(auditor, change, expected):\n"
            "    w, c, i, p = sound()\n"
            "    change(w, c, i)\n"
            "    assert auditor(w, c, i, p) == expected\n"
        ),
        (  # a class with a helper fixture that hands out fresh setups
            "import pytest\n" + _SOUND + "@pytest.fixture\n"
            "def fresh(auditor):\n"
            "    def run(change):\n"
            "        w, c, i, p = sound()\n"
            "        change(w, c, i)\n"
            "        return auditor(w, c, i, p)\n"
            "    return run\n"
            "class TestAuditor:\n"
            "    def test_env_levels(self, fresh):\n"
            "        def top(w, c, i):\n"
            "            w['env'] = w['jobs']['integration'].pop('env')\n"
            "        assert fresh(top) == []\n"
            "    def test_url_value(self, fresh):\n"
            "        def bad(w, c, i):\n"
            "            w['jobs']['integration']['env']['COURSE_DATABASE_URL'] = 'sqlite://'\n"
            "        assert fresh(bad) == ['sqlite-fallback']\n"
            "    def test_images(self, fresh):\n"
            "        def latest(w, c, i):\n"
            "            pg = w['jobs']['integration']['services']['postgres']\n"
            "            pg['image'] = 'postgres:latest'\n"
            "        assert fresh(latest) == ['postgres-version']\n"
            "        def compose_only(w, c, i):\n"
            "            c['services']['db']['image'] = 'postgres:14'\n"
            "        assert fresh(compose_only) == ['postgres-version']\n"
            "        def patch(w, c, i):\n"
            "            c['services']['db']['image'] = 'postgres:15.3-bookworm'\n"
            "        assert fresh(patch) == []\n"
            "    def test_compose_and_markers(self, fresh):\n"
            "        def abort(w, c, i):\n"
            "            w['jobs']['e2e']['steps'][1]['run'] = "
            "'docker-compose up --abort-on-container-exit --build'\n"
            "        assert fresh(abort) == ['compose-exit-code']\n"
            "        def expr(w, c, i):\n"
            "            step = w['jobs']['unit']['steps'][3]\n"
            "            step['run'] = 'pytest -m \"not e2e and not slow\"'\n"
            "        assert fresh(expr) == ['unregistered-marker']\n"
            "        def config(w, c, i):\n"
            "            i['addopts'] = '--strict-config'\n"
            "        assert fresh(config) == ['no-strict-markers']\n"
        ),
        _SOUND + _T_SOUND + _T_WORKFLOW_ENV + _T_SQLITE + _T_REST,
    ],
    "11.4": [
        (  # parametrize over (reports, layer, expected Layer)
            "import pytest\n" + _COUNTS + "@pytest.mark.parametrize('rs, layer, expected', [\n"
            "    (reports('a::t', markers=()), 'unmarked', Layer('unmarked', 1, 1, 0, 0, 0.0)),\n"
            "    (reports('a::t', setup=('skipped', 0.0), call=(None, 0)), 'unit',\n"
            "     Layer('unit', 1, 0, 0, 1, 0.0)),\n"
            "    (reports('a::t', call=('skipped', 0.0)), 'unit',\n"
            "     Layer('unit', 1, 0, 0, 1, 0.0)),\n"
            "    (reports('a::t', setup=('passed', 3.0), teardown=('failed', 1.0)), 'unit',\n"
            "     Layer('unit', 1, 0, 1, 0, 4.0)),\n"
            "    (reports('a::t[1]') + reports('a::t[2]'), 'unit',\n"
            "     Layer('unit', 2, 2, 0, 0, 0.0)),\n"
            "])\n"
            "def test_layer(layer_counts, rs, layer, expected):\n"
            "    assert layer_counts(rs)[layer] == expected\n"
        ),
        (  # a class and a fixture that runs a whole small suite's reports at once
            "import pytest\n" + _COUNTS + "@pytest.fixture\n"
            "def suite(layer_counts):\n"
            "    rs = (reports('u::a') + reports('u::b[1]') + reports('u::b[2]')\n"
            "          + reports('u::skip', setup=('skipped', 0.0), call=(None, 0))\n"
            "          + reports('i::db', markers=('integration',), setup=('passed', 2.0),\n"
            "                    call=('passed', 1.0), teardown=('failed', 0.5))\n"
            "          + reports('x::loose', markers=('slow',), call=('skipped', 0.0)))\n"
            "    return layer_counts(rs)\n"
            "class TestSuite:\n"
            "    def test_unit(self, suite):\n"
            "        assert suite['unit'] == Layer('unit', 4, 3, 0, 1, 0.0)\n"
            "    def test_integration(self, suite):\n"
            "        assert suite['integration'] == Layer('integration', 1, 0, 1, 0, 3.5)\n"
            "    def test_unmarked(self, suite):\n"
            "        assert suite['unmarked'] == Layer('unmarked', 1, 0, 0, 1, 0.0)\n"
        ),
        _COUNTS + _C_UNMARKED + _C_SKIPS + _C_REST,
    ],
}
