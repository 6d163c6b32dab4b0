"""Small server-rendered SVG charts: statements per year, readable without JavaScript.

``year_chart({year: count}, ...)`` draws one bar per year from the first to the last year
(years with no statement get an empty slot, so gaps show), with a ``<title>`` and
``<desc>`` for screen readers and a ``<title>`` per bar; the page puts the same numbers in
a table beside it. It takes any mapping of years to counts: an organisation's statements
per year (``search.browse.year_counts``) or, once search results carry a year facet (issue
11), that facet as a mapping. The hook for that is in place: ``statements.html`` draws
``year_chart(year_counts, "result-years")`` whenever the view passes ``year_counts``, so
``views.statements`` only needs ``year_counts={int(y): n for y, n in <year facet>}``
(``web.browse.render_year_chart`` is the template global). No inline style (the CSP
forbids it): bars are styled by class in ``style.css``. Text and numbers come in already
translated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from markupsafe import Markup, escape

BAR_WIDTH = 28
GAP = 8  # a bar and its gap hold a four-digit year at the stylesheet's 11px
PLOT_HEIGHT = 80
TOP = 16  # room for the largest count's label
LABEL_HEIGHT = 18  # years under the bars
LEFT = 4
# Label every year while they fit; past that every n-th year (first and last always).
MAX_YEAR_LABELS = 15


def _label_step(years: int) -> int:
    return max(1, -(-years // MAX_YEAR_LABELS))


def year_chart(
    counts: Mapping[int, int],
    *,
    chart_id: str,
    title: str,
    description: str,
    bar_label: Callable[[int, int], str],
    number: Callable[[int], str] = str,
) -> Markup:
    """An SVG bar chart of ``counts`` (year -> count); empty Markup when there are none.

    ``bar_label(year, count)`` is each bar's tooltip ("2022: 3 statements"); ``number``
    formats the years and the top count (Burmese digits in Burmese). Each bar carries
    ``data-year`` and ``data-count`` so tests (and scripts) can read what was drawn.
    """
    if not counts:
        return Markup("")
    first, last = min(counts), max(counts)
    years = list(range(first, last + 1))
    peak = max(counts.values()) or 1
    width = LEFT * 2 + len(years) * (BAR_WIDTH + GAP)
    height = TOP + PLOT_HEIGHT + LABEL_HEIGHT
    step = _label_step(len(years))
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    parts = [
        f'<svg class="chart" id="{escape(chart_id)}" role="img" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{escape(title_id)}">{escape(title)}</title>',
        f'<desc id="{escape(desc_id)}">{escape(description)}</desc>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + PLOT_HEIGHT}" '
        f'x2="{width - LEFT}" y2="{TOP + PLOT_HEIGHT}"/>',
    ]
    for i, year in enumerate(years):
        count = counts.get(year, 0)
        x = LEFT + i * (BAR_WIDTH + GAP) + GAP // 2
        bar = round(PLOT_HEIGHT * count / peak, 1)
        centre = x + BAR_WIDTH / 2
        parts.append(
            f'<rect class="bar" x="{x}" y="{TOP + PLOT_HEIGHT - bar}" width="{BAR_WIDTH}" '
            f'height="{bar}" data-year="{year}" data-count="{count}">'
            f"<title>{escape(bar_label(year, count))}</title></rect>"
        )
        if count == peak:
            parts.append(
                f'<text class="value" x="{centre}" y="{TOP - 4}" text-anchor="middle">'
                f"{escape(number(count))}</text>"
            )
        if i % step == 0 or year == last:
            parts.append(
                f'<text class="year" x="{centre}" y="{height - 4}" text-anchor="middle">'
                f"{escape(number(year))}</text>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))
