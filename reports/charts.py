"""Grouped bars and lines over periods, as numbers for server-rendered SVG charts."""

import math
from dataclasses import dataclass

# Drawn small and scaled to the width of its box: on a phone the labels shrink by a quarter,
# so the stylesheet sets them large (and smaller again on wide screens).
WIDTH, HEIGHT = 440, 250
LEFT, RIGHT, TOP, BOTTOM = 60, 10, 14, 50  # room for the axis labels at their largest


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    colour: str
    title: str


@dataclass
class Point:
    x: float
    y: float
    value: int
    colour: str
    title: str


def nice_top(largest: float) -> tuple[int, int]:
    """A round top for the axis and its step: 7 → (8, 2), 230 → (250, 50)."""
    if largest <= 0:
        return 4, 1
    for step in (10**e * m for e in range(0, 12) for m in (1, 2, 5)):
        if largest / step <= 5:
            return step * math.ceil(largest / step), step
    raise ValueError(largest)


def _frame(periods, top: int, step: int) -> dict:
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_width / max(len(periods), 1)
    ticks = [
        {"y": round(TOP + plot_height * (1 - v / top), 1), "label": v}
        for v in range(0, top + 1, step)
    ]
    labels = [
        {
            "x": round(LEFT + slot * (i + 0.5), 1),
            "tick": p.tick,
            # The year under the first period and wherever a new one begins.
            "year": p.year if i == 0 or periods[i - 1].year != p.year else "",
        }
        for i, p in enumerate(periods)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "ticks": ticks,
        "labels": labels,
        "slot": slot,
    }


def bars(periods, series) -> dict:
    """One bar per period and group, side by side: series is [(group, [value per period])]."""
    top, step = nice_top(max((v for _g, values in series for v in values), default=0))
    chart = _frame(periods, top, step)
    plot_height = chart["bottom"] - TOP
    width = chart["slot"] * 0.8 / max(len(series), 1)
    chart["bars"] = [
        Bar(
            x=round(LEFT + chart["slot"] * (i + 0.1) + width * n, 1),
            y=round(chart["bottom"] - plot_height * value / top, 1),
            width=round(width, 1),
            height=round(plot_height * value / top, 1),
            value=value,
            colour=group.colour,
            title=f"{period.name} · {group.name}: {value}",
        )
        for n, (group, values) in enumerate(series)
        for i, (period, value) in enumerate(zip(periods, values, strict=True))
    ]
    return chart


def lines(periods, series) -> dict:
    """A line per group over 0–100 %; a period without a value breaks the line."""
    chart = _frame(periods, 100, 25)
    plot_height = chart["bottom"] - TOP
    chart["lines"] = []
    for group, values in series:
        points = [
            Point(
                x=round(LEFT + chart["slot"] * (i + 0.5), 1),
                y=round(chart["bottom"] - plot_height * value / 100, 1),
                value=value,
                colour=group.colour,
                title=f"{period.name} · {group.name}: {value}%",
            )
            if value is not None
            else None
            for i, (period, value) in enumerate(zip(periods, values, strict=True))
        ]
        runs, run = [], []
        for point in points + [None]:
            if point is None:
                if run:
                    runs.append(" ".join(f"{p.x},{p.y}" for p in run))
                run = []
            else:
                run.append(point)
        chart["lines"].append(
            {"colour": group.colour, "runs": runs, "points": [p for p in points if p]}
        )
    return chart
