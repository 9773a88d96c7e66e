from organisations.trend import trend

NAMES = ["시작", "기초", "활용", "선도"]


def test_one_assessment_has_no_trend_to_draw():
    assert trend([("2026-01", 40)], NAMES) == {}


def test_points_run_left_to_right_and_higher_scores_are_drawn_higher():
    chart = trend([("2025-01", 20), ("2025-07", 55), ("2026-01", 100)], NAMES)
    xs = [p.x for p in chart["points"]]
    ys = [p.y for p in chart["points"]]
    assert xs == sorted(xs) and xs[0] == chart["left"] and xs[-1] == chart["right"]
    assert ys[0] > ys[1] > ys[2]
    assert [p.score for p in chart["points"]] == [20, 55, 100]
    # One band per stage of the ladder, the lowest at the bottom of the chart.
    assert [b["name"] for b in chart["bands"]] == NAMES
    assert chart["bands"][0]["y"] == chart["bottom"]
