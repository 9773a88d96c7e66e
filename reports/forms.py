from django import forms
from django.utils.translation import gettext_lazy as _

from reports import figures, periods


class ReportForm(forms.Form):
    """Which months, grouped how, and what the bars show; a GET form, every field optional."""

    period = forms.ChoiceField(label=_("Period"), required=False)
    step = forms.ChoiceField(
        label=_("Count per"),
        required=False,
        choices=[(periods.MONTH, _("Month")), (periods.QUARTER, _("Quarter"))],
    )
    show = forms.ChoiceField(label=_("Bars show"), required=False)

    def __init__(self, data, *, now, first_year):
        super().__init__(data)
        self.fields["period"].choices = periods.choices(now, first_year)
        self.fields["show"].choices = list(figures.measure_names().items())

    def choice(self) -> dict:
        """The valid values, with the defaults for anything missing or wrong."""
        if self.is_bound:
            self.is_valid()  # keeps the fields that are valid, whatever the others hold
        cleaned = getattr(self, "cleaned_data", {})
        return {
            "period": cleaned.get("period") or periods.LAST_12_MONTHS,
            "step": cleaned.get("step") or periods.MONTH,
            "show": cleaned.get("show") or "learners",
        }
