from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from cms.instructors import choose_instructors
from courses.models import Class
from courses.permissions import teaches
from courses.schedule import MAX_GENERATED_SESSIONS, repeating_times


class ClassForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choose_instructors(self, self.instance.instructors.all() if self.instance.pk else [])

    def clean_course(self):
        course = self.cleaned_data["course"]
        user = self.for_user
        unchanged = self.instance.pk and course and course.pk == self.instance.course_id
        if not course or not user or unchanged or user.has_perm("courses.change_class"):
            return course
        if not teaches(user, course.specific):
            raise forms.ValidationError(
                gettext("You can schedule classes only for courses you teach.")
            )
        return course

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if self.instance.pk:
            taken = (
                Class.objects.with_seats()
                .values_list("seats_taken", flat=True)
                .get(pk=self.instance.pk)
            )
            if capacity is not None and capacity < taken:
                raise forms.ValidationError(
                    gettext(
                        "%(count)s people are already enrolled or offered a seat; "
                        "the class needs at least that many seats."
                    )
                    % {"count": taken}
                )
        return capacity


class RepeatingSessionsForm(forms.Form):
    WEEKDAYS = [
        (0, _("Mon")),
        (1, _("Tue")),
        (2, _("Wed")),
        (3, _("Thu")),
        (4, _("Fri")),
        (5, _("Sat")),
        (6, _("Sun")),
    ]

    first_starts_at = forms.DateTimeField(
        label=_("First session starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=10, max_value=12 * 60, initial=120
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On these days"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to repeat on the weekday of the first session."),
    )
    count = forms.IntegerField(
        label=_("Number of sessions"),
        min_value=1,
        max_value=MAX_GENERATED_SESSIONS,
        required=False,
    )
    until = forms.DateField(
        label=_("Or until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    topic = forms.CharField(label=_("Topic"), max_length=150, required=False)

    def clean(self):
        data = super().clean()
        count, until, first = data.get("count"), data.get("until"), data.get("first_starts_at")
        if (count is None) == (until is None):
            raise forms.ValidationError(gettext("Give either a number of sessions or an end date."))
        if until and first and until < timezone.localtime(first).date():
            self.add_error("until", gettext("The end date is before the first session."))
        return data

    def times(self):
        data = self.cleaned_data
        return repeating_times(
            timezone.localtime(data["first_starts_at"]),
            timedelta(minutes=data["duration_minutes"]),
            data["weekdays"],
            count=data["count"],
            until=data["until"],
        )
