from django.apps import apps
from django.contrib.auth.management import create_permissions
from django.db.models.signals import post_delete, post_migrate
from django.dispatch import receiver
from wagtail.signals import page_published

from cms import roles
from cms.models import CoursePage


@receiver(post_migrate)
def set_up_roles(sender, using="default", **kwargs):
    if sender.name != "cms":
        return
    # Apps after this one get their permissions later in the same signal: create them now.
    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    roles.ensure_role_groups()


@receiver(page_published, sender=CoursePage)
def grant_course_instructors(sender, instance, **kwargs):
    roles.sync_course_instructors(instance)


@receiver(post_delete, sender=CoursePage)
def revoke_course_instructors(sender, instance, **kwargs):
    roles.drop_course_group(instance)
