"""Who may schedule which class: staff every class, instructors the classes of their courses."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.permission_policies import ModelPermissionPolicy

from courses.models import Class

_INSTRUCTOR_ACTIONS = {"add", "change", "view"}


def teaches(user, course) -> bool:
    return course.instructors.filter(pk=user.pk).exists()


def is_instructor(user) -> bool:
    return user.is_active and (user.taught_courses.exists() or user.taught_classes.exists())


class ClassPermissionPolicy(ModelPermissionPolicy):
    def _is_staff_for(self, user, action) -> bool:
        return super().user_has_permission(user, action)

    def user_has_permission(self, user, action):
        if self._is_staff_for(user, action):
            return True
        return action in _INSTRUCTOR_ACTIONS and is_instructor(user)

    def user_has_permission_for_instance(self, user, action, instance):
        if self._is_staff_for(user, action):
            return True
        return action in _INSTRUCTOR_ACTIONS and (
            teaches(user, instance.course) or instance.instructors.filter(pk=user.pk).exists()
        )

    def instances_user_has_any_permission_for(self, user, actions):
        if any(self._is_staff_for(user, action) for action in actions):
            return self.model.objects.all()
        if _INSTRUCTOR_ACTIONS & set(actions):
            return self.model.objects.filter(
                Q(course__instructors=user) | Q(instructors=user)
            ).distinct()
        return self.model.objects.none()

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


def get_class_for_teacher(request, pk):
    """Return the class if the person teaches it or is staff; anyone else gets 404."""
    class_ = get_object_or_404(Class.objects.select_related("course"), pk=pk)
    user = request.user
    allowed = (
        user.has_perm("courses.change_class")
        or class_.instructors.filter(pk=user.pk).exists()
        or teaches(user, class_.course)
    )
    if not allowed:
        raise Http404
    return class_
