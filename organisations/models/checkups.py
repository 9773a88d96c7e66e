"""Infrastructure check-ups: staff look at an organisation's IT on site or remotely, note
what they found per area, and confirm answers of its assessment, so a grade rests on more
than self-report."""

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from organisations.models.assessment import Questionnaire
from organisations.models.people import CapabilityArea, Organisation


def question_choices() -> list[tuple[str, str]]:
    """The questions of the published questionnaire, for staff to confirm one."""
    questionnaire = Questionnaire.objects.filter(live=True).order_by("-last_published_at").first()
    if questionnaire is None:
        return []
    return [(block.id, block.value["text"]) for block in questionnaire.questions]


class QuestionSelect(forms.Select):
    """A choice among the questions of the questionnaire as published when the form shows."""

    def optgroups(self, name, value, attrs=None):
        self.choices = [("", "---------"), *question_choices()]
        return super().optgroups(name, value, attrs)


class CheckUp(ClusterableModel):
    class Kind(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        REMOTE = "remote", _("Remote")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="checkups",
    )
    checked_on = models.DateField(_("checked on"))
    kind = models.CharField(_("how"), max_length=10, choices=Kind.choices, default=Kind.ON_SITE)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("checked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(_("summary"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("check-up")
        verbose_name_plural = _("check-ups")
        ordering = ["-checked_on", "-pk"]

    def __str__(self):
        return f"{self.organisation} · {self.checked_on}"


class CheckUpFinding(Orderable):
    checkup = ParentalKey(CheckUp, on_delete=models.CASCADE, related_name="findings")
    area = models.ForeignKey(
        CapabilityArea, verbose_name=_("capability area"), on_delete=models.PROTECT
    )
    finding = models.TextField(_("what was found"))

    class Meta(Orderable.Meta):
        verbose_name = _("finding")
        verbose_name_plural = _("findings")


class CheckUpConfirmation(Orderable):
    """An answer of the organisation's assessment that the check-up confirmed."""

    checkup = ParentalKey(CheckUp, on_delete=models.CASCADE, related_name="confirmations")
    question_id = models.CharField(_("question confirmed"), max_length=64)
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("question_id", widget=QuestionSelect()), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("answer confirmed")
        verbose_name_plural = _("answers confirmed")
