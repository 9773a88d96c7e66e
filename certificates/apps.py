from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = _("certificates")

    def ready(self):
        from certificates.signals import issue_on_completion
        from enrolment.events import enrolment_completed

        enrolment_completed.connect(issue_on_completion, dispatch_uid="issue-on-completion")
