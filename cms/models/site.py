"""The pages around the courses: the home page and plain content pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager

from cms import extensions
from cms.blocks import RICH_TEXT_FEATURES, BodyBlock
from cms.models.catalog import CatalogPage
from cms.models.courses import CachedPageMixin, CoursePage, Track
from cms.restrictions import CachedRestrictionsMixin, SchoolPageQuerySet


class HomePage(CachedPageMixin, CachedRestrictionsMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.CatalogPage", "cms.StandardPage"]
    max_count = 1

    objects = PageManager.from_queryset(SchoolPageQuerySet)()

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        courses = CoursePage.objects.live().public().for_cards().order_by("-first_published_at")
        context["latest_courses"] = courses[:6]
        context["tracks"] = Track.objects.annotate(
            course_count=models.Count("courses", filter=models.Q(courses__live=True), distinct=True)
        )
        context["catalog"] = CatalogPage.objects.live().first
        context.update(extensions.merged(extensions.HOME_PAGE_CONTEXT, request))
        return context


class StandardPage(CachedPageMixin, CachedRestrictionsMixin, Page):
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    objects = PageManager.from_queryset(SchoolPageQuerySet)()

    class Meta:
        verbose_name = _("standard page")
