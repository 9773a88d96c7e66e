from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.translation import gettext as _

from courses.models import Class, Session
from enrolment import completion, services
from enrolment.models import Enrolment


@receiver(post_save, sender=Class)
def class_cancelled(sender, instance, created, **kwargs):
    # However a class gets cancelled (admin, shell), its people are told and released.
    if not created and instance.status_changed_to(Class.Status.CANCELLED):
        instance.loaded_status = instance.status
        services.cancel_class(instance, actor=None, reason=_("The class was cancelled."))


@receiver(post_save, sender=Session)
def session_cancelled(sender, instance, created, **kwargs):
    if not created and instance.status_changed_to(Session.Status.CANCELLED):
        instance.loaded_status = instance.status
        services.notifications.session_cancelled(instance)
        # A cancelled session no longer counts: completion may change for everyone.
        completion.refresh_all(
            instance.course_class.enrolments.filter(status=Enrolment.Status.ENROLLED)
        )
