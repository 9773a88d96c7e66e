"""The school's roles as Wagtail groups, and each course's own instructor group.

Staff publish anything. Instructors reach the admin, but edit pages only through the group
of each course they teach, which holds add and change (never publish) permission on that
course's subtree; Wagtail then enforces it in every admin view, previews and copies included.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

STAFF_GROUP = "Staff"
INSTRUCTORS_GROUP = "Instructors"

_ADMIN_ACCESS = [("wagtailadmin", "access_admin")]
_STAFF_MODEL_PERMISSIONS = _ADMIN_ACCESS + [
    ("cms", "add_track"),
    ("cms", "change_track"),
    ("cms", "delete_track"),
    ("cms", "view_track"),
    ("cms", "assign_instructors"),
    ("organisations", "add_capabilityarea"),
    ("organisations", "change_capabilityarea"),
    ("organisations", "delete_capabilityarea"),
    ("organisations", "view_capabilityarea"),
    ("organisations", "add_organisation"),
    ("organisations", "change_organisation"),
    ("organisations", "view_organisation"),
    ("organisations", "add_questionnaire"),
    ("organisations", "change_questionnaire"),
    ("organisations", "publish_questionnaire"),
    ("organisations", "view_questionnaire"),
    ("organisations", "add_planstep"),
    ("organisations", "change_planstep"),
    ("organisations", "delete_planstep"),
    ("organisations", "view_planstep"),
    ("organisations", "change_servicerequest"),
    ("organisations", "add_checkup"),
    ("organisations", "change_checkup"),
    ("organisations", "view_checkup"),
    ("organisations", "view_memberexport"),
    ("organisations", "view_servicerequest"),
    ("organisations", "change_assessmentsettings"),
    ("organisations", "view_assessmentsettings"),
    ("school", "add_user"),
    ("school", "change_user"),
    ("school", "view_user"),
    ("courses", "add_class"),
    ("courses", "change_class"),
    ("courses", "view_class"),
    ("courses", "add_session"),
    ("courses", "change_session"),
    ("enrolment", "view_enrolment"),
    ("certificates", "add_certificate"),
    ("certificates", "change_certificate"),
    ("certificates", "view_certificate"),
    ("certificates", "revoke_certificate"),
    ("certificates", "add_certificatetemplate"),
    ("certificates", "change_certificatetemplate"),
    ("certificates", "view_certificatetemplate"),
    ("certificates", "view_trackcertificate"),
    ("outbox", "view_outgoingmail"),
    ("wagtailredirects", "add_redirect"),
    ("wagtailredirects", "change_redirect"),
    ("wagtailredirects", "delete_redirect"),
]
_STAFF_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
]
_STAFF_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "delete_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "delete_document"),
    ("wagtaildocs", "choose_document"),
]
_INSTRUCTOR_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
_COURSE_PAGE_PERMISSIONS = ["add_page", "change_page"]


def _permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _page_permission(codename: str) -> Permission:
    return _permission("wagtailcore", codename)


@transaction.atomic
def ensure_role_groups() -> tuple[Group, Group]:
    """Create or update the Staff and Instructors groups; safe to run on every migrate."""
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    instructors, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
    staff.permissions.add(*(_permission(*p) for p in _STAFF_MODEL_PERMISSIONS))
    instructors.permissions.add(*(_permission(*p) for p in _ADMIN_ACCESS))

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    if root_page:
        for codename in _STAFF_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=staff, page=root_page, permission=_page_permission(codename)
            )
    if root_collection:
        for group, perms in [
            (staff, _STAFF_COLLECTION_PERMISSIONS),
            (instructors, _INSTRUCTOR_COLLECTION_PERMISSIONS),
        ]:
            for perm in perms:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=_permission(*perm)
                )
    _make_staff_the_moderators(staff)
    return staff, instructors


def _make_staff_the_moderators(staff: Group) -> None:
    from wagtail.models import GroupApprovalTask

    for task in GroupApprovalTask.objects.all():
        task.groups.add(staff)


def course_group_name(course) -> str:
    return f"Course #{course.pk} instructors"


@transaction.atomic
def sync_course_instructors(course) -> Group:
    """Give the course's published instructors edit rights on its subtree, and only them."""
    group, created = Group.objects.get_or_create(name=course_group_name(course))
    if created:
        for codename in _COURSE_PAGE_PERMISSIONS:
            GroupPagePermission.objects.create(
                group=group, page=course, permission=_page_permission(codename)
            )
    instructors = list(course.instructors.all())
    group.user_set.set(instructors)
    Group.objects.get(name=INSTRUCTORS_GROUP).user_set.add(*instructors)
    return group


def drop_course_group(course) -> None:
    Group.objects.filter(name=course_group_name(course)).delete()
