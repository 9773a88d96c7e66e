"""Every lesson block renders on the page, and user text in it stays inert."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents.models import Document
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images.models import Image

from tests.factories import LessonPageFactory
from tests.payloads import XSS_PAYLOADS, assert_inert

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=demo-video"


@pytest.fixture
def image():
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "#2f6f8f").save(buffer, "PNG")
    return Image.objects.create(title="표지", file=ImageFile(buffer, name="cover.png"))


@pytest.fixture
def document():
    document = Document(title="회원 명부 양식")
    document.file.save("members.csv", ContentFile(b"name,email\n"), save=False)
    document.save()
    return document


@pytest.fixture
def cached_video():
    # A cached embed, as the admin stores it when an editor adds the video: no network needed.
    return Embed.objects.create(
        url=VIDEO_URL,
        hash=get_embed_hash(VIDEO_URL),
        max_width=None,
        type="video",
        provider_name="YouTube",
        html='<iframe title="교육 영상" src="https://www.youtube-nocookie.com/embed/demo"></iframe>',
        width=640,
        height=360,
    )


def test_every_block_type_renders(client, course, image, document, cached_video):
    body = [
        {"type": "markdown", "value": "## 마크다운 제목\n\n- 항목"},
        {
            "type": "rich_text",
            "value": '<p><b>굵은</b> 글과 <a href="https://www.law.go.kr">법령</a></p>',
        },
        {"type": "heading", "value": {"text": "둘째 단락", "level": "h3"}},
        {
            "type": "image",
            "value": {
                "image": {"image": image.pk, "decorative": False, "alt_text": "파란 표지"},
                "caption": "그림 설명",
            },
        },
        {"type": "video", "value": {"video": VIDEO_URL, "caption": "영상 설명"}},
        {"type": "document", "value": {"document": document.pk, "label": "양식 내려받기"}},
        {
            "type": "callout",
            "value": {"kind": "warning", "title": "주의", "text": "비밀번호를 공유하지 마세요."},
        },
        {"type": "code", "value": {"language": "bash", "code": "rsync -a ~/단체자료 /backup/"}},
        {"type": "checklist", "value": ["백업 확인", "비밀번호 변경"]},
    ]
    lesson = LessonPageFactory(course=course, body=body)
    soup = BeautifulSoup(client.get(lesson.url).content, "html.parser")
    body_html = soup.select_one(".lesson__body")
    assert body_html.find("h2", string="마크다운 제목")
    assert body_html.find("b", string="굵은")
    assert body_html.find("a", string="법령")["href"] == "https://www.law.go.kr"
    assert body_html.find("h3", string="둘째 단락")
    assert body_html.find("img", alt="파란 표지")
    assert body_html.find("iframe")["src"].startswith("https://www.youtube-nocookie.com/")
    assert body_html.find("a", string="양식 내려받기")["href"] == document.url
    assert "callout--warning" in body_html.find("aside")["class"]
    assert body_html.find("code", class_="language-bash").text == "rsync -a ~/단체자료 /backup/"
    assert [li.text for li in body_html.select(".checklist li")] == ["백업 확인", "비밀번호 변경"]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_user_text_in_every_text_block_renders_inert_on_the_lesson_page(client, course, payload):
    body = [
        {"type": "markdown", "value": payload},
        {"type": "rich_text", "value": payload},
        {"type": "heading", "value": {"text": payload, "level": "h2"}},
        {"type": "callout", "value": {"kind": "info", "title": payload, "text": payload}},
        {"type": "code", "value": {"language": "html", "code": payload}},
        {"type": "checklist", "value": [payload]},
    ]
    lesson = LessonPageFactory(course=course, title=payload[:50], summary=payload, body=body)
    html = client.get(lesson.url).content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert_inert(str(soup.find("main")))
