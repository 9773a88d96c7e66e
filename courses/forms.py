from django import forms
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from courses.permissions import teaches
from enrolment.models import Enrolment


class ClassForm(WagtailAdminModelForm):
    def clean_course(self):
        course = self.cleaned_data["course"]
        user = self.for_user
        is_staff = user and user.has_perm("courses.change_class")
        if course and user and not is_staff and not teaches(user, course.specific):
            raise forms.ValidationError(_("You can schedule classes only for courses you teach."))
        return course

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk:
            enrolled = self.instance.enrolments.filter(status=Enrolment.Status.ENROLLED).count()
            if capacity is not None and capacity < enrolled:
                raise forms.ValidationError(
                    _(
                        "%(count)s people are already enrolled; "
                        "the class needs at least that many seats."
                    )
                    % {"count": enrolled}
                )
        return capacity
