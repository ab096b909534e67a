"""The class report as one self-contained HTML page: a chart per exercise and the learners' table.

No CDN, no script: the chart is an inline SVG from matplotlib. It reads in light and dark pages:
text and axes are drawn in `currentColor` (the page's text colour, set by prefers-color-scheme),
bars are mid-tone colours that hold on both backgrounds, and every category also has a hatch
pattern, a legend label and a count, so nothing is told by colour alone.
"""

from __future__ import annotations

import html
import io

# category -> (statuses in it, colour, hatch, mark)
CATEGORIES = {
    "passed": (("passed",), "#2e8b57", "", "✓"),
    "failed": (("failed", "error"), "#d1495b", "//", "✗"),
    "not done": (("not done yet",), "#e0a030", "..", "·"),
    "missing": (("not run",), "#8d99ae", "xx", "-"),
}
_INK = "#010203"  # drawn in this colour, then replaced by currentColor in the SVG

_STYLE = """
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --line: #d0d7de; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #e6edf3; --line: #30363d; } }
body { background: var(--bg); color: var(--fg); font: 15px/1.4 system-ui, sans-serif;
       margin: 1.5rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: center; }
td:first-child, th:first-child { text-align: left; }
td.passed { background: rgba(46, 139, 87, .25); } td.failed { background: rgba(209, 73, 91, .25); }
td.not-done { background: rgba(224, 160, 48, .25); }
pre { white-space: pre-wrap; max-height: 20em; overflow: auto; border: 1px solid var(--line); }
"""


def category(status: str) -> str:
    for name, (statuses, *_rest) in CATEGORIES.items():
        if status in statuses:
            return name
    return "failed"


def counts(report: dict) -> dict[str, dict[str, int]]:
    """exercise -> category -> number of learners."""
    table = {ex: dict.fromkeys(CATEGORIES, 0) for ex in report["exercises"]}
    for entry in report["learners"].values():
        for ex in report["exercises"]:
            table[ex][category(entry["results"].get(ex, "not run"))] += 1
    return table


def chart_svg(report: dict) -> str:
    """A stacked horizontal bar per exercise, as inline SVG ('' when there is nothing to draw)."""
    if not report["exercises"]:
        return ""
    import matplotlib

    matplotlib.use("agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    data = counts(report)
    names = report["exercises"]
    fig = Figure(figsize=(8, 0.45 * len(names) + 1.4))
    ax = fig.subplots()
    left = [0] * len(names)
    for cat, (_statuses, colour, hatch, _mark) in CATEGORIES.items():
        values = [data[ex][cat] for ex in names]
        bars = ax.barh(names, values, left=left, color=colour, hatch=hatch, edgecolor="white")
        labels = [str(v) if v else "" for v in values]
        # a count in a white pill: readable on every bar, hatch and page colour
        pill = {"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"}
        ax.bar_label(bars, labels=labels, label_type="center", color="#111111", bbox=pill)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("learners")
    ax.set_title("Results per exercise")
    ax.legend(
        list(CATEGORIES), loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, labelcolor=_INK
    )
    ax.xaxis.label.set_color(_INK)
    ax.title.set_color(_INK)
    ax.tick_params(colors=_INK)
    for spine in ax.spines.values():
        spine.set_color(_INK)
    fig.patch.set_alpha(0)
    ax.patch.set_alpha(0)
    fig.tight_layout()
    out = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "text.color": _INK}):
        fig.savefig(out, format="svg")
    svg = out.getvalue()
    return svg[svg.index("<svg") :].replace(_INK, "currentColor")


def _cell(status: str) -> str:
    cat = category(status)
    mark = CATEGORIES[cat][3]
    cls = cat.replace(" ", "-")
    return f"<td class='{cls}' title='{html.escape(status)}'>{mark} {html.escape(status)}</td>"


def _details(name: str, entry: dict) -> str:
    e = html.escape
    parts = [f"<li>{e(err)}</li>" for err in entry.get("errors", [])]
    items = f"<ul>{''.join(parts)}</ul>" if parts else ""
    logs = "".join(
        f"<p>Kernel output of {e(book)}:</p><pre>{e(text)}</pre>"
        for book, text in entry.get("stderr", {}).items()
    )
    return f"<details><summary>{e(name)}</summary>{items}{logs}</details>" if items or logs else ""


def to_html(report: dict) -> str:
    e = html.escape
    exercises = report["exercises"]
    head = "".join(f"<th>{e(x)}</th>" for x in ["learner", *exercises, "score"])
    rows = []
    for name, entry in report["learners"].items():
        cells = "".join(_cell(entry["results"].get(ex, "not run")) for ex in exercises)
        rows.append(f"<tr><td>{e(name)}</td>{cells}<td>{entry['score']}/{entry['total']}</td></tr>")
    data = counts(report)
    summary = "".join(
        f"<tr><td>{e(ex)}</td>{''.join(f'<td>{data[ex][c]}</td>' for c in CATEGORIES)}</tr>"
        for ex in exercises
    )
    details = "".join(_details(n, entry) for n, entry in report["learners"].items())
    points = ", ".join(f"{e(ex)}: {report.get('points', {}).get(ex, 1)}" for ex in exercises)
    return (
        "<!doctype html><html lang='en'><meta charset='utf-8'><title>Class report</title>"
        f"<style>{_STYLE}</style><h1>Class report</h1>"
        f"<p>{len(report['learners'])} learners. Points per exercise: {points}.</p>"
        f"<figure>{chart_svg(report)}</figure>"
        f"<table><tr><th>exercise</th>{''.join(f'<th>{c}</th>' for c in CATEGORIES)}</tr>"
        f"{summary}</table>"
        f"<table><tr>{head}</tr>{''.join(rows)}</table>"
        f"{details}<p>Isolation: {e(report.get('isolation', ''))}</p></html>\n"
    )
