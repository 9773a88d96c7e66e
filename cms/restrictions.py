"""Which pages are private: Wagtail's view restrictions, read once per content version.

Wagtail asks on every page it serves which restrictions apply (a query for the page's
ancestors and one for their restrictions), and `.public()` reads every restriction again
for each list of pages. Restrictions change only when staff set a page's privacy, and
saving or deleting a restriction bumps the content version (cms.signals), as does moving,
publishing or deleting a page; so the restricted pages' paths are kept in the shared cache
under that version. Whether a restriction lets a request through is still decided on
every request, from the restriction itself.
"""

from django.db.models import Q
from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from core.versions import TIMEOUT, content_version, held, kept


def _known() -> tuple[tuple[tuple[int, str], ...], tuple[str, ...]]:
    """Every restriction as (id, path of its page), and the paths of alias pages, whose
    restrictions are their source page's (Wagtail works those out itself)."""
    key = f"cms:restrictions:{content_version()}"

    def read():
        found = kept.get(key)
        if found is None:
            restrictions = tuple(PageViewRestriction.objects.values_list("pk", "page__path"))
            aliases = Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True)
            found = (restrictions, tuple(aliases))
            kept.set(key, found, TIMEOUT)
        return found

    return held(key, read)


def restricted_paths() -> list[str]:
    """The paths of the pages that carry a restriction: they and everything under them
    are private."""
    return [path for _pk, path in _known()[0]]


class SchoolPageQuerySet(PageQuerySet):
    def private_q(self):
        q = Q()
        for path in restricted_paths():
            q |= Q(path__startswith=path)
        return q if q else Q(pk__in=[])  # nothing is private: match no page


class CachedRestrictionsMixin:
    """A page whose view restrictions come from the cached list: when none applies, no
    query runs; when some do, one query loads them."""

    def get_view_restrictions(self):
        restrictions, aliases = _known()
        if self.alias_of_id or any(self.path.startswith(path) for path in aliases):
            return super().get_view_restrictions()
        ids = [pk for pk, path in restrictions if self.path.startswith(path)]
        if not ids:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(pk__in=ids)
