import functools

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.template.response import TemplateResponse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.search import index

from cms import extensions
from cms.blocks import BodyBlock
from cms.instructors import CoursePageForm
from cms.restrictions import CachedRestrictionsMixin, SchoolPageQuerySet
from organisations.models import stage_validators


class Track(models.Model):
    """A line of study: 기술, 프로젝트 관리, 법·제도."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True, allow_unicode=True)
    description = models.TextField(_("description"), blank=True)
    color = models.CharField(
        _("colour"), max_length=7, default="#2f6f8f", help_text=_("A hex colour such as #2f6f8f.")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    required_courses = models.ManyToManyField(
        "cms.CoursePage",
        verbose_name=_("courses for the track certificate"),
        blank=True,
        related_name="required_for_tracks",
        help_text=_(
            "Completing every one of these gives a track certificate. Leave empty for none."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("color"),
        FieldPanel("sort_order"),
        FieldPanel("required_courses", widget=forms.CheckboxSelectMultiple),
    ]

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class CachedPageMixin:
    """A public page that anonymous visitors may share from the page cache."""

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        response.cache_for_anonymous = True
        return response


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class CoursePageQuerySet(SchoolPageQuerySet):
    def for_cards(self):
        """Fetch what a course card shows, in a fixed number of queries."""
        return self.select_related("track", "cover_image").prefetch_related(
            models.Prefetch("capabilities", CourseCapability.objects.select_related("area")),
            "cover_image__renditions",
        )


class CoursePage(CachedPageMixin, CachedRestrictionsMixin, Page):
    track = models.ForeignKey(
        Track, verbose_name=_("track"), on_delete=models.PROTECT, related_name="courses"
    )
    level = models.CharField(
        _("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER, db_index=True
    )
    summary = models.TextField(_("summary"), max_length=600, help_text=_("Shown in the catalogue."))
    learning_outcomes = models.TextField(
        _("learning outcomes"), blank=True, help_text=_("One outcome per line.")
    )
    estimated_hours = models.PositiveSmallIntegerField(_("estimated hours"), default=2)
    instructors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("instructors"),
        related_name="taught_courses",
        blank=True,
        help_text=_("Instructors may edit this course and its lessons once it is published."),
    )
    prerequisites = ParentalManyToManyField(
        "self",
        verbose_name=_("prerequisites"),
        symmetrical=False,
        related_name="required_by",
        blank=True,
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    grade_min = models.PositiveSmallIntegerField(
        _("lowest suitable grade"), default=1, validators=stage_validators
    )
    grade_max = models.PositiveSmallIntegerField(
        _("highest suitable grade"), default=4, validators=stage_validators
    )
    renewal_months = models.PositiveSmallIntegerField(
        _("renew every (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "For a training the law asks for again and again, such as 개인정보 보호 교육: "
            "its certificates are valid this many months. Leave empty when they do not expire."
        ),
    )
    lessons_for_enrolled_only = models.BooleanField(
        _("lessons for enrolled learners only"),
        default=False,
        help_text=_("Only people enrolled in a class of this course can read its lessons."),
    )

    objects = PageManager.from_queryset(CoursePageQuerySet)()

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("track"), FieldPanel("level"), FieldPanel("estimated_hours")]
                ),
                FieldPanel("renewal_months"),
                FieldPanel("summary"),
                FieldPanel("learning_outcomes"),
                FieldPanel("cover_image"),
                FieldPanel("lessons_for_enrolled_only"),
            ],
            heading=_("Course"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("instructors", permission="cms.assign_instructors"),
                FieldPanel("prerequisites"),
            ],
            heading=_("People and prerequisites"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("grade_min"), FieldPanel("grade_max")]),
                InlinePanel("capabilities", label=_("Capability area")),
            ],
            heading=_("Who it suits"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("learning_outcomes"),
        index.AutocompleteField("summary"),
        index.FilterField("level"),
        index.FilterField("track"),
    ]

    parent_page_types = ["cms.CatalogPage"]
    base_form_class = CoursePageForm
    subpage_types = ["cms.LessonPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        permissions = [("assign_instructors", _("Can assign instructors to courses"))]

    def clean(self):
        super().clean()
        if self.grade_min and self.grade_max and self.grade_min > self.grade_max:
            raise ValidationError(
                {"grade_max": _("The highest grade cannot be below the lowest grade.")}
            )

    @property
    def outcomes(self) -> list[str]:
        return [line.strip() for line in self.learning_outcomes.splitlines() if line.strip()]

    def live_lessons(self):
        return LessonPage.objects.live().child_of(self).order_by("path")

    def route(self, request, path_components):
        # Wagtail passes through the course on its way to a lesson: remember it, so the
        # lesson need not look its course up again.
        request.routed_course = self
        return super().route(request, path_components)

    def serve(self, request, *args, **kwargs):
        # Read the schedule's version before the classes, so a change while rendering
        # can only make the cached copy look older than it is, never newer.
        versions = extensions.merged(extensions.COURSE_PAGE_VERSIONS, self)
        response = super().serve(request, *args, **kwargs)
        response.cache_dependencies = versions
        return response

    def get_context(self, request, *args, **kwargs):
        # Everything here is lazy: when the page's content is cached, no query runs.
        context = super().get_context(request, *args, **kwargs)
        private_q = functools.cache(LessonPage.objects.private_q)  # one lookup for both lists
        context["lessons"] = SimpleLazyObject(
            lambda: list(self.live_lessons().exclude(private_q()))
        )
        context["prerequisite_courses"] = SimpleLazyObject(
            lambda: list(
                CoursePage.objects.live()
                .filter(pk__in=_chosen_pks(self.prerequisites.all()))
                .exclude(private_q())
                .only("id", "title", "url_path", "path", "depth")
            )
        )
        context["capabilities"] = self.capabilities.select_related("area")
        context.update(extensions.merged(extensions.COURSE_PAGE_CONTEXT, request, self))
        return context


def _chosen_pks(chosen):
    """The pks of a relation: a subquery, or a list when a preview holds it in memory."""
    return chosen.values("pk") if isinstance(chosen, models.QuerySet) else [p.pk for p in chosen]


class CourseCapability(Orderable):
    """An area a course builds, from one stage of the ladder to the next."""

    page = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="capabilities")
    area = models.ForeignKey(
        "organisations.CapabilityArea",
        verbose_name=_("capability area"),
        on_delete=models.PROTECT,
        related_name="course_links",
    )
    from_stage = models.PositiveSmallIntegerField(
        _("from stage"), default=1, validators=stage_validators
    )
    to_stage = models.PositiveSmallIntegerField(
        _("to stage"), default=2, validators=stage_validators
    )

    panels = [FieldRowPanel([FieldPanel("area"), FieldPanel("from_stage"), FieldPanel("to_stage")])]

    class Meta(Orderable.Meta):
        verbose_name = _("capability area")
        verbose_name_plural = _("capability areas")
        constraints = [
            models.UniqueConstraint(fields=["page", "area"], name="one_link_per_course_and_area")
        ]

    def clean(self):
        if self.from_stage and self.to_stage and self.to_stage <= self.from_stage:
            raise ValidationError({"to_stage": _("A course must lead to a higher stage.")})

    def __str__(self):
        return f"{self.area} {self.from_stage}→{self.to_stage}"


class LessonPage(CachedPageMixin, CachedRestrictionsMixin, Page):
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration in minutes"), default=50)
    required_for_completion = models.BooleanField(
        _("required for completion"),
        default=False,
        help_text=_("Learners must mark this lesson done to complete the course."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [
        FieldRowPanel(
            [
                FieldPanel("summary"),
                FieldPanel("duration_minutes"),
                FieldPanel("required_for_completion"),
            ]
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.SearchField("body")]

    objects = PageManager.from_queryset(SchoolPageQuerySet)()

    parent_page_types = ["cms.CoursePage"]
    subpage_types = []

    def serve(self, request, *args, **kwargs):
        course = getattr(request, "routed_course", None)
        if course is None or not self.path.startswith(course.path):
            course = CoursePage.objects.parent_of(self).get()
        if not extensions.all_agree(extensions.CAN_READ_LESSONS, request.user, course):
            return TemplateResponse(
                request, "cms/lesson_locked.html", {"page": self, "course": course}, status=403
            )
        return super().serve(request, *args, **kwargs)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["nav"] = LessonNavigation(self)
        context.update(extensions.merged(extensions.LESSON_PAGE_CONTEXT, request, self))
        return context


class LessonNavigation:
    """The lesson's course and neighbours, looked up only if the page is rendered."""

    def __init__(self, lesson: LessonPage):
        self.lesson = lesson

    @cached_property
    def course(self) -> CoursePage:
        return CoursePage.objects.select_related("track").parent_of(self.lesson).get()

    @cached_property
    def lessons(self) -> list[LessonPage]:
        lessons = self.course.live_lessons().public()
        return list(lessons.only("id", "title", "url_path", "path", "depth"))

    @cached_property
    def _index(self) -> int | None:
        return next((i for i, page in enumerate(self.lessons) if page.pk == self.lesson.pk), None)

    @property
    def number(self) -> int | None:
        return None if self._index is None else self._index + 1

    @property
    def previous(self) -> LessonPage | None:
        return self.lessons[self._index - 1] if self._index else None

    @property
    def next(self) -> LessonPage | None:
        if self._index is None or self._index + 1 >= len(self.lessons):
            return None
        return self.lessons[self._index + 1]
