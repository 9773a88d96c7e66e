from django.conf import settings
from django.db.models.signals import post_save
from django.dispatch import receiver

from feeds.models import FeedToken


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def drop_feed_token_of_deactivated(sender, instance, **kwargs):
    # A deactivated account's calendar address must not come back to life with it.
    if not instance.is_active:
        FeedToken.objects.filter(user=instance).delete()
