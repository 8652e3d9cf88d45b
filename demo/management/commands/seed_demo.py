import logging
import os
import secrets
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "Creates one demo account per role and realistic demo data. Safe to run again."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--people", type=int, default=300, help="How many demo people to create (default 300).")

    def handle(self, *args: Any, people: int, **options: Any) -> None:
        if people < 0:
            raise CommandError("--people must be zero or more.")
        try:
            # Faker, which invents the demo people, is in the demo extra: never in production.
            from demo.services import DEMO_ACCOUNTS, demo_seed
        except ModuleNotFoundError as error:
            raise CommandError(
                f"Demo data needs {error.name}, which production images leave out. "
                "Install the development lock: pip install --require-hashes -r requirements/dev.txt"
            ) from error
        given = os.environ.get("DEMO_PASSWORD", "")
        password = given or secrets.token_urlsafe(12)
        # The demo people are not real: the seed sends them no e-mail, and keeps the console for
        # what matters (the password below, and later the sign-in codes).
        celery_log = logging.getLogger("celery")
        level = celery_log.level
        celery_log.setLevel(logging.WARNING)
        try:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
                result = demo_seed(password=password, reset_passwords=bool(given), people=people)
        finally:
            celery_log.setLevel(level)
        if result.accounts_created and not given:
            self.stdout.write(self.style.WARNING(f"Demo password (generated): {password}"))
        elif not result.accounts_created and not given:
            self.stdout.write("Demo accounts already exist; passwords unchanged (set DEMO_PASSWORD to reset them).")
        accounts = ", ".join(email for email, _, _ in DEMO_ACCOUNTS)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo accounts: {accounts}. Created {result.accounts_created}, "
                f"reset {result.passwords_reset}; {result.people_created} new demo applicants."
            )
        )
