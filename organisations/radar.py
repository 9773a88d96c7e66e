"""A radar chart of area scores, as numbers for a server-rendered SVG.

Labels wrap between words onto short lines, and the chart's viewBox is drawn around them,
so a phone can show the whole chart at its width with no label cut off.
"""

import math
from dataclasses import dataclass

SIZE, CENTRE, RADIUS = 320, 160, 110
# The labels' font size and line height in chart units (`.radar__label` in site.css), and
# how wide a line may grow before the next word goes onto a line of its own.
LABEL_SIZE, LINE_HEIGHT, LINE_WIDTH = 13, 16, 80
MARGIN = 6


@dataclass
class Spoke:
    name: str
    score: int
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str
    lines: list[str]


def _point(i: int, n: int, fraction: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n
    return (
        round(CENTRE + RADIUS * fraction * math.cos(angle), 1),
        round(CENTRE + RADIUS * fraction * math.sin(angle), 1),
    )


def text_width(text: str) -> float:
    """Estimate a label's width: Hangul and the middle dot a full em, other letters less."""
    widths = (1.0 if ord(ch) >= 0x1100 or ch == "·" else 0.3 if ch == " " else 0.62 for ch in text)
    return LABEL_SIZE * sum(widths)


def _lines(name: str, score: int, width: float) -> list[str]:
    """Break "name score" between words (never inside one) into lines at most `width` wide."""
    lines: list[str] = []
    for word in [*name.split(), str(score)]:
        if lines and text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines


def _label(i: int, n: int, name: str, score: int) -> tuple[float, float, str, list, tuple]:
    """Where a spoke's label goes: its anchor, first baseline, lines and the box it covers."""
    x, y = _point(i, n, 1.1)
    anchor = "middle" if abs(x - CENTRE) < 5 else ("start" if x > CENTRE else "end")
    # Beside the chart a label widens the whole picture; above or below it has room.
    lines = _lines(name, score, LINE_WIDTH * (2 if anchor == "middle" else 1))
    width = max(text_width(line) for line in lines)
    height = LINE_HEIGHT * len(lines)
    if y < CENTRE - RADIUS * 0.5:  # above the chart: the text stands on the point
        top = y - height
    elif y > CENTRE + RADIUS * 0.5:  # below: it hangs from it
        top = y
    else:
        top = y - height / 2
    left = {"start": x, "end": x - width, "middle": x - width / 2}[anchor]
    baseline = round(top + LABEL_SIZE, 1)  # a line's glyphs sit about one em above its baseline
    return x, baseline, anchor, lines, (left, top, left + width, top + height)


def radar(areas: list[dict]) -> dict:
    """Spokes, rings, the score polygon and the viewBox for areas [{name, score}, ...]."""
    n = len(areas)
    if n < 3:
        return {}
    spokes = []
    boxes = [(CENTRE - RADIUS, CENTRE - RADIUS, CENTRE + RADIUS, CENTRE + RADIUS)]
    for i, area in enumerate(areas):
        x, y = _point(i, n, 1)
        lx, ly, anchor, lines, box = _label(i, n, area["name"], area["score"])
        boxes.append(box)
        spokes.append(Spoke(area["name"], area["score"], x, y, lx, ly, anchor, lines))
    rings = [
        " ".join(f"{x},{y}" for x, y in (_point(i, n, level / 4) for i in range(n)))
        for level in (1, 2, 3, 4)
    ]
    polygon = " ".join(
        f"{x},{y}" for x, y in (_point(i, n, a["score"] / 100) for i, a in enumerate(areas))
    )
    left = min(box[0] for box in boxes) - MARGIN
    top = min(box[1] for box in boxes) - MARGIN
    right = max(box[2] for box in boxes) + MARGIN
    bottom = max(box[3] for box in boxes) + MARGIN
    return {
        "size": SIZE,
        "centre": CENTRE,
        "spokes": spokes,
        "rings": rings,
        "polygon": polygon,
        "view_box": f"{left:.0f} {top:.0f} {right - left:.0f} {bottom - top:.0f}",
        "line_height": LINE_HEIGHT,
    }
