"""Staff see every message and what became of it; nobody edits the log."""

import pytest
from django.core import mail
from django.core.mail import EmailMessage

from outbox import delivery
from outbox.models import OutgoingMail

pytestmark = pytest.mark.django_db
LISTING = "/admin/snippets/outbox/outgoingmail/"


@pytest.fixture
def failed(settings):
    settings.OUTBOX_DELIVERY_BACKEND = "tests.outbox.test_delivery.Refusing"
    message = EmailMessage("비밀번호 재설정", "링크: /reset/secret-token/", to=["a@x.org"])
    row = delivery.queue(message)
    delivery.deliver.call(row.pk)
    return row


def test_staff_see_each_message_with_its_status_and_error(client, staff, failed):
    client.force_login(staff)
    page = client.get(LISTING).content.decode()
    assert "a@x.org" in page and "비밀번호 재설정" in page
    assert "Connection refused" in page


def test_the_inspect_page_shows_the_error_but_never_the_message(client, staff, failed):
    client.force_login(staff)
    page = client.get(f"{LISTING}inspect/{failed.pk}/").content.decode()
    assert "Connection refused" in page
    assert "secret-token" not in page


@pytest.mark.parametrize("action", ["edit", "delete"])
def test_staff_cannot_change_the_log(client, staff, failed, action):
    client.force_login(staff)
    response = client.post(f"{LISTING}{action}/{failed.pk}/", {"subject": "x"})
    assert response.status_code in (302, 403)
    assert OutgoingMail.objects.get(pk=failed.pk).subject == "비밀번호 재설정"
    assert mail.outbox == []


def test_the_log_speaks_korean(client, staff, failed):
    client.force_login(staff)
    page = client.get(LISTING).content.decode()
    assert "발송 메일" in page and "발송 대기" in page and "마지막 오류" in page
