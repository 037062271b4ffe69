"""Server-rendered SVG charts for the statistics page: the geometry is computed here, the
template `claims/_chart.html` draws it (no JavaScript, no build step). Each chart scales
with its container through its viewBox, so it stays readable on a phone; the page shows the
same numbers in a table for screen readers."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

# The verdict colours, truest green to falsest red; "unproven" grey.
RATING_COLOURS = {
    "true": "#1a7f37",
    "mostly-true": "#4c9a2a",
    "half-true": "#b08800",
    "misleading": "#d4700a",
    "mostly-false": "#cf4a1c",
    "false": "#b3261e",
    "unproven": "#6e7781",
}
SERIES_COLOURS = ("#0b5cad", "#b3261e", "#1a7f37", "#8250df")
WIDTH = 640
BAR_HEIGHT = 22
PLOT_HEIGHT = 180
LABEL_WIDTH = 170
AXIS_SPACE = 30


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass
class Chart:
    title: str
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not any(rect.height > 0 and rect.width > 0 for rect in self.rects)


def bar_chart(title: str, rows: Sequence[tuple[str, float, str]]) -> Chart:
    """Horizontal bars, one row each: (label, value, colour)."""
    height = max(1, len(rows)) * (BAR_HEIGHT + 6) + 6
    chart = Chart(title=title, width=WIDTH, height=height)
    top = max((value for _, value, _ in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 60
    for n, (label, value, colour) in enumerate(rows):
        y = 6 + n * (BAR_HEIGHT + 6)
        width = room * value / top
        chart.rects.append(Rect(LABEL_WIDTH, y, width, BAR_HEIGHT, colour, f"{label}: {value:g}"))
        chart.labels.append(Label(LABEL_WIDTH - 8, y + BAR_HEIGHT * 0.7, label, "end"))
        chart.labels.append(Label(LABEL_WIDTH + width + 6, y + BAR_HEIGHT * 0.7, f"{value:g}"))
    return chart


def column_chart(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]]
) -> Chart:
    """Vertical columns over time: one group per label, one column per series (name, values);
    a tick label under every few groups so that 90 days stay legible."""
    groups = max(1, len(labels))
    chart = Chart(title=title, width=WIDTH, height=PLOT_HEIGHT + AXIS_SPACE)
    top = max((v for _, values in series for v in values), default=0) or 1
    slot = (WIDTH - 40) / groups
    column = max(slot * 0.8 / max(1, len(series)), 0.5)
    every = max(1, math.ceil(groups / 6))  # six tick labels at most: legible on a phone
    chart.labels.append(Label(34, 16, f"{top:g}", "end"))
    chart.labels.append(Label(34, PLOT_HEIGHT, "0", "end"))
    for n, label in enumerate(labels):
        x0 = 40 + n * slot + slot * 0.1
        for k, (name, values) in enumerate(series):
            value = values[n]
            height = PLOT_HEIGHT * value / top
            colour = SERIES_COLOURS[k % len(SERIES_COLOURS)]
            chart.rects.append(
                Rect(
                    x0 + k * column,
                    PLOT_HEIGHT - height,
                    column,
                    height,
                    colour,
                    f"{label}, {name}: {value:g}",
                )
            )
        if n % every == 0:  # centred under its group, kept inside the picture
            centre = min(max(x0 + slot * 0.4, 70), WIDTH - 35)
            chart.labels.append(Label(centre, PLOT_HEIGHT + 20, label, "middle"))
    chart.legend = [
        (name, SERIES_COLOURS[k % len(SERIES_COLOURS)]) for k, (name, _) in enumerate(series)
    ]
    return chart


def stats_charts(stats: dict) -> dict[str, Chart]:
    """The statistics page's charts, from `claims.stats.claim_stats`."""
    days = stats["days"]
    day_labels = [row["date"].strftime("%d %b") for row in days]
    return {
        "found": column_chart(
            "Claims found per day", day_labels, [("Found", [row["found"] for row in days])]
        ),
        "triage": column_chart(
            "Selected and dismissed per day",
            day_labels,
            [
                ("Selected", [row["selected"] for row in days]),
                ("Dismissed", [row["dismissed"] for row in days]),
            ],
        ),
        "published": column_chart(
            "Published per week",
            [row["week"].strftime("%d %b") for row in stats["weeks"]],
            [("Published", [row["published"] for row in stats["weeks"]])],
        ),
        "verdicts": bar_chart(
            "Verdicts of the fact-checks published",
            [
                (row["rating"], row["count"], RATING_COLOURS.get(row["slug"], "#6e7781"))
                for row in stats["verdicts"]
            ],
        ),
    }
