from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from cms.models import Track


class TrackViewSet(SnippetViewSet):
    model = Track
    icon = "folder-open-1"
    add_to_admin_menu = True
    menu_order = 250
    list_display = ["name", "slug", "sort_order"]
    ordering = ["sort_order", "name"]


register_snippet(TrackViewSet)
