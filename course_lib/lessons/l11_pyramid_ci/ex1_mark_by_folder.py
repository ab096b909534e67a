"""Hidden tests for exercise 11.1: mark_by_folder(items, tests_root), called from a real
pytest_collection_modifyitems hook in an inner pytest session (pytester), gives each test the layer
marker of its folder under tests_root, so that `-m integration` selects exactly those tests."""

from __future__ import annotations

LAYERS = ("unit", "integration", "e2e")
INI = """\
[pytest]
markers =
    unit: fast
    integration: real services
    e2e: whole workflows
    slow: slow
"""


class _Hook:
    """The conftest hook a project would write, calling the learner's function. An exception in
    it is kept and raised again in the hidden test, where the check can explain it."""

    def __init__(self, function, root):
        self.function, self.root, self.error = function, root, None

    def pytest_collection_modifyitems(self, items):
        try:
            self.function(items, self.root)
        except Exception as exc:  # the inner session would turn it into an INTERNALERROR
            self.error = exc


def _write(pytester, files: dict[str, str]):
    pytester.makeini(INI)
    for name, source in files.items():
        path = pytester.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)


def _run(pytester, submission, files, *args):
    """An inner session with no installed plugins (no random order), the learner's hook in it."""
    _write(pytester, files)
    hook = _Hook(submission, pytester.path / "tests")
    options = ("--disable-plugin-autoload", "-p", "no:cacheprovider", "--import-mode=importlib")
    recorder = pytester.inline_run(*options, *args, plugins=[hook])
    if hook.error is not None:
        raise hook.error
    return recorder


def _layers(pytester, submission, files, *args) -> dict[str, list[str]]:
    """nodeid -> the layer markers each collected test carries (every instance, in order)."""
    recorder = _run(pytester, submission, files, "--collect-only", *args)
    items = [call.item for call in recorder.getcalls("pytest_itemcollected")]
    assert items, "the inner session collected nothing"  # our files, not the learner's fault
    return {
        item.nodeid: [m.name for m in item.iter_markers() if m.name in LAYERS] for item in items
    }


def _passed(pytester, submission, files, *args) -> list[str]:
    recorder = _run(pytester, submission, files, *args)
    reports = recorder.getreports("pytest_runtest_logreport")
    return sorted(r.nodeid for r in reports if r.when == "call" and r.passed)


PASS = "def test_{0}():\n    pass\n"


def test_three_folders(submission, pytester):
    """tests/unit, tests/integration, tests/e2e: one layer marker each, that folder's"""
    files = {f"tests/{layer}/test_{layer}_a.py": PASS.format("a") for layer in LAYERS}
    got = _layers(pytester, submission, files)
    expected = {f"tests/{layer}/test_{layer}_a.py::test_a": [layer] for layer in LAYERS}
    assert got == expected, f"expected {expected}, got {got}"


def test_nested_folders(submission, pytester):
    """tests/integration/shop/api/test_orders.py is an integration test"""
    got = _layers(
        pytester, submission, {"tests/integration/shop/api/test_orders.py": PASS.format("o")}
    )
    assert list(got.values()) == [["integration"]], f"expected ['integration'], got {got}"


def test_file_name_does_not_decide(submission, pytester):
    """tests/integration/test_unit_prices.py is integration (the folder decides, not the name)"""
    files = {
        "tests/integration/test_unit_prices.py": PASS.format("p"),
        "tests/unit/test_e2e_words.py": PASS.format("w"),
    }
    got = _layers(pytester, submission, files)
    expected = {
        "tests/integration/test_unit_prices.py::test_p": ["integration"],
        "tests/unit/test_e2e_words.py::test_w": ["unit"],
    }
    assert got == expected, f"expected {expected}, got {got}"


def test_folder_names_match_whole(submission, pytester):
    """tests/unit_old/ and tests/e2e-draft/ are not layer folders: no layer marker"""
    files = {
        "tests/unit_old/test_legacy.py": PASS.format("l"),
        "tests/e2e-draft/test_draft.py": PASS.format("d"),
    }
    got = _layers(pytester, submission, files)
    assert all(v == [] for v in got.values()), f"expected no layer markers, got {got}"


def test_outside_the_root(submission, pytester):
    """other/unit/test_tools.py (outside tests_root) and tests/test_top.py get no layer marker"""
    files = {"other/unit/test_tools.py": PASS.format("t"), "tests/test_top.py": PASS.format("x")}
    got = _layers(pytester, submission, files, "tests", "other")
    assert all(v == [] for v in got.values()), f"expected no layer markers, got {got}"


def test_explicit_marker_wins(submission, pytester):
    """In tests/integration/: @pytest.mark.e2e stays e2e only, pytestmark = unit stays unit only"""
    files = {
        "tests/integration/test_flow.py": "import pytest\n\n@pytest.mark.e2e\n"
        "def test_flow():\n    pass\n\n\ndef test_plain():\n    pass\n",
        "tests/integration/test_pure.py": "import pytest\n\npytestmark = pytest.mark.unit\n\n"
        "def test_pure():\n    pass\n",
    }
    got = _layers(pytester, submission, files)
    expected = {
        "tests/integration/test_flow.py::test_flow": ["e2e"],
        "tests/integration/test_flow.py::test_plain": ["integration"],
        "tests/integration/test_pure.py::test_pure": ["unit"],
    }
    assert got == expected, f"expected {expected}, got {got}"


def test_every_case_and_method(submission, pytester):
    """Each parametrized case and each method of a Test class is marked, other markers kept"""
    source = (
        "import pytest\n\n@pytest.mark.slow\n@pytest.mark.parametrize('n', [1, 2, 3])\n"
        "def test_n(n):\n    pass\n\nclass TestCart:\n    def test_empty(self):\n        pass\n"
    )
    recorder = _run(pytester, submission, {"tests/e2e/test_many.py": source}, "--collect-only")
    items = [call.item for call in recorder.getcalls("pytest_itemcollected")]
    got = {item.nodeid: [m.name for m in item.iter_markers() if m.name in LAYERS] for item in items}
    assert len(got) == 4 and all(v == ["e2e"] for v in got.values()), (
        f"expected 4 tests marked e2e once, got {got}"
    )
    slow = [item.nodeid for item in items if item.get_closest_marker("slow")]
    assert len(slow) == 3, f"expected the 3 cases to keep @pytest.mark.slow, got {slow}"


def test_m_selects_by_folder(submission, pytester):
    """`-m integration` runs exactly the integration tests; `-m "not integration"` the others"""
    files = {
        "tests/unit/test_price.py": PASS.format("price"),
        "tests/integration/test_repo.py": PASS.format("repo"),
        "tests/integration/db/test_schema.py": PASS.format("schema"),
        "tests/e2e/test_checkout.py": PASS.format("checkout"),
    }
    got = _passed(pytester, submission, files, "-m", "integration")
    expected = [
        "tests/integration/db/test_schema.py::test_schema",
        "tests/integration/test_repo.py::test_repo",
    ]
    assert got == expected, f"expected -m integration to run {expected}, got {got}"


def test_not_integration(submission, pytester):
    """`-m "not integration"` runs the unit and e2e tests only"""
    files = {
        "tests/unit/test_price.py": PASS.format("price"),
        "tests/integration/test_repo.py": PASS.format("repo"),
        "tests/e2e/test_checkout.py": PASS.format("checkout"),
    }
    got = _passed(pytester, submission, files, "-m", "not integration")
    expected = ["tests/e2e/test_checkout.py::test_checkout", "tests/unit/test_price.py::test_price"]
    assert got == expected, f"expected {expected}, got {got}"
