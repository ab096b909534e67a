"""The progress chart's legend never hides a bar, and the whole legend stays inside the figure."""

from __future__ import annotations

import io

import pytest

from course_lib.checks import progress

pytestmark = pytest.mark.unit


def _lessons(totals: list[int], solved: list[int]) -> dict[str, list[dict]]:
    return {
        f"{n:02d}": [{"passed": i < done} for i in range(total)]
        for n, (total, done) in enumerate(zip(totals, solved, strict=True))
    }


@pytest.fixture
def pyplot():
    import matplotlib

    matplotlib.use("agg")
    import matplotlib.pyplot as plt

    yield plt
    plt.close("all")


# the last lessons are the tallest: exactly where a legend at "upper right" used to sit
@pytest.mark.parametrize(
    ("totals", "solved"),
    [([3, 4, 4, 4, 4], [3, 4, 2, 1, 4]), ([3, 4, 4, 3, 3], [0, 0, 0, 0, 0]), ([1] * 5, [1] * 5)],
)
def test_legend_covers_no_bar(monkeypatch, pyplot, totals, solved):
    monkeypatch.setattr(progress, "by_lesson", lambda path=None: _lessons(totals, solved))
    ax = progress.plot_progress()
    fig = ax.figure
    fig.savefig(io.BytesIO(), format="png")  # lay out and draw, as a notebook does
    renderer = fig.canvas.get_renderer()
    legend = ax.get_legend().get_window_extent(renderer)
    bars = [bar.get_window_extent(renderer) for bar in ax.patches]
    assert len(bars) == 10, "5 lessons, two bars each"
    overlapping = [i for i, bar in enumerate(bars) if legend.overlaps(bar)]
    assert not overlapping, f"the legend covers bars {overlapping}"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["00", "01", "02", "03", "04"]
    figure = fig.bbox
    assert figure.x0 <= legend.x0 and legend.x1 <= figure.x1, "the legend is cut off"
    assert figure.y0 <= legend.y0 and legend.y1 <= figure.y1, "the legend is cut off"
