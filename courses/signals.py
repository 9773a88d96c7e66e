from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from courses.models import Class, Session
from courses.schedule import classes_changed, schedule_changed


@receiver([post_save, post_delete], sender=Class)
def class_changed(sender, instance, **kwargs):
    schedule_changed(instance.course_id)
    classes_changed()


@receiver([post_save, post_delete], sender=Session)
def session_changed(sender, instance, **kwargs):
    schedule_changed(instance.course_class.course_id)
    classes_changed()


@receiver(m2m_changed, sender=Class.instructors.through)
def class_instructors_changed(sender, instance, action, **kwargs):
    """Who teaches a class shows on My learning and the class's pages."""
    if action in ("post_add", "post_remove", "post_clear") and isinstance(instance, Class):
        schedule_changed(instance.course_id)
        classes_changed()
