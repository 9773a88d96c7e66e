"""Korean particles chosen from the word before them."""

import pytest
from django.template import Context, Template

from core import korean


@pytest.mark.parametrize(
    ("word", "which", "expected"),
    [
        ("성미산 마을 미디어", "은", "성미산 마을 미디어는"),
        ("마포 청소년 인권 모임", "은", "마포 청소년 인권 모임은"),
        ("마포 청소년 인권 모임", "는", "마포 청소년 인권 모임은"),
        ("공동체", "이", "공동체가"),
        ("연대", "가", "연대가"),
        ("협동조합", "이", "협동조합이"),
        ("데이터", "을", "데이터를"),
        ("기록", "를", "기록을"),
        ("활동가", "과", "활동가와"),
        ("강사", "와", "강사와"),
        ("수강생", "와", "수강생과"),
        # 으로/로: a final ㄹ takes 로, like no final at all.
        ("서울", "으로", "서울로"),
        ("마을", "로", "마을로"),
        ("공결", "으로", "공결로"),
        ("출석", "로", "출석으로"),
        ("지각", "으로", "지각으로"),
        ("학교", "으로", "학교로"),
        # Digits read in Sino-Korean: 일(ㄹ), 이, 삼(ㅁ), 육(ㄱ), 영(ㅇ).
        ("1기", "은", "1기는"),
        ("2026", "은", "2026은"),
        ("3", "이", "3이"),
        ("2", "이", "2가"),
        ("1", "으로", "1로"),
        ("6", "으로", "6으로"),
        # Closing marks are looked through; what cannot be read keeps both forms.
        ("“모임”", "이", "“모임”이"),
        ("모임 (서울)", "은", "모임 (서울)은"),
        ("IT", "은", "IT은(는)"),
        ("Open Net", "으로", "Open Net(으)로"),
        ("", "을", "을(를)"),
    ],
)
def test_attach_picks_the_particle_from_the_last_syllable(word, which, expected):
    assert korean.attach(word, which) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("성미산 마을 미디어은(는) 아직", "성미산 마을 미디어는 아직"),
        ("모임이(가) 모임을(를) 모임과(와) 모임(으)로", "모임이 모임을 모임과 모임으로"),
        ("미디어은(는) 미디어이(가) 미디어를(을)", "미디어는 미디어가 미디어를"),
        ("미디어와(과) 마을(으)로 기록으로(로)", "미디어와 마을로 기록으로"),
        ("홍길동: 공결(으)로 저장했습니다.", "홍길동: 공결로 저장했습니다."),
        ("&quot;모임&quot;이(가) 왔습니다", "&quot;모임&quot;이 왔습니다"),
        ("Activist IT은(는) 그대로", "Activist IT은(는) 그대로"),
        ("괄호 없는 문장은 그대로입니다.", "괄호 없는 문장은 그대로입니다."),
    ],
)
def test_resolve_replaces_the_written_out_alternatives(text, expected):
    assert korean.resolve(text) == expected


def test_template_filters_keep_escaping():
    template = Template(
        '{% load korean %}{{ name|josa:"은" }} · '
        '{% with text="<b>모임</b>이(가)"|safe %}{{ text|particles }}{% endwith %}'
    )
    rendered = template.render(Context({"name": "<모임>"}))
    assert rendered == "&lt;모임&gt;은 · <b>모임</b>이"
