"""The catalogue page: filter courses by track, level, capability area and keyword, in place
with htmx. The page is its own view (Wagtail serves it), so the filters live beside it."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, When
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.vary import vary_on_headers
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page, PageManager

from cms import extensions, synonyms
from cms.blocks import RICH_TEXT_FEATURES
from cms.models.courses import CourseCapability, CoursePage, Level, Track
from cms.restrictions import CachedRestrictionsMixin, SchoolPageQuerySet
from core.cache_budget import may_add
from core.versions import TIMEOUT, cache_timeout, content_version, kept
from organisations.models import CapabilityArea

PAGE_SIZE = 24
# The query parameters the catalogue reads: its filters and the page number. The page
# cache keys on these alone, so `?utm_source=…` or a cache buster adds no entry.
QUERY_PARAMETERS = frozenset({"area", "level", "page", "q", "recommended", "track"})


class SlugChoiceField(forms.ChoiceField):
    """Choose one of a few objects by slug, from one list fetched once per request."""

    def __init__(self, *, objects, **kwargs):
        self.objects = {obj.slug: obj for obj in objects}
        super().__init__(choices=[(slug, str(obj)) for slug, obj in self.objects.items()], **kwargs)

    def to_python(self, value):
        return self.objects.get(super().to_python(value))

    def valid_value(self, value):
        return value in self.objects.values()


def _filter_choices() -> tuple[list[Track], list[CapabilityArea]]:
    """The tracks and areas to filter by, read once per content version (editing either
    bumps it)."""
    key = f"cms:catalogue-choices:{content_version()}"
    found = kept.get(key)
    if found is None:
        found = (list(Track.objects.all()), list(CapabilityArea.objects.all()))
        kept.set(key, found, TIMEOUT)
    return found


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Keyword"), required=False, max_length=100)
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels"))] + Level.choices, required=False
    )
    recommended = forms.BooleanField(label=_("Recommended for us"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        tracks, areas = _filter_choices()
        self.fields["track"] = SlugChoiceField(label=_("Track"), objects=tracks, required=False)
        self.fields["area"] = SlugChoiceField(
            label=_("Capability area"), objects=areas, required=False
        )

    def valid_filters(self) -> dict:
        """Return the filters that parsed; unknown or malformed values are simply ignored."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def _matching_ids(queryset, keyword: str) -> set[int]:
    # Korean words carry particles and compounds (개인정보 → 개인정보보호법), so a
    # prefix match on the title and summary complements the full-text match. People
    # space words freely (개인 정보) and use other words than ours (엑셀 for
    # 스프레드시트): each variant of the keyword is searched too.
    queryset = queryset.only("id")
    ids = set()
    for variant in synonyms.variants(keyword):
        ids |= {page.pk for page in queryset.search(variant, operator="and")}
        ids |= {page.pk for page in queryset.autocomplete(variant)}
    return ids


def filter_courses(filters: dict, picks: dict | None = None):
    """Courses matching the filters; with `recommended`, only the picks, in the plan's order."""
    courses = CoursePage.objects.live()
    if track := filters.get("track"):
        courses = courses.filter(track=track)
    if level := filters.get("level"):
        courses = courses.filter(level=level)
    if keyword := filters.get("q", "").strip():
        # Search only what the other filters left; privacy is applied to the result below.
        courses = courses.filter(pk__in=_matching_ids(courses, keyword))
    if area := filters.get("area"):
        courses = courses.filter(
            pk__in=CourseCapability.objects.filter(area=area).values("page_id")
        )
    courses = courses.public().for_cards()
    if filters.get("recommended"):
        ranked = list(picks or {})
        in_plan_order = Case(
            *(When(pk=pk, then=n) for n, pk in enumerate(ranked)),
            default=len(ranked),
            output_field=IntegerField(),
        )
        return courses.filter(pk__in=ranked).order_by(in_plan_order, "title")
    return courses.order_by("track__sort_order", "title")


def _filter_key(filters: dict, page_number: str, picks: dict, versions: dict) -> str:
    parts = [
        filters.get("q", ""),
        bool(filters.get("recommended")),
        [[pk, pick.kind, pick.reason] for pk, pick in picks.items()],
        getattr(filters.get("track"), "slug", ""),
        filters.get("level", ""),
        getattr(filters.get("area"), "slug", ""),
        page_number,
        get_language(),
        content_version(),
        sorted(versions.items()),
    ]
    return "cms:catalog:" + hashlib.sha256(json.dumps(parts).encode()).hexdigest()


def picks_for(request) -> dict:
    """{course id: recommendation} for the person, in the plan's order; nobody's when signed out."""
    if not request.user.is_authenticated:
        return {}
    plan = extensions.listed(extensions.CATALOG_PLAN, request)
    return {step.course.pk: step for step in plan}


def _filter_query(filters: dict) -> str:
    """The filters as a query string for the page links: only what the key holds, so
    the shared fragment never carries one visitor's other parameters to the next."""
    values = {
        "q": filters.get("q"),
        "track": getattr(filters.get("track"), "slug", None),
        "level": filters.get("level"),
        "area": getattr(filters.get("area"), "slug", None),
        "recommended": "on" if filters.get("recommended") else None,
    }
    return urlencode({name: value for name, value in values.items() if value})


@dataclass
class Results:
    html: str
    versions: dict  # of the live data the cards show, read before it
    expires_at: datetime | None  # when a card's class opens, closes or starts


def _results(page, request, filters: dict, picks: dict) -> Results:
    """Render the result list once per filter combination, plan and content version: people
    whose organisations stand in the same place share it. It is kept until a class changes
    or, by the clock alone, a shown class opens or closes for enrolment."""
    raw_page = request.GET.get("page", "1")
    page_number = raw_page if raw_page.isdigit() and len(raw_page) < 6 else "1"
    versions = extensions.merged(extensions.CATALOG_VERSIONS)
    key = _filter_key(filters, page_number, picks, versions)
    now = timezone.now()
    cached = kept.get(key)
    if cached is not None and (cached[1] is None or cached[1] > now):
        return Results(cached[0], versions, cached[1])
    courses = Paginator(filter_courses(filters, picks), PAGE_SIZE).get_page(page_number)
    next_classes = extensions.merged(
        extensions.CATALOG_NEXT_CLASSES, [course.pk for course in courses], now
    )
    for course in courses:
        course.pick = picks.get(course.pk)
        course.next_class = next_classes.get(course.pk)
    html = render_to_string(
        "cms/partials/course_results.html",
        {"page": page, "courses": courses, "filter_query": _filter_query(filters)},
        request=request,
    )
    expires_at = min(
        (found.changes_at for found in next_classes.values() if found.changes_at), default=None
    )
    # '?page=99999' shows the last page: keep only the page asked for under its key.
    timeout = _timeout(request, expires_at, now)
    if timeout and str(courses.number) == page_number and may_add(request):
        kept.set(key, (html, expires_at), timeout)
    return Results(html, versions, expires_at)


def _timeout(request, expires_at: datetime | None, now: datetime) -> int:
    timeout = cache_timeout(request)
    if expires_at is None:
        return timeout
    return max(0, min(timeout, int((expires_at - now).total_seconds())))


@vary_on_headers("HX-Request")
def serve_catalog(page, request):
    form = CatalogFilterForm(request.GET or None)
    filters = form.valid_filters() if request.GET else {}
    picks = picks_for(request)
    if not request.user.is_authenticated:
        filters.pop("recommended", None)  # nobody's plan to filter by
    found = _results(page, request, filters, picks)
    results = mark_safe(found.html)
    if request.htmx:
        # The calendar links follow the track filter: swapped beside the results.
        calendar = render_to_string(
            "feeds/partials/subscribe_school.html",
            {"filters": filters, "oob": True},
            request=request,
        )
        response = HttpResponse(results + calendar)
    else:
        context = page.get_context(request)
        context.update(form=form, filters=filters, is_filtered=bool(filters), results=results)
        response = TemplateResponse(request, "cms/catalog_page.html", context)
    response.cache_for_anonymous = True
    response.cache_query_parameters = QUERY_PARAMETERS
    response.cache_dependencies = found.versions
    response.cache_timeout = _timeout(request, found.expires_at, timezone.now())
    return response


class CatalogPage(CachedRestrictionsMixin, Page):
    """The course catalogue at /courses/, filtered in place with htmx."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CoursePage"]
    max_count = 1

    objects = PageManager.from_queryset(SchoolPageQuerySet)()

    class Meta:
        verbose_name = _("course catalogue")

    def serve(self, request, *args, **kwargs):
        return serve_catalog(self, request)
