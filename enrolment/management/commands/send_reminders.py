from django.core.management.base import BaseCommand
from django.utils import timezone

from enrolment import reminders


class Command(BaseCommand):
    help = "Queue the session reminders due now (run every five minutes)."

    def handle(self, *args, **options):
        count = reminders.send_due(timezone.now())
        self.stdout.write(f"{count} reminders queued")
