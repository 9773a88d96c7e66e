"""The master process loads what workers share before it forks them: every template of
the site compiles, and nothing touches the database (a connection must not cross a fork;
without the django_db mark any query here fails the test)."""

from django.conf import settings

from school.warmup import warm_up


def test_every_site_template_compiles_without_touching_the_database():
    templates = [path for d in settings.TEMPLATES[0]["DIRS"] for path in d.rglob("*.html")]
    assert warm_up() == len(templates) > 50
