"""What every worker would otherwise load on its first requests, loaded once in the master.

gunicorn preloads the site (ops/gunicorn.conf.py) and forks its workers from it, so what
is loaded here is shared by every worker, including one that replaces a recycled worker:
the translation catalogues, the URL patterns and the site's own templates, compiled. It
opens no database or cache connection, which must not be shared across a fork.
"""

from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError, loader
from django.urls import get_resolver
from django.utils import translation


def warm_up() -> int:
    """Load them; return how many templates were compiled."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")
    get_resolver().url_patterns  # noqa: B018 - imports every view module
    compiled = 0
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(directory.rglob("*.html")):
            try:
                loader.get_template(str(path.relative_to(directory)))
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue
            compiled += 1
    return compiled
