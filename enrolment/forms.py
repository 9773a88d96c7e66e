from django import forms
from django.utils.translation import gettext_lazy as _

from enrolment.models import CompletionRule


class CompletionRuleForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        # A checkbox's label reads as a statement beside its box, not a field before a colon.
        super().__init__(*args, label_suffix="", **kwargs)

    class Meta:
        model = CompletionRule
        fields = ["min_attendance_rate", "late_counts_as_present", "excused_left_out"]


class ClassMessageForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text=_(
            "Everyone with a seat gets it on the channels they chose; people who enrol "
            "later read it on My learning."
        ),
    )
    send_at = forms.DateTimeField(
        label=_("Send at (leave empty to send now)"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
