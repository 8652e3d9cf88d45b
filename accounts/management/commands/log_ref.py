from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from core.logging import login_ref, user_ref


class Command(BaseCommand):
    help = (
        "Prints the refs that name a person in the logs (user_ref, login_ref), for someone who holds "
        "LOG_HMAC_KEY and must follow one person's sign-ins, e.g. after a security incident."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email", help="The person's e-mail address (or the address that was typed).")

    def handle(self, *args: Any, email: str, **options: Any) -> None:
        self.stdout.write(f"login_ref {login_ref(email)}")
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError("No account uses that address; only its login_ref is shown.")
        self.stdout.write(f"user_ref  {user_ref(user.pk)}")
