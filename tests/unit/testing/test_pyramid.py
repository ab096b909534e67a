"""course_lib.testing.pyramid: a small suite with known layers gives the known counts (skipped,
failed, errors, parametrized cases, markers added by a conftest hook), a broken or endless run
says so, nothing is left behind, and the plot is a centred pyramid readable on any theme."""

from __future__ import annotations

import io
import tempfile

import pytest

from course_lib import theme
from course_lib.testing.pyramid import (
    Layer,
    describe_shape,
    layer_of,
    measure,
    plot_pyramid,
    read_junit,
    run,
)

pytestmark = pytest.mark.unit

INI = """\
[pytest]
markers =
    unit: fast
    integration: real services
    e2e: whole workflows
"""

CONFTEST = """\
from pathlib import Path

import pytest


def pytest_collection_modifyitems(items):
    for item in items:
        if "db" in Path(str(item.path)).parts and not item.get_closest_marker("integration"):
            item.add_marker("integration")
"""

UNIT = """\
import pytest

pytestmark = pytest.mark.unit


@pytest.mark.parametrize("n", [1, 2, 3])
def test_three_cases(n):
    assert n > 0


def test_fails():
    assert 1 == 2


@pytest.mark.skip(reason="not today")
def test_skipped():
    pass


@pytest.mark.xfail(reason="known bug", strict=True)
def test_expected_failure():
    assert False
"""

DB = """\
import pytest


@pytest.fixture
def broken():
    raise RuntimeError("no database")


def test_by_folder():
    pass


def test_setup_error(broken):
    pass


@pytest.mark.e2e
def test_both_markers():
    pass
"""

LOOSE = """\
def test_nobody_marked_me():
    pass
"""


@pytest.fixture(autouse=True)
def no_installed_plugins(monkeypatch):
    """The inner pytest loads only the pyramid plugin: the same counts, a quicker start."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")


@pytest.fixture
def suite(tmp_path):
    (tmp_path / "pytest.ini").write_text(INI)
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "db").mkdir()
    (tmp_path / "test_unit.py").write_text(UNIT)
    (tmp_path / "db" / "test_db.py").write_text(DB)
    (tmp_path / "test_loose.py").write_text(LOOSE)
    return tmp_path


def _by_name(layers: list[Layer]) -> dict[str, Layer]:
    return {layer.name: layer for layer in layers}


def test_known_suite_gives_known_counts(suite):
    layers = measure([], cwd=suite, timeout=120)
    assert [layer.name for layer in layers] == ["unit", "integration", "e2e", "unmarked"]
    got = _by_name(layers)
    # 3 parametrized cases + fails + skip + xfail
    assert (got["unit"].count, got["unit"].passed) == (6, 3)
    assert (got["unit"].failed, got["unit"].skipped) == (1, 2)
    # marked by the conftest hook (folder db/); an error in a fixture counts as failed
    assert (got["integration"].count, got["integration"].failed) == (2, 1)
    # integration (by folder) and e2e (by decorator): the higher layer wins
    assert (got["e2e"].count, got["e2e"].passed) == (1, 1)
    assert (got["unmarked"].count, got["unmarked"].passed) == (1, 1)
    assert all(layer.seconds >= 0 for layer in layers)


def test_args_select_like_pytest(suite):
    got = _by_name(measure(["-m", "not unit"], cwd=suite, timeout=120))
    assert [got[n].count for n in ("unit", "integration", "e2e", "unmarked")] == [0, 2, 1, 1]
    got = _by_name(measure(["-m", "unit", "test_unit.py", "test_loose.py"], cwd=suite))
    assert [got[n].count for n in ("unit", "integration", "e2e")] == [6, 0, 0]
    assert "unmarked" not in got


def test_nothing_selected_gives_empty_layers(suite):
    layers = measure(["-m", "e2e and unit"], cwd=suite, timeout=120, layers=("unit", "e2e"))
    assert layers == [Layer("unit", 0, 0, 0, 0, 0.0), Layer("e2e", 0, 0, 0, 0, 0.0)]


def test_a_collection_error_is_raised_with_pytest_output(suite):
    (suite / "test_broken.py").write_text("import no_such_module_here\n")
    with pytest.raises(RuntimeError, match=r"exit code 2[\s\S]*no_such_module_here"):
        measure([], cwd=suite, timeout=120)


def test_strict_markers_turn_a_typo_into_an_error(suite):
    with pytest.raises(RuntimeError, match="integraton"):
        measure(["--strict-markers", "-m", "integraton"], cwd=suite, timeout=120)


def test_an_endless_run_is_stopped_with_a_clear_message(suite):
    (suite / "test_hangs.py").write_text(
        "import threading\n\ndef test_waits_forever():\n    threading.Event().wait()\n"
    )
    with pytest.raises(TimeoutError, match=r"test_hangs.py did not finish within 3 s"):
        measure(["test_hangs.py"], cwd=suite, timeout=3)


def test_leaves_no_report_behind(suite, tmp_path_factory, monkeypatch):
    private = tmp_path_factory.mktemp("private-tmp")
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    measure(["test_loose.py"], cwd=suite, timeout=120)
    assert list(private.iterdir()) == []
    assert sorted(p.name for p in suite.iterdir()) == [
        "conftest.py",
        "db",
        "pytest.ini",
        "test_loose.py",
        "test_unit.py",
    ]


@pytest.mark.parametrize(
    ("markers", "layer"),
    [
        ({"unit"}, "unit"),
        ({"integration", "slow"}, "integration"),
        ({"unit", "e2e"}, "e2e"),
        ({"parametrize", "skip"}, "unmarked"),
        (set(), "unmarked"),
    ],
)
def test_layer_of(markers, layer):
    assert layer_of(markers) == layer


def test_read_junit_sums_total_time_and_counts_errors(tmp_path):
    xml = tmp_path / "r.xml"
    xml.write_text(
        '<testsuites><testsuite name="pytest">'
        '<testcase name="a" time="0.25"><properties>'
        '<property name="markers" value="integration,parametrize"/></properties></testcase>'
        '<testcase name="b" time="1.5"><properties>'
        '<property name="markers" value="integration"/></properties><error message="x"/>'
        "</testcase>"
        '<testcase name="c" time="0.5"><skipped message="s"/></testcase>'
        "</testsuite></testsuites>"
    )
    got = _by_name(read_junit(xml))
    assert got["integration"] == Layer("integration", 2, 1, 1, 0, 1.75)
    assert got["unmarked"] == Layer("unmarked", 1, 0, 0, 1, 0.5)


@pytest.mark.parametrize(
    ("counts", "word"),
    [((50, 10, 2), "pyramid"), ((5, 40, 3), "trophy"), ((2, 10, 30), "ice-cream cone")],
)
def test_describe_shape(counts, word):
    layers = [
        Layer(n, c, c, 0, 0, float(i))
        for i, (n, c) in enumerate(zip(("unit", "integration", "e2e"), counts, strict=True))
    ]
    sentence = describe_shape(layers)
    assert word in sentence and "e2e layer takes 67% of the time" in sentence


@pytest.fixture
def pyplot():
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


def test_plot_is_a_centred_pyramid_with_labels(pyplot):
    layers = [
        Layer("unit", 40, 39, 1, 0, 1.2),
        Layer("integration", 12, 12, 0, 0, 8.5),
        Layer("e2e", 3, 2, 0, 1, 20.0),
    ]
    fig = plot_pyramid(layers, title="sample")
    fig.savefig(io.BytesIO(), format="png")
    ax = fig.axes[0]
    bars = ax.patches
    assert [round(b.get_width()) for b in bars] == [40, 12, 3]
    assert all(abs(b.get_x() + b.get_width() / 2) < 1e-9 for b in bars), "bars are centred"
    assert [b.get_y() for b in bars] == sorted(b.get_y() for b in bars), "unit at the bottom"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["unit", "integration", "e2e"]
    texts = [t.get_text() for t in ax.texts]
    assert {"40", "12", "3"} <= set(texts)
    assert "1.2 s (1 failed)" in texts and "20.0 s (1 skipped)" in texts
    assert ax.get_title(loc="left") == "sample"


def test_plot_reads_on_light_and_dark_themes(pyplot):
    """An opaque white figure with dark text: the same image on a light or a dark page."""
    fig = plot_pyramid([Layer("unit", 5, 5, 0, 0, 0.1), Layer("odd", 1, 1, 0, 0, 0.0)])
    assert fig.get_facecolor() == (1.0, 1.0, 1.0, 1.0)
    ax = fig.axes[0]
    for bar in ax.patches:
        fill = tuple(round(c * 255) for c in bar.get_facecolor()[:3])
        assert theme.contrast_ratio("#1a1a1a", fill) >= 4.5, f"label on {fill} is hard to read"
    from matplotlib.text import Text

    texts = [t for t in fig.findobj(Text) if t.get_text()]
    assert len(texts) >= 5, "labels, names and title"
    for text in texts:
        assert text.get_color() == "#1a1a1a", f"{text.get_text()!r} is {text.get_color()}"


def test_run_keeps_pytest_output_for_durations(suite):
    done = run(["--durations=2", "test_loose.py", "test_unit.py"], cwd=suite, timeout=120)
    assert done.exit_code == 1
    assert "slowest 2 durations" in done.output
    assert [layer.count for layer in done.layers] == [6, 0, 0, 1]
