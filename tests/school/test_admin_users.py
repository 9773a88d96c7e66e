import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_create_a_user_with_one_full_name_in_the_admin(client, staff):
    client.force_login(staff)
    page = client.get("/admin/users/new/").content.decode()
    assert 'name="name"' in page
    assert 'name="first_name"' not in page
    response = client.post(
        "/admin/users/new/",
        {
            "username": "narae",
            "name": "이나래",
            "email": "narae@example.org",
            "password1": "quiet-river-2026",
            "password2": "quiet-river-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = get_user_model().objects.get(username="narae")
    assert user.get_full_name() == "이나래"


def test_staff_rename_a_user_in_the_admin(client, staff, student):
    client.force_login(staff)
    url = reverse("wagtailusers_users:edit", args=[student.pk])
    assert 'value="김학생"' in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "username": student.username,
            "name": "김새이름",
            "email": student.email,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.name == "김새이름"
