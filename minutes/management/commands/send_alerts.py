"""Send the daily e-mail alerts: one mail per address with the new items it follows.

Run once a day (cron, a systemd timer, or the compose file's ``alerts`` service;
README, "E-mail alerts"). Safe to rerun: a second run finds nothing new. The
logic is in minutes/alerts/digest.py.
"""

from django.core.management.base import BaseCommand, CommandError

from minutes.alerts.digest import send_digests
from minutes.alerts.links import SiteUrlMissing


class Command(BaseCommand):
    help = "Send e-mailbeskeder: én mail pr. adresse med de nye punkter siden sidste kørsel."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Tæl kun, hvad der ville blive sendt; intet sendes eller flyttes.",
        )

    def handle(self, *args, dry_run: bool, verbosity: int, **options) -> None:
        try:
            report = send_digests(dry_run=dry_run)
        except SiteUrlMissing as err:
            raise CommandError(str(err)) from err
        if verbosity >= 1:
            self.stdout.write(self.style.SUCCESS(report.summary(dry_run=dry_run)))
        if report.failed:
            raise CommandError(
                f"{report.failed} mail{'s' if report.failed != 1 else ''} kunne ikke sendes; "
                "de sendes ved næste kørsel."
            )
