"""course_lib.theme: colours only from JupyterLab's variables (with fallbacks), one style per
status everywhere, AA contrast on the light and dark palettes, and a contrast helper that is right.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from course_lib import theme

pytestmark = pytest.mark.unit

AA = 4.5
COLOUR_PROPERTIES = re.compile(
    r"(?<![-\w])(color|background(?:-color)?|border(?:-(?:top|right|bottom|left))?(?:-color)?"
    r"|outline(?:-color)?)\s*:\s*([^;{}]+)"
)
VAR = re.compile(r"var\(\s*(--[\w-]+)\s*(?:,\s*((?:[^()]|\([^()]*\))*))?\)")
LITERAL = re.compile(r"#[0-9a-fA-F]{3,8}\b|\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch)\(")
THEMES = Path(sys.prefix) / "share/jupyter/lab/themes/@jupyterlab"


def _colour_values() -> list[tuple[str, str]]:
    return COLOUR_PROPERTIES.findall(theme.CSS)


def test_every_colour_is_a_jupyterlab_variable_with_a_fallback():
    values = _colour_values()
    assert len(values) > 10, "no colour declarations found: the pattern is broken"
    for prop, value in values:
        names = VAR.findall(value)
        assert names or value.strip() in ("inherit", "transparent", "none"), (prop, value)
        for name, fallback in names:
            assert name.startswith("--jp-"), f"{prop}: {name} is not a JupyterLab variable"
            assert fallback.strip(), f"{prop}: {name} has no fallback"
        bare = VAR.sub("", value)
        assert not LITERAL.search(bare), f"{prop}: a colour outside var(): {value}"
        assert "var(" not in bare, f"{prop}: an unparsed var(): {value}"
    assert not LITERAL.search(VAR.sub("", theme.CSS)), "a colour literal outside var()"


def test_every_status_has_one_style_mark_and_word():
    classes = set()
    for word, style in theme.STATUSES.items():
        assert theme.status_style(word) is style
        assert style.tone in theme.TONES and style.mark in "✓✗·!-"
        assert style.css_class not in classes, f"two statuses share {style.css_class}"
        classes.add(style.css_class)
        badge = theme.status_badge(word)
        assert f'class="cl-status {style.css_class}"' in badge
        assert badge.endswith(f"{style.mark}&nbsp;{word}</span>"), "mark and word, not colour only"
        rules = re.findall(rf"\.{style.css_class}\b[^{{]*\{{([^}}]*)\}}", theme.CSS)
        assert rules == [f" color: {theme.TONES[style.tone].css}; "], f"{word}: {rules}"
        assert f"[{theme.TONES[style.tone].rich}]" in theme.rich_label(word)


def test_an_unknown_status_keeps_its_word_and_a_neutral_style():
    badge = theme.status_badge("timed <out>")
    assert "cl-status-other" in badge and "timed &lt;out&gt;" in badge
    assert theme.status_style("timed <out>").tone == "neutral"


def test_feedback_progress_and_doctor_use_the_same_badges(tmp_path, monkeypatch):
    from course_lib import doctor
    from course_lib.checks import progress
    from course_lib.checks.result import Result

    failed = Result("00.2", "Cart total", "code", "failed", "1 of 2 cases fail")
    assert theme.status_badge("failed") in failed._repr_html_()
    assert "cl-edge-error" in failed._repr_html_() and "\x1b" not in failed._repr_html_()
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    progress.record(failed)
    page = progress.html_tables()
    assert theme.status_badge("failed") in page and theme.status_badge("not started") in page
    rows = [
        {"item": "Docker", "ok": False, "optional": True, "detail": "-", "advice": "`none`"},
        {"item": "Python", "ok": True, "optional": False, "detail": "3.11", "advice": ""},
        {"item": "nbval", "ok": False, "optional": False, "detail": "no", "advice": "install"},
    ]
    table = doctor.html_table(rows)
    for status in ("optional", "ok", "missing"):
        assert theme.status_badge(status) in table
    assert "<code>none</code>" in table
    assert "style=" not in table + page, "colours come from the stylesheet, not inline styles"


def test_terminal_output_stays_plain_rich_text(tmp_path, monkeypatch):
    from course_lib import doctor
    from course_lib.checks import progress

    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))
    text = theme.plain_text(*progress.tables())
    assert "Lesson 00" in text and "· not started" in text and "\x1b" not in text
    rows = [{"item": "Python", "ok": True, "optional": False, "detail": "3.11", "advice": ""}]
    shown = doctor.render(rows)
    assert "✓ ok" in repr(shown) and "<table" in shown._repr_html_()
    assert not theme.in_notebook(), "pytest is not a Jupyter kernel"


@pytest.mark.parametrize(
    ("foreground", "background", "ratio"),
    [
        ("#000", "#fff", 21.0),
        ("#ffffff", "#000000", 21.0),
        ("#fff", "#fff", 1.0),
        ("#767676", "#fff", 4.54),  # the lightest grey that passes AA on white
        ("#777777", "#ffffff", 4.48),  # one step lighter fails
        ("rgb(0, 0, 255)", "rgb(255, 255, 255)", 8.59),
        ("color(srgb 1 0 0)", "#fff", 4.0),
        ("rgba(0, 0, 0, 0.5)", "#fff", 3.98),  # composited: #808080 on white
    ],
)
def test_contrast_ratio_of_known_pairs(foreground, background, ratio):
    assert theme.contrast_ratio(foreground, background) == pytest.approx(ratio, abs=0.01)


def test_parse_and_composite():
    assert theme.parse_colour("#0f08") == (0, 255, 0, pytest.approx(0.533, abs=0.001))
    assert theme.parse_colour("rgb(10 20 30 / 50%)") == (10, 20, 30, 0.5)
    assert theme.parse_colour("transparent")[3] == 0
    assert theme.over((0, 0, 0, 0.5), (255, 255, 255, 1.0)) == (127.5, 127.5, 127.5, 1.0)
    with pytest.raises(ValueError):
        theme.parse_colour("papayawhip")


# What the browser computes for `color-mix(in srgb, A p%, B)` with JupyterLab's variables.


def _palette(name: str) -> dict[str, str]:
    """A theme's --jp-* values, and Material colours (--md-*) as the themes' fallbacks name them."""
    material = {}
    for css in THEMES.glob("*/index.css"):
        material.update(re.findall(r"var\((--md-[\w-]+),\s*(#[0-9a-fA-F]+)\)", css.read_text()))
    css = (THEMES / name / "index.css").read_text()
    return material | dict(re.findall(r"(--jp-[\w-]+)\s*:\s*([^;]+);", css))


def _resolve(value: str, palette: dict[str, str]) -> tuple[float, ...]:
    """A colour expression: a var() takes the palette's value (itself maybe a var()) or fallback."""
    value = value.strip()
    named = {"white": "#fff", "black": "#000"}
    match = VAR.fullmatch(value)
    if match:
        name, fallback = match.groups()
        return _resolve(palette.get(name, fallback), palette)
    return theme.parse_colour(named.get(value, value))


def _tone_colour(tone: theme.Tone, palette: dict[str, str]) -> tuple[float, ...]:
    a, b, p = _resolve(tone.colour, palette), _resolve(tone.towards, palette), tone.share / 100
    return tuple(x * p + y * (1 - p) for x, y in zip(a[:3], b[:3], strict=True))


def _page_colours(palette: dict[str, str]) -> list[tuple[float, ...]]:
    return [_resolve("var(--jp-layout-color0, #fff)", palette)] + (
        [_resolve(palette["--jp-layout-color1"], palette)]
        if "--jp-layout-color1" in palette
        else []
    )


@pytest.mark.parametrize(
    "palette_name",
    ["none", "theme-light-extension", "theme-dark-extension", "theme-dark-high-contrast-extension"],
)
def test_every_status_reaches_aa_on_the_palette(palette_name):
    """No JupyterLab (a report file: the fallbacks on white), then its light and dark themes."""
    if palette_name != "none" and not (THEMES / palette_name).exists():
        pytest.skip(f"JupyterLab's {palette_name} is not installed here")
    palette = {} if palette_name == "none" else _palette(palette_name)
    for word, style in theme.STATUSES.items():
        colour = _tone_colour(theme.TONES[style.tone], palette)
        for page in _page_colours(palette):
            ratio = theme.contrast_ratio(colour, page)
            assert ratio >= AA, f"{palette_name}: {word} is {ratio:.2f}:1 on {page}"
