from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from courses.models import Class, FeedToken, Session
from courses.schedule import schedule_changed


@receiver([post_save, post_delete], sender=Class)
def class_changed(sender, instance, **kwargs):
    schedule_changed(instance.course_id)


@receiver([post_save, post_delete], sender=Session)
def session_changed(sender, instance, **kwargs):
    schedule_changed(instance.course_class.course_id)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def drop_feed_token_of_deactivated(sender, instance, **kwargs):
    # A deactivated account's calendar address must not come back to life with it.
    if not instance.is_active:
        FeedToken.objects.filter(user=instance).delete()
