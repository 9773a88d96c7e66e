"""What every worker would otherwise load on its first requests, loaded once in the master.

gunicorn preloads the site (ops/gunicorn.conf.py) and forks its workers from it, so what
is loaded here is shared by every worker, including one that replaces a recycled worker:
the translation catalogues, the URL patterns with what `reverse` looks them up in, and
the site's own templates, compiled. It
opens no database or cache connection, which must not be shared across a fork.
"""

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines, loader
from django.urls import URLResolver, get_resolver
from django.utils import translation


def warm_up() -> int:
    """Load them; return how many templates were compiled."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Home")
            _populate(get_resolver())  # what `reverse` builds, per language, on first use
    engine = engines["django"].engine
    engine.template_context_processors  # noqa: B018 - imported on first use
    staticfiles_storage.url("css/site.css")  # reads the manifest of hashed names
    compiled = 0
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(directory.rglob("*.html")):
            try:
                loader.get_template(str(path.relative_to(directory)))
            except (TemplateDoesNotExist, TemplateSyntaxError):
                continue
            compiled += 1
    return compiled


def _populate(resolver: URLResolver) -> None:
    resolver.reverse_dict  # noqa: B018 - builds it; imports every view module on the way
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            _populate(pattern)
