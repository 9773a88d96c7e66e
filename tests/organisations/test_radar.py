"""The radar chart's labels: broken between words, and inside the picture it draws."""

import pytest

from organisations.radar import LINE_HEIGHT, radar, text_width

AREAS = [
    "인프라·보안",
    "협업·소통 도구",
    "웹·온라인 홍보",
    "데이터·회계·행정",
    "프로젝트 관리",
    "법·제도와 개인정보",
]


def _chart(names):
    return radar([{"name": name, "score": 10 * n} for n, name in enumerate(names)])


@pytest.mark.parametrize(
    "names", [AREAS, AREAS[:3], ["Infrastructure and security", "Collaboration", "Web"]]
)
def test_labels_break_only_between_words_and_keep_the_score(names):
    for spoke in _chart(names)["spokes"]:
        assert " ".join(spoke.lines) == f"{spoke.name} {spoke.score}"


def test_labels_beside_the_chart_wrap_to_keep_it_narrow():
    lines = {spoke.name: spoke.lines for spoke in _chart(AREAS)["spokes"]}
    assert lines["협업·소통 도구"] == ["협업·소통", "도구 10"]
    assert lines["데이터·회계·행정"] == ["데이터·회계·행정 30"]  # below the chart: room to spare


@pytest.mark.parametrize("names", [AREAS, AREAS[:4], ["Infrastructure and security"] * 5])
def test_the_view_box_holds_every_label(names):
    chart = _chart(names)
    left, top, width, height = (float(n) for n in chart["view_box"].split())
    for spoke in chart["spokes"]:
        widest = max(text_width(line) for line in spoke.lines)
        start = {"start": spoke.label_x, "end": spoke.label_x - widest}.get(
            spoke.anchor, spoke.label_x - widest / 2
        )
        assert left <= start and start + widest <= left + width, spoke.name
        last_baseline = spoke.label_y + LINE_HEIGHT * (len(spoke.lines) - 1)
        assert top <= spoke.label_y - 13 and last_baseline <= top + height, spoke.name
