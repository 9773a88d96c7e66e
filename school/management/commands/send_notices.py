import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from certificates import duties
from enrolment import class_messages, feedback, reminders, services, teaching_notices
from organisations import notices as organisation_notices
from outbox import notices
from school import my_data


class Command(BaseCommand):
    help = (
        "Tell what is due now: session reminders, class messages written for later, "
        "instructors' roll calls, organisations due for assessment, the survey after a "
        "class, certificates that must be renewed soon, and the e-mails that "
        "waited out the quiet hours; and pass on the seats offered from a waitlist that were "
        "not taken in time. Safe to run again or beside another run; run it every five "
        "minutes."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every",
            type=int,
            metavar="SECONDS",
            help="keep running, once every SECONDS (as `make run` does for the demo)",
        )

    def handle(self, *args, every=None, **options):
        while True:
            now = timezone.now()
            withdrawn = services.withdraw_expired_offers(now)
            told = (
                reminders.send_due(now)
                + class_messages.send_due(now)
                + teaching_notices.send_due(now)
                + organisation_notices.send_due(now)
                + feedback.send_due(now)
                + duties.send_due(now)
            )
            waited = notices.send_waiting(now)
            my_data.forget_expired(now)
            self.stdout.write(
                f"{told} notices, {waited} e-mails that waited for the morning, "
                f"{withdrawn} seat offers passed on"
            )
            if not every:
                return
            time.sleep(every)
