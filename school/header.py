"""The header's links for staff and instructors, from a small cache per person.

Django reads a person's permissions from the database twice on every page (their own and
their groups'), only for the header to decide whether it shows 학교 리포트 and 관리자. The
answer is kept per person under a roles version, bumped by any change of who is in which
group or what a group or person is granted (the receivers below, the one place that sees
the admin's edits as well as the school's services). The pages behind those links check
permissions themselves on every request, so a link can never lead past a refusal.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete
from django.utils.functional import SimpleLazyObject

from core.versions import TIMEOUT, bump_dependency, dependency_versions, kept, read_with_content

ROLES = read_with_content("roles")


def _links(user) -> dict[str, bool]:
    if not user.is_authenticated:
        return {}
    version = dependency_versions([ROLES])[ROLES]
    key = f"header-links:{user.pk}:{user.is_active:d}{user.is_superuser:d}:{version}"
    found = kept.get(key)
    if found is None:
        found = {
            "reports": user.has_perm("organisations.change_organisation"),
            "admin": user.has_perm("wagtailadmin.access_admin"),
        }
        kept.set(key, found, TIMEOUT)
    return found


def header_links(request):
    """`header_links.reports` and `header_links.admin`, looked up only if shown."""
    return {"header_links": SimpleLazyObject(lambda: _links(request.user))}


def roles_changed(**kwargs):
    bump_dependency(ROLES)


def connect():
    User = get_user_model()
    for through in (User.groups.through, User.user_permissions.through, Group.permissions.through):
        m2m_changed.connect(roles_changed, sender=through, dispatch_uid=f"roles-{through.__name__}")
    for model in (Group, Permission):
        post_delete.connect(roles_changed, sender=model, dispatch_uid=f"roles-{model.__name__}")
