import os
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from demographics import services

OLD_KEY_VARIABLE = "DEMOGRAPHICS_PSEUDONYM_KEY_OLD"


class Command(BaseCommand):
    help = (
        "Re-keys every equality subject from the old pseudonym key to the new one, in one transaction. "
        f"Set the new key as DEMOGRAPHICS_PSEUDONYM_KEY and the old one as {OLD_KEY_VARIABLE}; keys are "
        "read from the environment so they never appear in the process list or shell history."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, yes: bool, **options: Any) -> None:
        old_key = os.environ.get(OLD_KEY_VARIABLE, "")
        new_key = settings.DEMOGRAPHICS_PSEUDONYM_KEY
        if not old_key:
            raise CommandError(f"Set {OLD_KEY_VARIABLE} to the key in use until now.")
        if old_key == new_key:
            raise CommandError("The old and new keys are the same: set DEMOGRAPHICS_PSEUDONYM_KEY to the new key.")
        if not yes and input("Re-key every subject now? Type 'yes' to go on: ").strip() != "yes":
            raise CommandError("Nothing was changed.")
        user_ids = list(User.objects.values_list("pk", flat=True))
        result = services.pseudonym_key_rotate(old_key=old_key, new_key=new_key, user_ids=user_ids)
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-keyed {result['subjects_rekeyed']} subjects; {result['subjects_unmatched']} matched no account."
            )
        )
