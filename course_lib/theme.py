"""One look for everything the course renders as HTML: check feedback, progress, doctor, reports.

Colours come from JupyterLab's theme variables (`var(--jp-…, light fallback)`), so output follows
the light and the dark theme and still works in a plain HTML page. Each status has one colour
(its tone), one mark and one word, so nothing relies on colour alone. A tone's colour is its
JupyterLab colour mixed with the text colour (black in light themes, white in dark ones): darker
on white, lighter on black, at least 4.5:1 against the page in both (WCAG AA).

Reuse in a standalone HTML page (a report): put `page_style()` (or `CSS` in your own <style>)
in <head>, wrap the content in a block `<div class="cl-theme">` (a container for the narrow-width
rules, so not inline-block or floated), show a status with `status_badge(status)` and a table
with `table_html(...)`; without JupyterLab's variables the light fallbacks apply (white page).
A notebook output uses `block(body)`, which carries its own <style>. Imports nothing of the
course, so any module may use it.
"""

from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass

TEXT = "var(--jp-content-font-color0, #000)"  # the theme's strongest text colour
PAGE = "var(--jp-layout-color0, #fff)"  # the theme's page background


@dataclass(frozen=True)
class Tone:
    """A colour family: the theme colour, how much of it to keep, what to mix it with."""

    name: str
    colour: str  # var(--jp-…, fallback)
    share: int  # percent of `colour` in the mix
    towards: str  # TEXT (statuses in colour) or PAGE (quiet grey)
    rich: str  # the style of this tone in a terminal (rich markup)

    @property
    def css(self) -> str:
        return f"color-mix(in srgb, {self.colour} {self.share}%, {self.towards})"


TONES = {
    "success": Tone("success", "var(--jp-success-color1, #388e3c)", 60, TEXT, "green"),
    "error": Tone("error", "var(--jp-error-color1, #d32f2f)", 60, TEXT, "red"),
    "warn": Tone("warn", "var(--jp-warn-color1, #f57c00)", 60, TEXT, "yellow"),
    "neutral": Tone("neutral", TEXT, 62, PAGE, "dim"),
}


@dataclass(frozen=True)
class Status:
    """How one status looks everywhere: mark, word and tone."""

    word: str
    mark: str
    tone: str

    @property
    def css_class(self) -> str:
        return "cl-status-" + re.sub(r"[^a-z0-9]+", "-", self.word.lower()).strip("-")

    @property
    def label(self) -> str:
        return f"{self.mark} {self.word}"


_STATUSES = [
    Status("passed", "✓", "success"),  # a check, progress
    Status("ok", "✓", "success"),  # doctor
    Status("failed", "✗", "error"),
    Status("missing", "✗", "error"),  # doctor: something the course needs is absent
    Status("error", "!", "error"),  # the check itself could not run the code
    Status("not done yet", "·", "warn"),  # the answer still raises NotImplementedError
    Status("not started", "·", "neutral"),
    Status("not run", "-", "neutral"),
    Status("optional", "·", "neutral"),  # doctor: absent, and the course does fine without it
]
STATUSES = {s.word: s for s in _STATUSES}
OTHER = Status("other", "·", "neutral")  # a status this module does not know yet


def status_style(status: str) -> Status:
    """The one style of a status; an unknown status keeps its word, marked neutral."""
    known = STATUSES.get(status)
    if known is not None:
        return known
    return Status(str(status), OTHER.mark, OTHER.tone)


def mark(status: str) -> str:
    return status_style(status).mark


def rich_label(status: str) -> str:
    """`✗ failed` as rich markup in the status's terminal colour."""
    from rich.markup import escape

    style = status_style(status)
    return f"[{TONES[style.tone].rich}]{escape(style.label)}[/]"


def status_badge(status: str, text: str | None = None) -> str:
    """`<span class="cl-status cl-status-failed">✗ failed</span>`; text replaces the words."""
    style = status_style(status)
    known = style.word in STATUSES
    css = style.css_class if known else OTHER.css_class
    # A no-break space keeps the mark with its word when a narrow column wraps.
    shown = f"{style.mark}&nbsp;{html.escape(style.word)}" if text is None else html.escape(text)
    return f'<span class="cl-status {css}">{shown}</span>'


def _status_rules() -> list[str]:
    """One colour rule per tone (its statuses share it) and one left-edge rule per tone."""
    rules = []
    for tone in TONES.values():
        members = [s for s in [*_STATUSES, OTHER] if s.tone == tone.name]
        selectors = ",\n".join(f".cl-theme .{s.css_class}" for s in members)
        rules.append(f"{selectors} {{ color: {tone.css}; }}")
        rules.append(f".cl-theme.cl-edge-{tone.name} {{ border-left: 4px solid {tone.css}; }}")
    return rules


_LAYOUT = """
.cl-theme {
  color: var(--jp-content-font-color1, #212121);
  font-family: var(--jp-content-font-family, system-ui, sans-serif);
  max-width: 100%;
  overflow-wrap: anywhere;
  container-type: inline-size;  /* the narrow rules below follow the output's width */
}
.cl-theme .cl-status { font-weight: 600; overflow-wrap: break-word; }
.cl-theme .cl-scroll { max-width: 100%; overflow-x: auto; }
.cl-theme table.cl-table {
  table-layout: auto;
  border-collapse: collapse;
  margin: 0.25em 0 0.75em 0;
  max-width: 100%;
  color: inherit;
}
.cl-theme table.cl-table caption {
  caption-side: top;
  text-align: left;
  font-weight: 600;
  padding: 0.25em 0;
}
.cl-theme table.cl-table th,
.cl-theme table.cl-table td {
  text-align: left;
  vertical-align: top;
  white-space: normal;
  overflow-wrap: anywhere;
  padding: 0.3em 0.6em;
  border: 1px solid var(--jp-border-color2, #e0e0e0);
}
.cl-theme table.cl-table th,
.cl-theme table.cl-table .cl-word { overflow-wrap: break-word; }
.cl-theme table.cl-table .cl-num { text-align: right; }
.cl-theme table.cl-table thead th { background: var(--jp-layout-color2, #eee); }
.cl-theme table.cl-table tbody tr,
.cl-theme table.cl-table tbody tr:hover { background: transparent; }
.cl-theme.cl-result { padding: 0.1em 0 0.1em 0.6em; }
.cl-theme.cl-result ul.cl-cases { list-style: none; padding-left: 0.5em; margin: 0.25em 0; }
.cl-theme.cl-result pre.cl-pre {
  white-space: pre-wrap;
  word-break: normal;
  overflow-wrap: anywhere;
  margin: 2px 0 2px 1.2em;
  color: inherit;
  background: transparent;
}
@container (max-width: 36em) {
  .cl-theme table.cl-table th,
  .cl-theme table.cl-table td { padding: 0.2em 0.3em; }
}
@container (max-width: 24em) {
  .cl-theme table.cl-table,
  .cl-theme table.cl-table caption,
  .cl-theme table.cl-table tbody,
  .cl-theme table.cl-table tr,
  .cl-theme table.cl-table td { display: block; }
  .cl-theme table.cl-table thead { display: none; }
  .cl-theme table.cl-table tbody tr {
    border: 1px solid var(--jp-border-color2, #e0e0e0);
    margin-bottom: 0.4em;
  }
  .cl-theme table.cl-table td,
  .cl-theme table.cl-table .cl-num { border: none; padding: 0.1em 0.4em; text-align: left; }
  .cl-theme table.cl-table td:empty { display: none; }
  .cl-theme table.cl-table td[data-label]::before {
    content: attr(data-label) ": ";
    font-weight: 600;
  }
}
"""

CSS = _LAYOUT + "\n".join(_status_rules()) + "\n"


def page_style() -> str:
    """A <style> element holding CSS; each notebook output carries its own (outputs stand alone)."""
    return f"<style>{CSS}</style>"


def block(body: str, *classes: str) -> str:
    """HTML for one notebook output: the stylesheet and the body inside a `cl-theme` div."""
    names = " ".join(("cl-theme", *classes))
    return f'{page_style()}<div class="{names}">{body}</div>'


def table_html(
    columns: list[str],
    rows: list[list[str]],
    *,
    caption: str = "",
    cell_classes: dict[int, str] | None = None,
) -> str:
    """A table that reflows and, when it cannot, scrolls in its own box. Cells are HTML already."""
    cell_classes = cell_classes or {}

    def cls(i: int) -> str:
        return f' class="{cell_classes[i]}"' if i in cell_classes else ""

    head = "".join(f"<th{cls(i)}>{html.escape(c)}</th>" for i, c in enumerate(columns))
    labels = [f' data-label="{html.escape(c)}"' for c in columns]
    body = "".join(
        "<tr>"
        + "".join(f"<td{cls(i)}{labels[i]}>{cell}</td>" for i, cell in enumerate(row))
        + "</tr>"
        for row in rows
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<div class="cl-scroll"><table class="cl-table">{cap}'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


@dataclass(frozen=True)
class Rendered:
    """HTML for a notebook, plain text for everything else (a repr, nbconvert, a terminal)."""

    html: str
    text: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text


def in_notebook() -> bool:
    """True inside a Jupyter kernel (HTML is shown); False in a terminal, IPython or not."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()  # a kernel's shell is a ZMQInteractiveShell (Colab's subclasses it)
    return any(cls.__name__ == "ZMQInteractiveShell" for cls in type(shell).__mro__)


def show(rendered: Rendered) -> None:
    """Display rendered output in a notebook (HTML, plain text as the fallback)."""
    from IPython.display import display

    display(rendered)


def plain_text(*renderables, width: int = 100) -> str:
    """What rich would print, without colour codes: the text/plain fallback of an HTML output."""
    from rich.console import Console

    out = io.StringIO()
    console = Console(
        file=out, width=width, color_system=None, force_terminal=False, force_jupyter=False
    )
    for item in renderables:
        console.print(item)
    return out.getvalue().rstrip("\n")


# WCAG 2 contrast (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio), for tests and reports.

_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?%?"


def parse_colour(text: str) -> tuple[float, float, float, float]:
    """(r, g, b, alpha) with r, g, b in 0..255 from #rgb, #rrggbb, rgb(), rgba(), color(srgb)."""
    text = text.strip().lower()
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        values = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
        return (*values[:3], values[3] / 255 if len(values) > 3 else 1.0)
    if text == "transparent":
        return (0.0, 0.0, 0.0, 0.0)
    numbers = re.findall(_NUMBER, text)
    scale = 255.0 if text.startswith("color(srgb") else 1.0
    channels = [_channel(n, scale) for n in numbers[:3]]
    alpha = _alpha(numbers[3]) if len(numbers) > 3 else 1.0
    if len(channels) != 3 or not (text.startswith(("rgb", "color(srgb"))):
        raise ValueError(f"not a colour this helper reads: {text!r}")
    return (*channels, alpha)


def _channel(number: str, scale: float) -> float:
    if number.endswith("%"):
        return float(number[:-1]) * 2.55
    return float(number) * scale


def _alpha(number: str) -> float:
    return float(number[:-1]) / 100 if number.endswith("%") else float(number)


def over(top: tuple[float, ...], below: tuple[float, ...]) -> tuple[float, float, float, float]:
    """`top` painted over `below` (source-over compositing, straight alpha)."""
    a_top, a_below = top[3], below[3]
    alpha = a_top + a_below * (1 - a_top)
    if alpha == 0:
        return (0.0, 0.0, 0.0, 0.0)
    rgb = [
        (t * a_top + b * a_below * (1 - a_top)) / alpha
        for t, b in zip(top[:3], below[:3], strict=True)
    ]
    return (*rgb, alpha)


def relative_luminance(rgb: tuple[float, ...]) -> float:
    def linear(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground, background) -> float:
    """WCAG contrast of two colours (strings or tuples); a translucent foreground is composited."""
    fg = parse_colour(foreground) if isinstance(foreground, str) else tuple(foreground)
    bg = parse_colour(background) if isinstance(background, str) else tuple(background)
    if len(bg) < 4:
        bg = (*bg, 1.0)
    if len(fg) > 3 and fg[3] < 1:
        fg = over(fg, bg)
    lighter, darker = sorted((relative_luminance(fg), relative_luminance(bg)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
