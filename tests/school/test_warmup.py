"""The master process loads what workers share before it forks them: every template of
the site compiles, and nothing touches the database (a connection must not cross a fork;
without the django_db mark any query here fails the test)."""

from django.conf import settings
from django.urls import URLResolver, clear_url_caches, get_resolver

from school.warmup import warm_up


def test_every_site_template_compiles_without_touching_the_database():
    templates = [path for d in settings.TEMPLATES[0]["DIRS"] for path in d.rglob("*.html")]
    assert warm_up() == len(templates) > 50


def test_what_reverse_looks_up_is_built_for_every_language_before_the_fork():
    """A worker's first page would otherwise build it, a tenth of a second on this machine."""
    clear_url_caches()  # as a fresh master has it
    warm_up()
    resolver = get_resolver()
    built = resolver._reverse_dict
    assert {code for code, _name in settings.LANGUAGES} <= set(built)
    nested = [p for p in resolver.url_patterns if isinstance(p, URLResolver)]
    assert nested and all(
        {code for code, _name in settings.LANGUAGES} <= set(p._reverse_dict) for p in nested
    )
