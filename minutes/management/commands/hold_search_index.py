"""Keep the search index's files in memory while the site runs (minutes/search/resident.py).

A long-running process beside the web workers: ``manage.py hold_search_index``.
``--once`` maps and reads the files once and exits (a warm-up after a restart).
"""

import signal
import threading

from django.core.management.base import BaseCommand

from minutes.search.index import index_dir
from minutes.search.resident import ResidentIndex, lock_future_mappings


class Command(BaseCommand):
    help = "Hold søgeindeksets filer i hukommelsen, så ingen søgning venter på disken."
    # It reads files only: no database, and the index's own check is the web's concern.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=30.0,
            help="Sekunder mellem hver gennemgang af indeksmappen (nye og slettede filer).",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Læs filerne ind én gang og stop (uden at låse dem).",
        )

    def handle(self, *args, interval: float, once: bool, **options) -> None:
        resident = ResidentIndex(index_dir())
        if once:
            scan = resident.rescan(touch=True)
            resident.release()
            self.stdout.write(f"Læst ind: {scan.files} filer, {scan.bytes / 1e6:.0f} MB.")
            return
        refused = lock_future_mappings()
        if refused:
            self.stderr.write(
                f"Indeksets sider kan ikke låses i hukommelsen ({refused}); de læses i stedet "
                f"igen hvert {interval:g}. sekund. Giv processen CAP_IPC_LOCK eller en "
                "højere memlock-grænse for at låse dem."
            )
        stop = threading.Event()
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, lambda *_: stop.set())
        while True:
            scan = resident.rescan(touch=bool(refused))
            if scan.added or scan.released:
                self.stdout.write(
                    f"Holder {scan.files} filer, {scan.bytes / 1e6:.0f} MB "
                    f"(+{scan.added}, -{scan.released})."
                )
            if stop.wait(interval):
                break
        resident.release()
