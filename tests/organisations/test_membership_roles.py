"""Coordinators manage roles and members; people leave; an organisation keeps a coordinator."""

import pytest

from organisations import services
from organisations.models import Membership, MembershipEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
Role = Membership.Role


def _membership(organisation, user):
    return Membership.objects.get(organisation=organisation, user=user)


def _role_url(organisation, membership):
    return f"/organisations/{organisation.pk}/members/{membership.pk}/role/"


def test_a_coordinator_makes_a_member_coordinator_and_then_may_step_down(
    client, coordinator, member, organisation
):
    client.force_login(coordinator)
    client.post(_role_url(organisation, _membership(organisation, member)), {"role": "coordinator"})
    assert _membership(organisation, member).role == Role.COORDINATOR
    client.force_login(member)
    client.post(_role_url(organisation, _membership(organisation, coordinator)), {"role": "member"})
    assert _membership(organisation, coordinator).role == Role.MEMBER
    history = list(
        MembershipEvent.objects.values_list("member__name", "action", "role", "actor__name")
    )
    assert history == [
        ("오회원", "role", "coordinator", "한조정"),
        ("한조정", "role", "member", "오회원"),
    ]


def test_the_last_coordinator_cannot_step_down_or_leave(client, coordinator, organisation):
    client.force_login(coordinator)
    mine = _membership(organisation, coordinator)
    with pytest.raises(services.OrganisationError):
        services.set_role(mine, Role.MEMBER, actor=coordinator)
    response = client.post(f"/organisations/{organisation.pk}/leave/", follow=True)
    assert "다른 사람을 먼저 담당자로 지정하세요" in response.content.decode()
    assert _membership(organisation, coordinator).role == Role.COORDINATOR
    assert not MembershipEvent.objects.exists()


def test_a_member_leaves_and_a_coordinator_removes_with_history_kept(
    client, coordinator, member, organisation
):
    other = UserFactory(name="서다른")
    Membership.objects.create(organisation=organisation, user=other)
    client.force_login(member)
    response = client.post(f"/organisations/{organisation.pk}/leave/")
    assert response["Location"] == "/organisations/"
    client.force_login(coordinator)
    client.post(
        f"/organisations/{organisation.pk}/members/{_membership(organisation, other).pk}/remove/"
    )
    assert list(organisation.memberships.values_list("user__name", flat=True)) == ["한조정"]
    assert list(MembershipEvent.objects.values_list("member__name", "action")) == [
        ("오회원", "left"),
        ("서다른", "removed"),
    ]


def test_only_coordinators_change_roles_or_remove_and_bad_roles_change_nothing(
    client, coordinator, member, organisation, other_coordinator
):
    target = _membership(organisation, coordinator)
    for person in (member, other_coordinator):
        client.force_login(person)
        assert client.post(_role_url(organisation, target), {"role": "member"}).status_code == 404
        remove = f"/organisations/{organisation.pk}/members/{target.pk}/remove/"
        assert client.post(remove).status_code == 404
    assert client.post(f"/organisations/{organisation.pk}/leave/").status_code == 404
    client.force_login(coordinator)
    response = client.post(
        _role_url(organisation, _membership(organisation, member)), {"role": "owner"}, follow=True
    )
    assert "담당자 또는 구성원을 고르세요" in response.content.decode()
    assert _membership(organisation, member).role == Role.MEMBER
    assert not MembershipEvent.objects.exists()
