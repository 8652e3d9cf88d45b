from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from reports import services


class Command(BaseCommand):
    help = "Builds a diversity-progress report: queued for the worker, or here and now with --sync."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--period", help="A quarter such as 2026Q3 (default: the last complete quarter).")
        parser.add_argument("--scope", default="", help="A team name; the whole organisation if left out.")
        parser.add_argument("--sync", action="store_true", help="Build in this process and wait for it.")

    def handle(self, *args: Any, period: str | None, scope: str, sync: bool, **options: Any) -> None:
        try:
            chosen = services.Period.parse(period) if period else services.Period.last_complete()
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if sync:
            snapshot = services.snapshot_create(period=chosen, scope=scope)
            snapshot = services.snapshot_build(snapshot_id=snapshot.pk)
            if snapshot.status != snapshot.Status.DONE:
                raise CommandError(f"The build failed: {snapshot.error}")
            seconds = snapshot.data["timings"]["build_seconds"]
            self.stdout.write(self.style.SUCCESS(f"Report {snapshot.pk} for {chosen.label} built in {seconds} s."))
        else:
            snapshot = services.snapshot_request(period=chosen, scope=scope)
            self.stdout.write(f"Report {snapshot.pk} for {chosen.label} is queued for the worker.")
