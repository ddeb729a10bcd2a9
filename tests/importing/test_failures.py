"""An import that cannot finish says why, and no document stays "received" after it ended."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from minutes.importing.save import save_meeting
from minutes.importing.sources import (
    IMPORT_ABANDONED,
    IMPORT_STOPPED,
    PREVIEW_ABANDONED,
    fail_stale_documents,
    parse_source_document,
    store_source_document,
)
from minutes.models import AgendaItem, Committee, Meeting, SourceDocument
from minutes.parsing import ParseError
from tests.helpers import HERNING

pytestmark = pytest.mark.django_db

RECORD = Path(__file__).resolve().parent.parent / "fixtures" / "records" / "003_lemvig_record.json"
Status = SourceDocument.Status


def herning_document(data: bytes | None = None) -> SourceDocument:
    return store_source_document(
        data or HERNING.read_bytes(), filename="referat.txt", entered_municipality="Herning Kommune"
    )


def record_numbered(number: int) -> bytes:
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    record["Punktnummer"] = record["Number"] = record["Sorting"] = number
    return json.dumps(record).encode()


def test_an_item_number_the_database_cannot_hold_is_refused_before_the_save(admin_client):
    response = admin_client.post(
        "/admin/minutes/meeting/upload/",
        {
            "file": SimpleUploadedFile("punkt.json", record_numbered(2**31)),
            "municipality": "Lemvig Kommune",
            "committee": "Kommunalbestyrelsen",
            "date": "2025-12-16",
        },
    )
    assert response.status_code == 200
    message = "Punkt 2147483648 er for stort et nummer; det største, der kan gemmes, er 2147483647."
    assert message in response.content.decode()
    document = SourceDocument.objects.get()
    assert (document.status, document.error_message) == (Status.FAILED, message)
    assert not Meeting.objects.exists()


def test_the_largest_item_number_the_database_holds_is_saved():
    document = store_source_document(
        record_numbered(2**31 - 1),
        filename="punkt.json",
        entered_municipality="Lemvig Kommune",
        entered_committee="Kommunalbestyrelsen",
        entered_date=dt.date(2025, 12, 16),
    )
    save_meeting(parse_source_document(document), source_document=document)
    assert AgendaItem.objects.get().number == 2**31 - 1


def test_a_number_of_thousands_of_digits_is_refused_without_printing_it():
    parsed = parse_source_document(herning_document())
    item = dataclasses.replace(parsed.items[0], number=10**5000)
    parsed = dataclasses.replace(parsed, items=(item,))
    document = herning_document(b"other bytes")
    with pytest.raises(ParseError) as raised:
        save_meeting(parsed, source_document=document)
    assert raised.value.user_message == (
        "Punkt har et nummer på over 20 cifre; det største, der kan gemmes, er 2147483647."
    )
    document.refresh_from_db()
    assert document.status == Status.FAILED
    assert not Meeting.objects.exists()


def test_a_save_that_stops_on_an_internal_error_marks_the_document_failed():
    parsed = parse_source_document(herning_document())
    # Two items with one number break a constraint inside the save: a bug, not the
    # clerk's file, and the transaction rolls back whole.
    parsed = dataclasses.replace(parsed, items=(parsed.items[0], parsed.items[0]))
    document = herning_document(b"another file")
    with pytest.raises(Exception) as raised:
        save_meeting(parsed, source_document=document)
    assert not isinstance(raised.value, ParseError)
    document.refresh_from_db()
    assert (document.status, document.error_message) == (Status.FAILED, IMPORT_STOPPED)
    assert not Meeting.objects.exists()
    assert not Committee.objects.exists()


def test_a_document_saved_once_is_not_saved_again():
    document = herning_document()
    parsed = parse_source_document(document)
    first = save_meeting(parsed, source_document=document)
    again = save_meeting(parsed, source_document=SourceDocument.objects.get(pk=document.pk))
    assert (first.status, first.already_saved) == (Status.IMPORTED, False)
    assert (again.status, again.already_saved, again.meeting) == (
        Status.IMPORTED,
        True,
        first.meeting,
    )
    assert SourceDocument.objects.get().status == Status.IMPORTED


def test_stale_received_documents_are_ended_with_the_reason(django_user_model):
    clerk = django_user_model.objects.create_user("clerk")
    now = timezone.now()
    command_file = herning_document(b"a")
    old_preview = herning_document(b"b")
    fresh_preview = herning_document(b"c")
    running = herning_document(b"d")
    SourceDocument.objects.filter(pk=command_file.pk).update(
        uploaded_at=now - dt.timedelta(hours=2)
    )
    SourceDocument.objects.filter(pk=old_preview.pk).update(
        uploaded_by=clerk, uploaded_at=now - dt.timedelta(days=2)
    )
    SourceDocument.objects.filter(pk=fresh_preview.pk).update(
        uploaded_by=clerk, uploaded_at=now - dt.timedelta(hours=2)
    )

    assert fail_stale_documents() == 2

    def state(document):
        document.refresh_from_db()
        return document.status, document.error_message

    assert state(command_file) == (Status.FAILED, IMPORT_ABANDONED)
    assert state(old_preview) == (Status.FAILED, PREVIEW_ABANDONED)
    assert state(fresh_preview) == (Status.RECEIVED, "")
    assert state(running) == (Status.RECEIVED, "")


def test_import_minutes_ends_what_a_killed_run_left_received(tmp_path):
    killed = herning_document(b"killed")
    SourceDocument.objects.filter(pk=killed.pk).update(
        uploaded_at=timezone.now() - dt.timedelta(hours=2)
    )
    path = tmp_path / "referat.txt"
    path.write_bytes(HERNING.read_bytes())
    call_command(
        "import_minutes", str(path), "--municipality", "Herning Kommune", stdout=StringIO()
    )
    killed.refresh_from_db()
    assert (killed.status, killed.error_message) == (Status.FAILED, IMPORT_ABANDONED)


def test_import_minutes_without_a_database_fails_cleanly_in_danish(tmp_path):
    path = tmp_path / "referat.txt"
    path.write_bytes(HERNING.read_bytes())
    environment = {
        **os.environ,
        "DEBUG": "1",
        # Nothing listens on port 9: the database does not answer.
        "DATABASE_URL": "postgres://postgres@127.0.0.1:9/referater",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
    }
    finished = subprocess.run(
        [sys.executable, "manage.py", "import_minutes", str(path), "--municipality", "Herning"],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert finished.returncode == 1
    assert "Traceback" not in finished.stderr
    assert finished.stderr.strip().endswith(
        "CommandError: Databasen svarer ikke; importen er stoppet, og intet er gemt. "
        "Kør kommandoen igen, når databasen svarer."
    )
