from django import forms

from enrolment.models import CompletionRule


class CompletionRuleForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        # A checkbox's label reads as a statement beside its box, not a field before a colon.
        super().__init__(*args, label_suffix="", **kwargs)

    class Meta:
        model = CompletionRule
        fields = ["min_attendance_rate", "late_counts_as_present", "excused_left_out"]
