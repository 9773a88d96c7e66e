"""Closing an account from My account (password confirmed) and from the admin (staff)."""

import pytest

from core.people import ANONYMISED_NAME
from organisations import services
from organisations.models import Membership, Organisation
from school.models import AccountClosure, User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
URL = "/accounts/close/"


def test_the_page_explains_what_is_removed_and_what_is_kept(client, student):
    client.force_login(student)
    page = client.get(URL).content.decode()
    assert "개인정보 보호법" in page and "가명처리" in page
    assert 'name="password"' in page


def test_the_only_coordinator_is_told_before_closing(client, student):
    alone = services.register(student, Organisation(name="혼자 맡은 단체"))
    shared = services.register(student, Organisation(name="함께 맡은 단체"))
    Membership.objects.create(
        organisation=shared, user=UserFactory(), role=Membership.Role.COORDINATOR
    )
    client.force_login(student)
    page = client.get(URL).content.decode()
    assert "유일한 담당자" in page and "혼자 맡은 단체" in page
    assert "함께 맡은 단체" not in page
    assert f'href="/organisations/{alone.pk}/"' in page


def test_a_wrong_password_is_refused_clearly_and_changes_nothing(client, student):
    client.force_login(student)
    response = client.post(URL, {"password": "not-my-password"})
    assert response.status_code == 200
    assert "비밀번호가 맞지 않습니다. 계정은 바뀌지 않았습니다." in response.content.decode()
    student.refresh_from_db()
    assert student.is_active and student.name == "김학생"
    assert not AccountClosure.objects.exists()


def test_the_right_password_closes_the_account_and_logs_out(client, student):
    client.force_login(student)
    response = client.post(URL, {"password": "correct-horse-battery"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert User.objects.get(pk=student.pk).name == ANONYMISED_NAME
    assert client.get("/accounts/profile/").status_code == 302


def test_profile_links_to_closing_the_account(client, student):
    client.force_login(student)
    assert URL in client.get("/accounts/profile/").content.decode()


def _admin_url(user):
    return f"/admin/users/close/{user.pk}/"


def test_staff_close_an_account_from_the_admin_with_a_reason(client, staff, student):
    client.force_login(staff)
    assert f'href="{_admin_url(student)}"' in client.get("/admin/users/").content.decode()
    assert client.get(_admin_url(student)).status_code == 200
    response = client.post(_admin_url(student), {"reason": "2027-03-02 전화로 탈퇴 요청"})
    assert response.status_code == 302
    closure = AccountClosure.objects.get(user=student)
    assert closure.closed_by == staff and closure.reason.startswith("2027-03-02")
    assert User.objects.get(pk=student.pk).name == ANONYMISED_NAME


def test_staff_must_give_a_reason(client, staff, student):
    client.force_login(staff)
    r = client.post(_admin_url(student), {"reason": ""})
    assert r.status_code == 200
    assert not AccountClosure.objects.exists()


@pytest.mark.parametrize("who", ["instructor", "student"])
def test_others_cannot_close_accounts_from_the_admin(client, request, who, other_student):
    client.force_login(request.getfixturevalue(who))
    response = client.post(_admin_url(other_student), {"reason": "x"})
    assert response.status_code in (302, 403)
    assert not AccountClosure.objects.exists()


def test_staff_cannot_close_a_superuser_or_their_own_account_there(client, staff):
    admin = UserFactory(username="root", is_superuser=True)
    client.force_login(staff)
    for target in (admin, staff):
        # The admin answers a refusal with a redirect and a message.
        assert client.post(_admin_url(target), {"reason": "x"}).status_code in (302, 403)
    assert not AccountClosure.objects.exists()
