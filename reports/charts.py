"""Charts drawn on the server as SVG, from published figures only: a hidden count has no bar."""

import io
import re

from django.utils.translation import gettext as _

SVG_STYLE = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)
STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')


def _presentation_attributes(match: re.Match[str]) -> str:
    """style="fill: #fff; stroke: none" becomes fill="#fff" stroke="none": the page's
    Content-Security-Policy refuses inline styles, but SVG presentation attributes are markup."""
    pairs = (declaration.split(":", 1) for declaration in match.group(1).split(";") if ":" in declaration)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in pairs)


def _svg(figure: object) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    text = buffer.getvalue()
    # Inline in the page: drop the XML prologue, and matplotlib's <style> block, which the
    # Content-Security-Policy (no inline styles) would refuse anyway.
    return STYLE_ATTRIBUTE.sub(_presentation_attributes, SVG_STYLE.sub("", text[text.index("<svg") :]))


def representation_chart(labels: list[str], involved: list[float | None], benchmark: list[float | None]) -> str:
    from matplotlib.figure import Figure  # imported here: drawing is rare, start-up stays fast

    figure = Figure(figsize=(7, 3.2))
    axes = figure.add_subplot()
    positions = range(len(labels))
    axes.bar(
        [p - 0.2 for p in positions],
        [v * 100 if v is not None else 0 for v in involved],
        0.4,
        label=_("Involved"),
        color="#1d70b8",
    )
    axes.bar(
        [p + 0.2 for p in positions],
        [v * 100 if v is not None else 0 for v in benchmark],
        0.4,
        label=_("Benchmark"),
        color="#b1b4b6",
        hatch="//",
    )
    for position, value in zip(positions, involved, strict=True):
        if value is None:
            axes.annotate(_("not shown"), (position - 0.2, 1), ha="center", fontsize=7, rotation=90)
    axes.set_xticks(list(positions), [label[:22] for label in labels], fontsize=7)
    axes.set_ylabel(_("% of those answering"))
    axes.legend(fontsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _svg(figure)


def trend_chart(periods: list[str], values: list[float | None]) -> str:
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 2.6))
    axes = figure.add_subplot()
    points = [(p, v * 100) for p, v in zip(periods, values, strict=True) if v is not None]
    if points:
        axes.plot([p for p, _v in points], [v for _p, v in points], marker="o", color="#1d70b8")
    axes.set_ylabel(_("% from minority ethnic groups"))
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return _svg(figure)
