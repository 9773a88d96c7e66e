from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from cms import groups
from cms.models import CoursePage, Track
from core.versions import bump_content_version
from organisations.models import CapabilityArea


@receiver(post_migrate)
def set_up_roles(sender, using="default", **kwargs):
    if sender.name != "cms":
        return
    # Apps after this one get their permissions later in the same signal: create them now.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    groups.ensure_role_groups()


@receiver(page_published, sender=CoursePage)
def grant_course_instructors(sender, instance, **kwargs):
    groups.sync_course_instructors(instance)


@receiver(post_delete, sender=CoursePage)
def revoke_course_instructors(sender, instance, **kwargs):
    groups.drop_course_group(instance)


# Anything that changes what visitors see invalidates the cached content.
for signal in (page_published, page_unpublished, page_slug_changed, post_page_move):
    signal.connect(bump_content_version, dispatch_uid=f"bump-content-{id(signal)}")
post_delete.connect(bump_content_version, sender=Page, dispatch_uid="bump-content-page-delete")
for model in (Track, CapabilityArea, PageViewRestriction, Site):
    for signal in (post_save, post_delete):
        signal.connect(
            bump_content_version,
            sender=model,
            dispatch_uid=f"bump-content-{model.__name__}-{id(signal)}",
        )
