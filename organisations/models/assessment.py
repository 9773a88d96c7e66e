"""The capability questionnaire, versioned in the admin, and each organisation's assessments."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.snippets.blocks import SnippetChooserBlock

from organisations.models.people import Organisation

DEFAULT_STAGES = "시작\n기초\n활용\n선도"


class AnswerOptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("answer"), max_length=200)
    score = blocks.IntegerBlock(label=_("score (0–100)"), min_value=0, max_value=100)
    risk = blocks.CharBlock(
        label=_("risk flag"),
        required=False,
        max_length=200,
        help_text=_("Fill in when this answer reveals a critical gap, e.g. no backups."),
    )
    risk_course = blocks.PageChooserBlock(
        label=_("short course for this risk"), page_type="cms.CoursePage", required=False
    )
    risk_step = SnippetChooserBlock(
        "organisations.PlanStep",
        label=_("action or service for this risk"),
        required=False,
    )


class QuestionBlock(blocks.StructBlock):
    area = SnippetChooserBlock("organisations.CapabilityArea", label=_("capability area"))
    text = blocks.CharBlock(label=_("question"), max_length=300)
    help_text = blocks.CharBlock(label=_("help"), required=False, max_length=300)
    options = blocks.ListBlock(AnswerOptionBlock(), label=_("answers"), min_num=2)

    class Meta:
        icon = "help"


class Questionnaire(DraftStateMixin, RevisionMixin, models.Model):
    """The assessment staff edit; each publish is a version, and results keep theirs."""

    title = models.CharField(_("title"), max_length=150)
    introduction = models.TextField(_("introduction"), blank=True)
    questions = StreamField([("question", QuestionBlock())], verbose_name=_("questions"))
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="questionnaire")

    panels = [FieldPanel("title"), FieldPanel("introduction"), FieldPanel("questions")]

    class Meta:
        verbose_name = _("assessment questionnaire")
        verbose_name_plural = _("assessment questionnaires")

    def __str__(self):
        return self.title

    @property
    def revisions(self):
        return self._revisions


@register_setting(icon="list-ol")
class AssessmentSettings(BaseGenericSetting):
    stage_names = models.TextField(
        _("stages of the ladder"),
        default=DEFAULT_STAGES,
        help_text=_("One stage per line, lowest first."),
    )
    reassess_after_months = models.PositiveSmallIntegerField(
        _("reassess after (months)"), default=12, validators=[MinValueValidator(1)]
    )
    disagreement_points = models.PositiveSmallIntegerField(
        _("disagreement worth pointing out (points)"),
        default=40,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("When respondents' scores for an area differ by this much or more."),
    )

    class Meta:
        verbose_name = _("assessment settings")

    @property
    def stages(self) -> list[str]:
        return [line.strip() for line in self.stage_names.splitlines() if line.strip()] or (
            DEFAULT_STAGES.splitlines()
        )


class Assessment(models.Model):
    """One measurement of an organisation; its result is frozen when it is scored."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being answered")
        SCORED = "scored", _("Scored")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="assessments",
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision",
        verbose_name=_("questionnaire version"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    grade = models.PositiveSmallIntegerField(_("grade"), null=True, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [models.Index(fields=["organisation", "status", "scored_at"])]

    def __str__(self):
        return f"{self.organisation} · {self.created_at:%Y-%m-%d}"

    @property
    def grade_name(self) -> str:
        """The name of the stage the organisation reached (시작 … 선도), once scored."""
        if not self.grade or not self.result:
            return ""
        return self.result["stage_names"][self.grade - 1]

    def questionnaire(self) -> Questionnaire:
        """The questionnaire as it was when this assessment began."""
        return self.revision.as_object()


class AssessmentResponse(models.Model):
    """One person's answers, given alone: {question id: chosen answer's position}."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="responses",
    )
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        on_delete=models.PROTECT,
        related_name="assessment_responses",
    )
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("assessment response")
        verbose_name_plural = _("assessment responses")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "respondent"], name="one_response_per_person"
            )
        ]

    def __str__(self):
        return f"{self.respondent} · {self.assessment}"
