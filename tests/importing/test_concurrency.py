"""Imports at once and confirms clicked twice, on PostgreSQL: one row each, honest statuses.

SQLite takes one writer at a time and has no row locks, so these races need
PostgreSQL (CI runs the suite on both). Each test starts its callers at one
barrier, in threads with their own database connections, several rounds over.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import Counter
from collections.abc import Callable
from functools import partial
from io import StringIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.test import Client
from django.urls import reverse

from minutes import kommuner
from minutes.importing.batch import import_file
from minutes.importing.save import save_meeting
from minutes.importing.sources import (
    DATABASE_DOWN,
    parse_source_document,
    store_source_document,
)
from minutes.models import Committee, Meeting, Municipality, SourceDocument
from tests.factories import make_committee, make_municipality
from tests.helpers import HERNING

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="row locks and concurrent writers: PostgreSQL only",
    ),
    pytest.mark.django_db(transaction=True),
]

CALLERS = 4
CONFIRM_URL = "/admin/minutes/meeting/upload/gem/"
ROUNDS = 3


def fresh_kommune(index: int) -> str:
    """One of the 98 kommuner, its row removed, so that the callers race to create it."""
    kommune = kommuner.all_kommuner()[index]
    Municipality.objects.filter(kommunekode=kommune.code).delete()
    return kommune.name


Status = SourceDocument.Status


def at_once(calls: list[Callable[[], object]]) -> list[object]:
    """Run the calls in threads released together; every result, or the test fails."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = call()
        except BaseException as exc:  # reported below, whatever it is
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a caller hangs"
    assert not errors, errors
    return results


def variant(number: int) -> bytes:
    """Seed 002 as another file (other bytes, same meeting)."""
    return HERNING.read_bytes() + b"\n" * number


@pytest.mark.parametrize("known_committee", [False, True], ids=["new committee", "new meeting"])
def test_parallel_saves_of_one_new_meeting_give_one_meeting_and_one_import(known_committee):
    for round_number in range(ROUNDS):
        municipality = fresh_kommune(round_number)
        if known_committee:
            # Only the meeting is new: the race is on its own unique constraint.
            make_committee(
                municipality=Municipality.objects.find_by_name(municipality),
                name="Beskæftigelsesudvalget",
                slug="beskaeftigelsesudvalget",
            )
        documents = [
            store_source_document(
                variant(caller), filename=f"{caller}.txt", entered_municipality=municipality
            )
            for caller in range(CALLERS)
        ]
        parsed = [parse_source_document(document) for document in documents]
        outcomes = at_once(
            [
                partial(save_meeting, meeting, source_document=doc)
                for doc, meeting in zip(documents, parsed, strict=True)
            ]
        )
        assert Municipality.objects.filter(name=municipality).count() == 1
        assert Committee.objects.filter(municipality__name=municipality).count() == 1
        meeting = Meeting.objects.get(municipality__name=municipality)
        assert {outcome.meeting.pk for outcome in outcomes} == {meeting.pk}
        statuses = Counter(
            SourceDocument.objects.filter(pk__in=[d.pk for d in documents]).values_list(
                "status", flat=True
            )
        )
        # The first to save imported it; the others found the same content.
        assert statuses == {Status.IMPORTED: 1, Status.UNCHANGED: CALLERS - 1}
        assert sorted(outcome.status for outcome in outcomes) == sorted(statuses.elements())
        assert meeting.corrected_at is None
        assert meeting.items.count() == 9


def test_parallel_imports_of_other_meetings_share_the_new_municipality_and_committee():
    for round_number in range(ROUNDS):
        municipality = fresh_kommune(10 + round_number)
        outcomes = at_once(
            [
                partial(
                    import_file,
                    variant(caller),
                    filename=f"{caller}.txt",
                    municipality=municipality,
                    date=dt.date(2026, 1, 1 + caller),
                )
                for caller in range(CALLERS)
            ]
        )
        assert Municipality.objects.filter(name=municipality).count() == 1
        assert Committee.objects.filter(municipality__name=municipality).count() == 1
        assert Meeting.objects.filter(municipality__name=municipality).count() == CALLERS
        assert {outcome.status for outcome in outcomes} == {Status.IMPORTED}


def test_parallel_import_minutes_commands_give_one_meeting_and_no_error(tmp_path):
    for round_number in range(ROUNDS):
        municipality = fresh_kommune(20 + round_number)
        paths = []
        for caller in range(CALLERS):
            path = tmp_path / f"{round_number}-{caller}.txt"
            path.write_bytes(variant(caller))
            paths.append(path)
        outputs = at_once(
            [partial(run_command, str(path), "--municipality", municipality) for path in paths]
        )
        assert Meeting.objects.filter(municipality__name=municipality).count() == 1
        assert sorted(outputs) == sorted(
            ["1 fil: 1 importeret, 0 opdateret, 0 uændret, 0 fejlet"]
            + ["1 fil: 0 importeret, 0 opdateret, 1 uændret, 0 fejlet"] * (CALLERS - 1)
        )
    assert not SourceDocument.objects.exclude(status__in=[Status.IMPORTED, Status.UNCHANGED])


def run_command(*args: str) -> str:
    stdout = StringIO()
    call_command("import_minutes", *args, stdout=stdout, verbosity=0)
    return stdout.getvalue().strip()


def test_the_same_document_saved_twice_at_once_is_saved_once():
    for round_number in range(ROUNDS):
        document = store_source_document(
            variant(round_number),
            filename="referat.txt",
            entered_municipality=fresh_kommune(30 + round_number),
        )
        parsed = parse_source_document(document)
        outcomes = at_once(
            [
                partial(save_meeting, parsed, source_document=copy)
                for copy in [SourceDocument.objects.get(pk=document.pk) for _ in range(2)]
            ]
        )
        document.refresh_from_db()
        assert document.status == Status.IMPORTED
        assert sorted(outcome.already_saved for outcome in outcomes) == [False, True]
        assert {outcome.status for outcome in outcomes} == {Status.IMPORTED}
        assert {outcome.meeting.pk for outcome in outcomes} == {document.meeting_id}


def test_a_double_clicked_confirm_saves_once_and_shows_the_saved_meeting(django_user_model):
    clerk = django_user_model.objects.create_superuser("clerk", "clerk@example.dk", "pw")
    for round_number in range(ROUNDS):
        municipality = fresh_kommune(40 + round_number)
        clients = [Client() for _ in range(2)]
        for client in clients:
            client.force_login(clerk)
        response = clients[0].post(
            "/admin/minutes/meeting/upload/",
            {
                "file": SimpleUploadedFile("referat.txt", variant(round_number)),
                "municipality": municipality,
                "committee": "",
                "date": "",
            },
        )
        assert response.status_code == 200
        document = SourceDocument.objects.latest("id")
        responses = at_once(
            [
                partial(client.post, CONFIRM_URL, {"source_document": document.pk})
                for client in clients
            ]
        )
        document.refresh_from_db()
        meeting = Meeting.objects.get(municipality__name=municipality)
        assert document.status == Status.IMPORTED
        assert document.meeting == meeting
        assert meeting.corrected_at is None
        landing = reverse("admin:minutes_meeting_change", args=[meeting.pk])
        assert [(r.status_code, r["Location"]) for r in responses] == [(302, landing)] * 2
        said = sorted(
            str(message)
            for client in clients
            for message in client.get(landing).context["messages"]
        )
        assert said[0] == "Filen referat.txt er allerede gemt."
        assert said[1].startswith(f"Mødet {meeting} er gemt.")


def test_an_import_whose_connection_the_database_drops_stops_in_danish_and_marks_the_file(
    tmp_path,
):
    path = tmp_path / "referat.txt"
    path.write_bytes(variant(0))
    outcome: dict[str, str] = {}

    def run() -> None:
        try:
            run_command(str(path), "--municipality", "Ærø Kommune")
        except CommandError as exc:
            outcome["error"] = str(exc)
        finally:
            connections.close_all()

    Municipality.objects.filter(kommunekode="0492").delete()
    with transaction.atomic():
        # Our uncommitted municipality of the same name holds the import's insert
        # at the unique index, where we end its connection as a restart would.
        make_municipality(name="Ærø Kommune", slug="aeroe-kommune", kommunekode="0492")
        thread = threading.Thread(target=run)
        thread.start()
        importer = wait_for_a_blocked_backend()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [importer])
        transaction.set_rollback(True)
    thread.join(timeout=60)

    assert outcome["error"] == (
        f"Databasen svarer ikke; importen er stoppet ved {path}, og intet er gemt. "
        "Kør kommandoen igen, når databasen svarer."
    )
    document = SourceDocument.objects.get()
    assert (document.status, document.error_message) == (Status.FAILED, DATABASE_DOWN)
    assert not Meeting.objects.exists()


def wait_for_a_blocked_backend() -> int:
    """The process id of the other connection once it waits for our lock."""
    with connection.cursor() as cursor:
        for _ in range(300):
            # Within our transaction the statistics views keep their first snapshot.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database() AND pid <> pg_backend_pid()"
            )
            row = cursor.fetchone()
            if row:
                return row[0]
            time.sleep(0.05)
    raise AssertionError("the import never reached the lock")
