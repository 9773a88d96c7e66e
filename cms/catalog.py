"""The catalogue: filter courses by track, level, capability area and keyword."""

from django import forms
from django.core.paginator import Paginator
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.vary import vary_on_headers

from cms.models import CourseCapability, CoursePage, Level, Track
from organisations.models import CapabilityArea

PAGE_SIZE = 24


class CatalogFilterForm(forms.Form):
    q = forms.CharField(label=_("Keyword"), required=False, max_length=100)
    track = forms.ModelChoiceField(
        label=_("Track"), queryset=Track.objects.all(), to_field_name="slug", required=False,
        empty_label=_("All tracks"),
    )
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels"))] + Level.choices, required=False
    )
    area = forms.ModelChoiceField(
        label=_("Capability area"), queryset=CapabilityArea.objects.all(), to_field_name="slug",
        required=False, empty_label=_("All areas"),
    )

    def valid_filters(self) -> dict:
        """Return the filters that parsed; unknown or malformed values are simply ignored."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


def _matching_ids(queryset, keyword: str) -> set[int]:
    # Korean words carry particles and compounds (개인정보 → 개인정보보호법), so a
    # prefix match on the title and summary complements the full-text match.
    ids = {page.pk for page in queryset.search(keyword, operator="and")}
    ids |= {page.pk for page in queryset.autocomplete(keyword)}
    return ids


def filter_courses(filters: dict):
    courses = CoursePage.objects.live().public()
    if track := filters.get("track"):
        courses = courses.filter(track=track)
    if level := filters.get("level"):
        courses = courses.filter(level=level)
    if area := filters.get("area"):
        courses = courses.filter(
            pk__in=CourseCapability.objects.filter(area=area).values("page_id")
        )
    if keyword := filters.get("q", "").strip():
        courses = courses.filter(pk__in=_matching_ids(CoursePage.objects.live().public(), keyword))
    return courses.for_cards().order_by("track__sort_order", "title")


@vary_on_headers("HX-Request")
def serve_catalog(page, request):
    form = CatalogFilterForm(request.GET or None)
    filters = form.valid_filters() if request.GET else {}
    paginator = Paginator(filter_courses(filters), PAGE_SIZE)
    courses = paginator.get_page(request.GET.get("page"))
    querystring = request.GET.copy()
    querystring.pop("page", None)
    context = page.get_context(request)
    context.update(
        form=form, courses=courses, filters=filters, is_filtered=bool(filters),
        filter_query=querystring.urlencode(),
    )
    template = "cms/partials/course_results.html" if request.htmx else "cms/catalog_page.html"
    return TemplateResponse(request, template, context)
