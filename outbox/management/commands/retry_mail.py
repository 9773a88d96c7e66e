from django.core.management.base import BaseCommand

from outbox import delivery


class Command(BaseCommand):
    help = (
        "Enqueue every queued e-mail whose next attempt is due (after a lost task or "
        "without a worker); with --failed, give the ones given up on a fresh set of attempts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--failed", action="store_true", help="Retry failed e-mail too.")

    def handle(self, *args, failed=False, **options):
        count = delivery.retry(include_failed=failed)
        self.stdout.write(f"{count} e-mail(s) enqueued.")
