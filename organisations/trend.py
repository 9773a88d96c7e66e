"""The overall score over successive assessments, as numbers for a server-rendered SVG line
chart, with the ladder's bands behind it."""

from dataclasses import dataclass

WIDTH, HEIGHT = 360, 200
LEFT, RIGHT, TOP, BOTTOM = 44, 32, 16, 28  # room for the axis labels


@dataclass
class Point:
    x: float
    y: float
    score: int
    label: str


def _y(score: float) -> float:
    return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - score / 100), 1)


def trend(history: list[tuple[str, int]], stage_names: list[str]) -> dict:
    """Points, band lines and labels for [(date label, overall score), ...], oldest first."""
    if len(history) < 2:
        return {}
    span = WIDTH - LEFT - RIGHT
    step = span / (len(history) - 1)
    points = [
        Point(round(LEFT + i * step, 1), _y(score), score, label)
        for i, (label, score) in enumerate(history)
    ]
    stages = len(stage_names)
    bands = [
        {"y": _y(100 * n / stages), "label_y": _y(100 * (n + 0.5) / stages), "name": name}
        for n, name in enumerate(stage_names)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "bottom": HEIGHT - BOTTOM,
        "points": points,
        "line": " ".join(f"{p.x},{p.y}" for p in points),
        "bands": bands,
    }
