from django.conf import settings
from django.core.checks import Warning, register
from django_tasks import task_backends
from django_tasks.backends.immediate import ImmediateBackend


@register(deploy=True)
def check_mail_leaves_the_request(app_configs, **kwargs):
    smtp = settings.OUTBOX_DELIVERY_BACKEND.endswith("smtp.EmailBackend")
    if smtp and isinstance(task_backends["background"], ImmediateBackend):
        return [
            Warning(
                "E-mail is sent over SMTP inside the request that queued it.",
                hint="Set TASK_WORKER=true and run manage.py db_worker --backend background.",
                id="outbox.W001",
            )
        ]
    return []
