"""A large account's data download is built by the task worker: the person is told once
when it is ready, only they can fetch it, it holds what the inline download holds, and
its file is deleted after a week."""

import io
import os
import zipfile
from datetime import timedelta

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from outbox.models import SentNotice
from school import my_data
from school.models import DataDownload
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_limit(settings, tmp_path):
    settings.PRIVATE_FILES_ROOT = tmp_path / "private"
    settings.MY_DATA_INLINE_ROWS = 1  # the profile alone stays small; an enrolment more is large


@pytest.fixture
def large(student):
    EnrolmentFactory(user=student)
    assert my_data.is_large(student)
    return student


def _ask(client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("my_data"), follow=True)


def test_a_large_account_is_told_when_its_zip_is_ready_and_only_it_fetches_it(
    client, large, other_student
):
    client.force_login(large)
    page = _ask(client).content.decode()
    assert "준비하고 있습니다" in page
    download = DataDownload.objects.get(user=large)
    assert download.ready_at and download.archive
    notice = SentNotice.objects.get(user=large, kind=my_data.READY_KIND)
    assert notice.link == reverse("my_data_ready", args=[download.pk])
    assert notice.link in client.get(reverse("profile")).content.decode()

    response = client.get(notice.link)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert {f"{name}.json" for name in my_data.TABLES} <= set(names)
    enrolments = zipfile.ZipFile(download.archive.open("rb")).read("enrolments.json")
    assert str(large.enrolments.get().pk).encode() in enrolments

    client.force_login(other_student)
    assert client.get(notice.link).status_code == 404


def test_asking_twice_while_it_is_built_builds_one(client, large):
    client.force_login(large)
    client.post(reverse("my_data"))  # the task waits for the commit, which never comes here
    client.post(reverse("my_data"))
    assert DataDownload.objects.filter(user=large).count() == 1
    assert "준비 중" in client.get(reverse("profile")).content.decode()


def test_after_a_week_the_file_is_gone_and_the_record_stays(client, large, _clock):
    client.force_login(large)
    _ask(client)
    download = DataDownload.objects.get(user=large)
    path = download.archive.path
    _clock.shift(my_data.KEPT_FOR + timedelta(minutes=1))
    client.force_login(large)
    assert client.get(reverse("my_data_ready", args=[download.pk])).status_code == 404
    assert my_data.forget_expired(timezone.now()) == 1
    download.refresh_from_db()
    assert not download.archive and download.rows > 0
    assert not os.path.exists(path)


def test_a_small_account_still_downloads_at_once(client, student, settings):
    settings.MY_DATA_INLINE_ROWS = 5000
    client.force_login(student)
    response = client.post(reverse("my_data"))
    assert response["Content-Type"] == "application/zip"
    assert not SentNotice.objects.filter(kind=my_data.READY_KIND).exists()
