"""Staff manage ordinary accounts and the school's groups, and cannot climb higher.

Only a superuser makes or unmakes a superuser, opens a superuser's account, or changes
what a group grants. Everyone else gives or takes away only groups whose every permission
they hold, and touches only accounts that hold nothing they lack; every route of the user
admin is held to that, the bulk actions of the users listing included.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

from cms.groups import INSTRUCTORS_GROUP, STAFF_GROUP
from school.admin_users import BULK_ACTIONS
from tests.factories import UserFactory
from tests.security.urls import DENIED, outcome

pytestmark = pytest.mark.django_db
User = get_user_model()


def _permission(label: str) -> Permission:
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@pytest.fixture
def root(db):
    return UserFactory(username="root", name="최고관리", is_superuser=True)


@pytest.fixture
def powerful_group(db):
    """A group holding what Staff do not: deleting users and changing groups."""
    group = Group.objects.create(name="Administrators")
    group.permissions.add(
        _permission("wagtailadmin.access_admin"),
        _permission("school.delete_user"),
        _permission("auth.change_group"),
    )
    return group


def _edit(user) -> str:
    return reverse("wagtailusers_users:edit", args=[user.pk])


def _form(user, **changes) -> dict:
    data = {"username": user.username, "name": user.name, "email": user.email, "is_active": "on"}
    data["groups"] = [group.pk for group in user.groups.all()]
    return {**data, **changes}


def _bulk(action: str, *users) -> str:
    ids = "&".join(f"id={user.pk}" for user in users)
    return f"{reverse('wagtail_bulk_action', args=['school', 'user', action])}?{ids}"


# --- the superuser switch ---------------------------------------------------------------


def test_staff_are_not_offered_the_superuser_switch(client, staff, student):
    client.force_login(staff)
    for url in (_edit(student), reverse("wagtailusers_users:add")):
        page = client.get(url).content.decode()
        assert 'name="is_superuser"' not in page, url


def test_staff_cannot_make_an_account_a_superuser(client, staff, student):
    client.force_login(staff)
    response = client.post(_edit(student), _form(student, is_superuser="on"))
    assert response.status_code == 302
    student.refresh_from_db()
    assert not student.is_superuser


def test_staff_cannot_make_themselves_a_superuser(client, staff):
    client.force_login(staff)
    client.post(_edit(staff), _form(staff, is_superuser="on"))
    staff.refresh_from_db()
    assert not staff.is_superuser


def test_staff_cannot_create_a_superuser(client, staff):
    client.force_login(staff)
    response = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "climber",
            "name": "오르미",
            "email": "climber@example.org",
            "password1": "quiet-river-2026",
            "password2": "quiet-river-2026",
            "is_superuser": "on",
        },
    )
    assert response.status_code == 302
    assert not User.objects.get(username="climber").is_superuser


def test_staff_cannot_copy_a_superuser_into_a_new_account(client, staff, root):
    client.force_login(staff)
    assert outcome(client.get(reverse("wagtailusers_users:copy", args=[root.pk]))) == DENIED


def test_a_superuser_still_makes_and_unmakes_superusers(client, root, student):
    client.force_login(root)
    assert 'name="is_superuser"' in client.get(_edit(student)).content.decode()
    client.post(_edit(student), _form(student, is_superuser="on"))
    student.refresh_from_db()
    assert student.is_superuser
    client.post(_edit(student), _form(student))
    student.refresh_from_db()
    assert not student.is_superuser


# --- a superuser's account ----------------------------------------------------------


@pytest.mark.parametrize("name", ["edit", "delete", "history", "usage", "copy", "close"])
def test_staff_cannot_open_a_superusers_account(client, staff, root, name):
    client.force_login(staff)
    response = client.get(reverse(f"wagtailusers_users:{name}", args=[root.pk]))
    assert outcome(response) == DENIED


def test_staff_cannot_change_a_superusers_password_or_e_mail(client, staff, root):
    client.force_login(staff)
    response = client.post(
        _edit(root),
        _form(
            root,
            email="taken-over@example.org",
            password1="taken-over-2026",
            password2="taken-over-2026",
        ),
    )
    assert outcome(response) == DENIED
    root.refresh_from_db()
    assert root.email == "root@example.org"
    assert root.check_password("correct-horse-battery")


def test_the_users_listing_offers_staff_no_way_into_a_superusers_account(client, staff, root):
    client.force_login(staff)
    page = client.get(reverse("wagtailusers_users:index")).content.decode()
    assert root.name in page
    for name in ("edit", "copy", "delete", "close"):
        assert reverse(f"wagtailusers_users:{name}", args=[root.pk]) not in page, name


def test_a_superuser_still_opens_another_superusers_account(client, root):
    other = UserFactory(username="root2", is_superuser=True)
    client.force_login(root)
    assert client.get(_edit(other)).status_code == 200


# --- groups -------------------------------------------------------------------------


def test_staff_give_and_take_away_the_schools_groups(client, staff, student):
    instructors = Group.objects.get(name=INSTRUCTORS_GROUP)
    client.force_login(staff)
    response = client.post(_edit(student), _form(student, groups=[instructors.pk]))
    assert response.status_code == 302
    assert list(student.groups.all()) == [instructors]
    client.post(_edit(student), _form(student, groups=[]))
    assert not student.groups.exists()


def test_staff_are_offered_only_the_groups_within_their_reach(client, staff, powerful_group):
    client.force_login(staff)
    form = client.get(reverse("wagtailusers_users:add")).context["form"]
    offered = {group.name for group in form.fields["groups"].queryset}
    assert {STAFF_GROUP, INSTRUCTORS_GROUP} <= offered
    # Wagtail's own Moderators and Editors hold image and document permissions on every
    # collection, where Staff hold them on the root collection only.
    assert offered.isdisjoint({"Administrators", "Moderators", "Editors"})


def test_staff_cannot_add_themselves_to_a_more_powerful_group(client, staff, powerful_group):
    client.force_login(staff)
    staff_group = Group.objects.get(name=STAFF_GROUP)
    response = client.post(_edit(staff), _form(staff, groups=[staff_group.pk, powerful_group.pk]))
    assert response.status_code == 200
    assert response.context["form"].errors["groups"]
    assert list(staff.groups.all()) == [staff_group]
    assert not staff.has_perm("school.delete_user")


def test_staff_cannot_put_anyone_in_a_more_powerful_group(client, staff, student, powerful_group):
    client.force_login(staff)
    client.post(_edit(student), _form(student, groups=[powerful_group.pk]))
    created = client.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "helper",
            "name": "도우미",
            "email": "helper@example.org",
            "password1": "quiet-river-2026",
            "password2": "quiet-river-2026",
            "groups": [powerful_group.pk],
        },
    )
    assert created.status_code == 200
    assert not powerful_group.user_set.exists()
    assert not User.objects.filter(username="helper").exists()


@pytest.mark.parametrize("name", ["edit", "delete", "history", "usage", "copy", "close"])
def test_staff_cannot_open_an_account_more_powerful_than_theirs(
    client, staff, student, powerful_group, name
):
    student.groups.add(powerful_group)
    client.force_login(staff)
    response = client.get(reverse(f"wagtailusers_users:{name}", args=[student.pk]))
    assert outcome(response) == DENIED


def test_staff_cannot_open_an_account_holding_a_permission_they_lack(client, staff, student):
    student.user_permissions.add(_permission("auth.change_group"))
    client.force_login(staff)
    assert outcome(client.get(_edit(student))) == DENIED


def test_staff_still_manage_another_staff_members_account(client, staff, student):
    student.groups.add(Group.objects.get(name=STAFF_GROUP))
    client.force_login(staff)
    assert client.get(_edit(student)).status_code == 200


# --- the group admin ------------------------------------------------------------------


def test_staff_cannot_add_permissions_to_their_own_group(client, staff):
    staff_group = Group.objects.get(name=STAFF_GROUP)
    before = set(staff_group.permissions.all())
    client.force_login(staff)
    url = reverse("wagtailusers_groups:edit", args=[staff_group.pk])
    assert outcome(client.get(url)) == DENIED
    response = client.post(
        url,
        {
            "name": STAFF_GROUP,
            "permissions": [p.pk for p in before | {_permission("school.delete_user")}],
        },
    )
    assert outcome(response) == DENIED
    assert set(staff_group.permissions.all()) == before


def test_even_given_the_right_to_change_groups_only_a_superuser_may(client, staff):
    staff_group = Group.objects.get(name=STAFF_GROUP)
    staff_group.permissions.add(_permission("auth.add_group"), _permission("auth.change_group"))
    client.force_login(staff)
    for url in (
        reverse("wagtailusers_groups:index"),
        reverse("wagtailusers_groups:add"),
        reverse("wagtailusers_groups:edit", args=[staff_group.pk]),
    ):
        assert outcome(client.get(url)) == DENIED, url
    response = client.post(reverse("wagtailusers_groups:add"), {"name": "Climbers"})
    assert outcome(response) == DENIED
    assert not Group.objects.filter(name="Climbers").exists()


def test_a_superuser_still_edits_groups(client, root):
    client.force_login(root)
    assert client.get(reverse("wagtailusers_groups:index")).status_code == 200


# --- bulk actions of the users listing ---------------------------------------------------


def test_the_school_bulk_actions_replace_wagtails(db):
    for action_class in BULK_ACTIONS:
        registered = bulk_action_registry.get_bulk_action_class(
            "school", "user", action_class.action_type
        )
        assert registered is action_class


def test_staff_cannot_bulk_assign_a_more_powerful_group(client, staff, student, powerful_group):
    client.force_login(staff)
    response = client.post(_bulk("assign_role", staff, student), {"role": powerful_group.pk})
    assert response.status_code == 200  # the form again, with its error
    assert not powerful_group.user_set.exists()


def test_staff_bulk_assign_the_schools_groups_to_ordinary_accounts_only(
    client, staff, student, root
):
    instructors = Group.objects.get(name=INSTRUCTORS_GROUP)
    client.force_login(staff)
    response = client.post(_bulk("assign_role", student, root), {"role": instructors.pk})
    assert response.status_code == 302
    assert list(instructors.user_set.all()) == [student]


def test_staff_cannot_bulk_deactivate_a_superuser(client, staff, student, root):
    client.force_login(staff)
    response = client.post(_bulk("set_active_state", student, root), {"mark_as_active": "False"})
    assert response.status_code == 302
    student.refresh_from_db()
    root.refresh_from_db()
    assert (student.is_active, root.is_active) == (False, True)


def test_staff_allowed_to_delete_users_still_cannot_delete_a_superuser(
    client, staff, student, root
):
    staff.user_permissions.add(_permission("school.delete_user"))
    client.force_login(staff)
    assert outcome(client.get(reverse("wagtailusers_users:delete", args=[root.pk]))) == DENIED
    client.post(reverse("wagtailusers_users:delete", args=[root.pk]))
    client.post(_bulk("delete", root))
    assert User.objects.filter(pk=root.pk).exists()
