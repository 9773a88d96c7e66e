import django_filters
from django.contrib import messages
from django.db import transaction
from django.db.models import ProtectedError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.admin.ui.tables import StatusFlagColumn
from wagtail.admin.widgets import BooleanRadioSelect
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, SnippetViewSet

from cms import extensions
from organisations import recommendations
from organisations.models import (
    CapabilityArea,
    CheckUp,
    MemberExport,
    Organisation,
    PlanStep,
    Questionnaire,
    ServiceRequest,
)
from organisations.standing import standing_changed


class CapabilityAreaViewSet(SnippetViewSet):
    model = CapabilityArea
    icon = "list-ul"
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]


register_snippet(CapabilityAreaViewSet)


class OrganisationFilterSet(WagtailFilterSet):
    needs_coordinator = django_filters.BooleanFilter(
        label=_("Needs a coordinator"), widget=BooleanRadioSelect
    )

    class Meta:
        model = Organisation
        fields = ["kind"]


class OrganisationDeleteView(DeleteView):
    """An organisation with assessments keeps its history: staff are told so, and nothing
    is deleted (the database protects the assessments)."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                return super().form_valid(form)
        except ProtectedError:
            messages.error(
                self.request,
                _(
                    "%(name)s has assessments on record, so it cannot be deleted. Remove its "
                    "members instead if it has closed."
                )
                % {"name": self.object},
            )
            return redirect(self.index_url_name)


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    add_to_admin_menu = True
    menu_order = 260
    # An organisation whose last coordinator left is flagged here for staff to find one.
    list_display = [
        "name",
        "kind",
        "region",
        StatusFlagColumn(
            "needs_coordinator", label=_("Coordinator"), true_label=_("Needs a coordinator")
        ),
    ]
    filterset_class = OrganisationFilterSet
    delete_view_class = OrganisationDeleteView
    search_fields = ["name", "region"]
    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("region"), FieldPanel("size")]),
        FieldPanel("website"),
        InlinePanel("memberships", label=_("Member")),
    ]

    def get_queryset(self, request):
        return Organisation.objects.with_coordinator_flag()


register_snippet(OrganisationViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
@hooks.register("after_delete_snippet")
def organisation_edited_in_the_admin(request, changed):
    """Staff add, change or remove members in the admin (and delete organisations with
    their assessments): the plans read from memberships and results follow. `changed` is
    the snippet saved, or the list of those deleted."""
    changed = changed if isinstance(changed, list | tuple) else [changed]
    if any(isinstance(obj, Organisation | PlanStep) for obj in changed):
        standing_changed()


class QuestionnaireViewSet(SnippetViewSet):
    """Staff edit the questionnaire; publishing makes a new version for new assessments."""

    model = Questionnaire
    icon = "form"
    menu_label = _("Assessment questionnaire")
    add_to_admin_menu = True
    menu_order = 261
    list_display = ["title", "live", "last_published_at"]


register_snippet(QuestionnaireViewSet)


class PlanStepViewSet(SnippetViewSet):
    """Staff write the actions and the cooperative's services that plans offer beside
    courses, and attach them to areas and stages here (and to risky answers in the
    questionnaire)."""

    model = PlanStep
    icon = "tasks"
    menu_label = _("Plan steps: actions and services")
    add_to_admin_menu = True
    menu_order = 262
    list_display = ["title", "kind", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["title", "summary"]
    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("sort_order")]),
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel("how_to"),
        FieldRowPanel([FieldPanel("min_size"), FieldPanel("max_size")]),
        InlinePanel("capabilities", label=_("Capability built"), heading=_("Areas and stages")),
    ]


register_snippet(PlanStepViewSet)


class ServiceRequestViewSet(SnippetViewSet):
    """The staff's queue of consultation requests: who takes each on, where it stands,
    notes. Organisations ask from their plan; the admin keeps each edit in its history."""

    model = ServiceRequest
    icon = "help"
    menu_label = _("Consultation requests")
    add_to_admin_menu = True
    menu_order = 263
    list_display = ["organisation", "about", "status", "handled_by", "created_at"]
    list_filter = ["status"]
    search_fields = ["risk", "message", "notes"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("organisation", read_only=True),
                FieldPanel("step", read_only=True),
                FieldPanel("risk", read_only=True),
                FieldPanel("message", read_only=True),
                FieldPanel("requested_by", read_only=True),
            ],
            heading=_("The request"),
        ),
        FieldRowPanel([FieldPanel("status"), FieldPanel("handled_by")]),
        FieldPanel("notes"),
    ]


register_snippet(ServiceRequestViewSet)


class CheckUpViewSet(SnippetViewSet):
    """Staff record an on-site or remote check-up of an organisation's IT: what they found
    per area, and which answers of its assessment they confirmed."""

    model = CheckUp
    icon = "doc-full"
    menu_label = _("Check-ups")
    add_to_admin_menu = True
    menu_order = 264
    list_display = ["organisation", "checked_on", "kind", "checked_by"]
    list_filter = ["kind"]
    panels = [
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("checked_on"), FieldPanel("kind"), FieldPanel("checked_by")]),
        FieldPanel("summary"),
        InlinePanel("findings", label=_("Finding"), heading=_("What was found, per area")),
        InlinePanel("confirmations", label=_("Answer confirmed"), heading=_("Answers confirmed")),
    ]


register_snippet(CheckUpViewSet)


class MemberExportViewSet(SnippetViewSet):
    """Every download of an organisation's members' learning: who, when, how many rows."""

    model = MemberExport
    icon = "download"
    menu_label = _("Members' exports")
    add_to_admin_menu = True
    menu_order = 265
    list_display = ["organisation", "user", "file_format", "rows", "created_at"]
    list_filter = ["organisation"]
    inspect_view_enabled = True


register_snippet(MemberExportViewSet)


@hooks.register(extensions.HOME_PAGE_CONTEXT)
def next_steps_on_the_home_page(request) -> dict:
    if not request.user.is_authenticated:
        return {}
    return {"plan": recommendations.recommend(request.user, timezone.now())[:3]}


@hooks.register(extensions.CATALOG_PLAN)
def plan_in_the_catalogue(request) -> list:
    if not request.user.is_authenticated:
        return []
    return recommendations.recommend(request.user, timezone.now())
