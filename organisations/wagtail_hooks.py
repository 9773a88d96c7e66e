from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from organisations.models import CapabilityArea


class CapabilityAreaViewSet(SnippetViewSet):
    model = CapabilityArea
    icon = "list-ul"
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]


register_snippet(CapabilityAreaViewSet)
