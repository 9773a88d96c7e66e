from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        # How often an open roll call asks for self check-ins that arrived.
        "ROLL_REFRESH_SECONDS": settings.ROLL_REFRESH_SECONDS,
    }
