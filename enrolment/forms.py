from django import forms

from enrolment.models import CompletionRule


class CompletionRuleForm(forms.ModelForm):
    class Meta:
        model = CompletionRule
        fields = ["min_attendance_rate", "late_counts_as_present", "excused_left_out"]
