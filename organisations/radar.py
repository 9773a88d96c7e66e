"""A radar chart of area scores, as numbers for a server-rendered SVG."""

import math
from dataclasses import dataclass

SIZE, CENTRE, RADIUS = 320, 160, 110


@dataclass
class Spoke:
    name: str
    score: int
    x: float
    y: float
    label_x: float
    label_y: float
    anchor: str


def _point(i: int, n: int, fraction: float) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n
    return (
        round(CENTRE + RADIUS * fraction * math.cos(angle), 1),
        round(CENTRE + RADIUS * fraction * math.sin(angle), 1),
    )


def radar(areas: list[dict]) -> dict:
    """Spokes, rings and the score polygon for areas [{name, score}, ...]."""
    n = len(areas)
    if n < 3:
        return {}
    spokes = []
    for i, area in enumerate(areas):
        x, y = _point(i, n, 1)
        lx, ly = _point(i, n, 1.18)
        anchor = "middle" if abs(lx - CENTRE) < 5 else ("start" if lx > CENTRE else "end")
        spokes.append(Spoke(area["name"], area["score"], x, y, lx, ly, anchor))
    rings = [
        " ".join(f"{x},{y}" for x, y in (_point(i, n, level / 4) for i in range(n)))
        for level in (1, 2, 3, 4)
    ]
    polygon = " ".join(
        f"{x},{y}" for x, y in (_point(i, n, a["score"] / 100) for i, a in enumerate(areas))
    )
    return {
        "size": SIZE,
        "centre": CENTRE,
        "spokes": spokes,
        "rings": rings,
        "polygon": polygon,
    }
