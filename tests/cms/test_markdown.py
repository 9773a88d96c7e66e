import pytest
from bs4 import BeautifulSoup

from cms.markdown import render_markdown
from cms.sanitise import clean_html
from tests.payloads import XSS_PAYLOADS, assert_inert


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_renders_every_payload_inert(payload):
    assert_inert(render_markdown(payload))


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_rich_text_cleaning_renders_every_payload_inert(payload):
    assert_inert(clean_html(payload))


def test_markdown_shows_raw_html_as_text_instead_of_dropping_it():
    html = render_markdown("<b>굵게</b>")
    assert "&lt;b&gt;굵게&lt;/b&gt;" in html


def test_markdown_keeps_ordinary_links_and_formatting():
    soup = BeautifulSoup(
        render_markdown(
            "## 제목\n\n- **굵게** [개인정보포털](https://www.privacy.go.kr) [위](#top)"
        ),
        "html.parser",
    )
    assert soup.h2.text == "제목"
    assert soup.strong.text == "굵게"
    external, internal = soup.find_all("a")
    assert external["href"] == "https://www.privacy.go.kr"
    assert "noopener" in external["rel"]
    assert internal["href"] == "#top"


def test_markdown_link_with_forbidden_scheme_stays_visible_as_text():
    html = render_markdown("[눌러 보세요](javascript:alert(1))")
    assert "<a" not in html
    assert "눌러 보세요" in html
