"""Who may hand out what in the user admin, so that no one can give themselves more.

A superuser may do anything. Anyone else who may change users (the Staff group) may give
or take away a group only when they already hold everything it grants: its permissions,
and its page and collection permissions on the same page or collection or one below where
they hold them. They open, change, copy, close or delete only accounts that hold nothing
they lack: never a superuser's, never one in a group they could not give. Only a superuser
makes or unmakes a superuser, or changes what a group grants.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils.functional import cached_property
from wagtail.models import GroupCollectionPermission, GroupPagePermission
from wagtail.permission_policies import ModelPermissionPolicy


def is_superuser(user) -> bool:
    return user.is_active and user.is_superuser


def _by_permission(rows) -> dict[int, list[str]]:
    """{permission id: tree paths of the pages or collections where it is held}"""
    held: dict[int, list[str]] = {}
    for permission_id, path in rows:
        held.setdefault(permission_id, []).append(path)
    return held


def _within(held: dict[int, list[str]], permission_id: int, path: str) -> bool:
    return any(path.startswith(place) for place in held.get(permission_id, ()))


class Reach:
    """What one person holds, to measure groups and accounts against."""

    def __init__(self, actor):
        self.unlimited = is_superuser(actor)
        if self.unlimited:
            return
        self._permissions = actor.get_all_permissions()
        self._pages = _by_permission(
            GroupPagePermission.objects.filter(group__user=actor).values_list(
                "permission_id", "page__path"
            )
        )
        self._collections = _by_permission(
            GroupCollectionPermission.objects.filter(group__user=actor).values_list(
                "permission_id", "collection__path"
            )
        )

    @cached_property
    def group_ids(self) -> frozenset[int]:
        """The groups this person may give or take away."""
        every = set(Group.objects.values_list("pk", flat=True))
        if self.unlimited:
            return frozenset(every)
        beyond = {
            group_id
            for group_id, app_label, codename in Group.permissions.through.objects.values_list(
                "group_id", "permission__content_type__app_label", "permission__codename"
            )
            if f"{app_label}.{codename}" not in self._permissions
        }
        for group_id, permission_id, path in GroupPagePermission.objects.values_list(
            "group_id", "permission_id", "page__path"
        ):
            if not _within(self._pages, permission_id, path):
                beyond.add(group_id)
        for group_id, permission_id, path in GroupCollectionPermission.objects.values_list(
            "group_id", "permission_id", "collection__path"
        ):
            if not _within(self._collections, permission_id, path):
                beyond.add(group_id)
        return frozenset(every - beyond)

    def groups(self):
        return Group.objects.filter(pk__in=self.group_ids).order_by("name")

    def covers(self, user) -> bool:
        """Whether the account holds nothing this person lacks."""
        if self.unlimited:
            return True
        if user.is_superuser:
            return False
        if any(group.pk not in self.group_ids for group in user.groups.all()):
            return False
        return all(
            f"{permission.content_type.app_label}.{permission.codename}" in self._permissions
            for permission in user.user_permissions.all()
        )


def reach_of(actor) -> Reach:
    """The person's reach, worked out once per request (kept on the user object)."""
    if not hasattr(actor, "_school_reach"):
        actor._school_reach = Reach(actor)
    return actor._school_reach


class UserPermissionPolicy(ModelPermissionPolicy):
    """Wagtail's user permissions, and for one account also a reach that covers it."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and reach_of(user).covers(instance)


class GroupPermissionPolicy(ModelPermissionPolicy):
    """Groups grant permissions, so only a superuser lists, adds, changes or deletes them."""

    def user_has_permission(self, user, action):
        return is_superuser(user)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True, is_superuser=True)
