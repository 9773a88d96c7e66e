"""The page for an error on our side: a short reference that finds the error in the logs,
and how to reach the school."""

import logging
import secrets

from django.conf import settings
from django.http import HttpResponseServerError
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token


def reference_for(request) -> str:
    """The request's error reference, made on first use: 8 characters, easy to read out."""
    if not getattr(request, "error_reference", None):
        request.error_reference = secrets.token_hex(4).upper()
    return request.error_reference


@requires_csrf_token
def server_error(request):
    """Django's handler500. Rendered without the request's context, as Django's own is, so a
    failing context processor cannot fail this page too."""
    reference = reference_for(request)
    context = {
        "reference": reference,
        "contact_email": settings.CONTACT_EMAIL,
        "subject": _("Error %(reference)s") % {"reference": reference},
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    return HttpResponseServerError(loader.get_template("500.html").render(context))


class AddErrorReference(logging.Filter):
    """Start an error's log line with the reference its 500 page showed.

    Django calls handler500 before it logs the error with the request attached, so the
    reference is on the request by the time the record is made.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        reference = getattr(getattr(record, "request", None), "error_reference", None)
        if reference and not hasattr(record, "error_reference"):
            record.error_reference = reference
            record.msg = f"[error {reference}] {record.msg}"
        return True
