"""The site's settings with the bare view beside it (bench/urls.py), for bench.server."""

from school.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
