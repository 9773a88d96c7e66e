"""Choosing a course's or a class's instructors: people in the Instructors group only, as
checkboxes named with their e-mail so two people of one name are told apart."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from cms.groups import INSTRUCTORS_GROUP

HELP = _("Only people in the Instructors group are listed.")


class InstructorsField(forms.ModelMultipleChoiceField):
    """People in the Instructors group as a list of checkboxes, each named with their e-mail
    (or username) so two people with the same name are told apart."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, person) -> str:
        return f"{person.get_full_name()} ({person.email or person.username})"


def instructor_choices(chosen=()):
    """Instructors, and whoever is already chosen (so saving never drops a guest)."""
    in_group = Q(groups__name=INSTRUCTORS_GROUP, is_active=True)
    people = get_user_model().objects.filter(in_group | Q(pk__in=[p.pk for p in chosen]))
    return people.distinct().order_by("name", "username")


def choose_instructors(form, chosen) -> None:
    """Give the form's instructors field (when the person may see it) the instructors only."""
    if "instructors" not in form.fields:
        return
    field = form.fields["instructors"]
    form.fields["instructors"] = InstructorsField(
        queryset=instructor_choices(chosen),
        required=False,
        label=field.label,
        help_text=HELP,
    )


class CoursePageForm(WagtailAdminPageForm):
    """A course page's form: its instructors chosen among the instructors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choose_instructors(self, self.instance.instructors.all())
