from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import loader


class Command(BaseCommand):
    help = "Load the Korean demo school (tracks, courses, lessons, people). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if any course exists."
        )

    def handle(self, *args, force=False, if_empty=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to load demo data with DEBUG off: it creates accounts with a known "
                "password. Use --force if you really mean it."
            )
        if if_empty and loader.has_courses():
            self.stdout.write("Courses already exist; demo data left as it is.")
        else:
            result = loader.load()  # recorded as it happened, so nobody is e-mailed
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data ready: {result['courses_created']} new courses, "
                    f"{result['courses_total']} in all; {result['classes_created']} new classes."
                )
            )
        self._print_logins()

    def _print_logins(self):
        self.stdout.write(f"\nDemo logins (password for all: {loader.DEMO_PASSWORD})")
        for login in loader.demo_logins():
            self.stdout.write(f"  {login.username:<12} {login.role}")
