from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import services


class Command(BaseCommand):
    help = (
        "Re-encrypts every stored second factor (TOTP secrets, recovery-code seeds) under the first key in "
        "MFA_ENCRYPTION_KEY. To rotate: set MFA_ENCRYPTION_KEY=<new>,<old> everywhere, run this, then set "
        "MFA_ENCRYPTION_KEY=<new>. Keys are read from the environment, never from the command line."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = services.second_factors_rotate()
        except services.SecondFactorUnreadableError as error:
            raise CommandError(
                f"{error.args[0]} stored second factors decrypt under none of the keys in MFA_ENCRYPTION_KEY; "
                "nothing was changed. Add the key they were made with to the end of the list."
            ) from error
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {result['authenticators']} authenticators."))
        if len(settings.MFA_ENCRYPTION_KEYS) > 1:
            self.stdout.write("Now remove the old keys from MFA_ENCRYPTION_KEY.")
