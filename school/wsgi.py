import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "school.settings")
application = get_wsgi_application()

from school.warmup import warm_up  # noqa: E402 - needs the settings configured above

warm_up()
