"""save.py and drafts.py on the clerk's corrections: the original of a corrected text,
and each item's record of whether the clerk corrected it."""

import dataclasses
import datetime as dt

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from minutes.importing.drafts import (
    changed_by_clerk,
    corrected_item_numbers,
    keeping_hand_corrections,
    meeting_from_json,
    start_draft,
)
from minutes.importing.preview import stored_as_parsed
from minutes.importing.save import save_meeting
from minutes.importing.sources import (
    parse_source_document,
    store_edited_text,
    store_source_document,
)
from minutes.models import AgendaItem, ImportDraft, Meeting, SourceDocument
from minutes.parsing import ParsedMeeting, ParseError, parse_document
from minutes.parsing.records import as_json
from tests.factories import make_decision, make_item, make_meeting
from tests.helpers import HERNING, corrected_herning

pytestmark = pytest.mark.django_db

NO_ITEMS = b"Referat af modet\n\nGodkendelse af dagsorden\nBeslutning\nGodkendt.\n"
EDITED = "Referat af modet\n\nPunkt 1: Godkendelse af dagsorden\nBeslutning\nGodkendt.\n"
METADATA = {
    "entered_municipality": "Herning Kommune",
    "entered_committee": "Beskæftigelsesudvalget",
    "entered_date": parse_document(HERNING.read_bytes(), "x.txt").date,
}


def failed_original() -> SourceDocument:
    original = store_source_document(NO_ITEMS, filename="referat.pdf.txt", **METADATA)
    with pytest.raises(ParseError):
        parse_source_document(original)
    original.refresh_from_db()
    assert original.status == SourceDocument.Status.FAILED
    return original


def save_edited(original: SourceDocument, text: str = EDITED) -> SourceDocument:
    edited = store_edited_text(original, text, uploaded_by=None, **METADATA)
    save_meeting(parse_source_document(edited), source_document=edited)
    return edited


def test_the_original_of_a_saved_corrected_text_says_it_was_read_through_it():
    original = failed_original()
    error = original.error_message
    edited = save_edited(original)
    original.refresh_from_db()
    assert original.status == SourceDocument.Status.READ_AS_EDITED
    assert original.get_status_display() == "Importeret via rettet tekst"
    # Why the file itself could not be read stays, and the meeting links to both.
    assert original.error_message == error
    assert original.meeting == edited.meeting == Meeting.objects.get()
    assert edited.status == SourceDocument.Status.IMPORTED


def test_a_corrected_text_that_failed_leaves_the_original_failed():
    original = failed_original()
    attempt = store_edited_text(original, "still nothing\n", uploaded_by=None, **METADATA)
    with pytest.raises(ParseError):
        parse_source_document(attempt)
    original.refresh_from_db()
    assert original.status == SourceDocument.Status.FAILED
    save_edited(original)
    attempt.refresh_from_db()
    original.refresh_from_db()
    # The failed attempt failed; the file was read through the text that was saved.
    assert attempt.status == SourceDocument.Status.FAILED
    assert original.status == SourceDocument.Status.READ_AS_EDITED


def test_the_original_uploaded_again_is_known_and_not_read_again():
    original = failed_original()
    save_edited(original)
    again = store_source_document(NO_ITEMS, filename="referat.pdf.txt", **METADATA)
    assert again == original
    assert SourceDocument.objects.count() == 2


def herning_document(data: bytes | None = None, name: str = "referat.txt") -> SourceDocument:
    return store_source_document(
        HERNING.read_bytes() if data is None else data,
        filename=name,
        entered_municipality="Herning Kommune",
    )


def make_user():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_user("clerk", password="pw-123456789")


def flags() -> dict[int, bool]:
    return dict(AgendaItem.objects.order_by("number").values_list("number", "corrected_by_hand"))


def test_the_items_the_clerk_changed_are_recorded_and_the_others_not():
    document = herning_document()
    parsed = parse_source_document(document)
    draft = start_draft(document, parsed, user=None)
    items = list(parsed.items)
    items[0] = dataclasses.replace(items[0], title="Valg af formand")
    # A value the form cannot show differently (a space at the end) is no change.
    items[2] = dataclasses.replace(items[2], title=items[2].title + " ")
    draft.data = as_json(dataclasses.replace(parsed, items=tuple(items)))
    draft.save()
    assert corrected_item_numbers(draft) == {1}
    save_meeting(parsed, source_document=document, corrected_items=corrected_item_numbers(draft))
    assert flags() == {number: number == 1 for number in range(1, 10)}


def test_an_import_that_writes_the_parsers_version_clears_the_mark_and_others_keep_it():
    first = herning_document()
    save_meeting(parse_source_document(first), source_document=first, corrected_items={8, 3})
    second = herning_document(corrected_herning(), "referat-ny.txt")
    save_meeting(parse_source_document(second), source_document=second)
    # Item 8 was rewritten from the new file; item 3 was not written (unchanged), and
    # item 9 (withdrawn) is no longer offered as the clerk's.
    assert flags() == {number: number == 3 for number in range(1, 10)}


def test_a_new_version_starts_with_the_saved_version_of_the_items_corrected_by_hand():
    first = herning_document()
    save_meeting(parse_source_document(first), source_document=first)
    meeting = Meeting.objects.get()
    meeting.items.filter(number=8).update(corrected_by_hand=True)
    saved_decision = meeting.items.get(number=8).decisions.get(is_current=True).text
    second = herning_document(corrected_herning(), "referat-ny.txt")
    parsed = parse_source_document(second)
    kept = keeping_hand_corrections(parsed, meeting)
    by_number = {item.number: item for item in kept.items}
    assert next(d.text for d in by_number[8].decisions if d.current) == saved_decision
    assert next(d.text for d in parsed.items[7].decisions if d.current) != saved_decision
    # Items not corrected by hand are the new file's: item 9 stays out.
    assert sorted(by_number) == list(range(1, 9))
    draft = start_draft(second, parsed, user=None)
    assert draft.is_corrected
    assert draft.parsed == as_json(parsed)


def test_a_new_version_confirmed_as_it_began_is_not_the_confirming_clerks_correction():
    first = herning_document()
    save_meeting(parse_source_document(first), source_document=first)
    meeting = Meeting.objects.get()
    meeting.items.filter(number=8).update(corrected_by_hand=True)
    second = herning_document(corrected_herning(), "referat-ny.txt")
    draft = start_draft(second, parse_source_document(second), user=None)
    assert draft.is_corrected  # the kept item differs from what the parser read
    assert not changed_by_clerk(draft)
    data = meeting_from_json(draft.data)
    items = list(data.items)
    items[0] = dataclasses.replace(items[0], title="Rettet af den næste referent")
    draft.data = as_json(dataclasses.replace(data, items=tuple(items)))
    assert changed_by_clerk(draft)


def test_the_referat_after_its_agenda_keeps_the_new_files_version_of_a_corrected_item():
    first = herning_document()
    save_meeting(parse_source_document(first), source_document=first)
    meeting = Meeting.objects.get()
    Meeting.objects.filter(pk=meeting.pk).update(kind=Meeting.Kind.AGENDA)
    meeting.refresh_from_db()
    meeting.items.filter(number=8).update(corrected_by_hand=True)
    parsed = parse_source_document(herning_document(corrected_herning(), "referat-ny.txt"))
    assert keeping_hand_corrections(parsed, meeting) == parsed


BEFORE = [("minutes", "0016_cache_table")]
AFTER = [("minutes", "0017_item_corrected_by_hand_referent_group")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_finds_earlier_corrections_the_corrected_texts_originals_and_the_group():
    meeting = make_meeting()
    edited_in_admin = make_item(meeting=meeting, number=1)
    imported_since = make_item(meeting=meeting, number=2)
    corrected_in_preview = make_item(meeting=meeting, number=3, title="Titlen som rettet")
    make_decision(agenda_item=corrected_in_preview, text="Godkendt.")
    rewritten_since = make_item(meeting=meeting, number=4, title="Som den nye fil")
    admin_edit = {
        "content_type": ContentType.objects.get_for_model(AgendaItem),
        "action_flag": CHANGE,
        "object_repr": "punkt",
        "user": make_user(),
    }
    LogEntry.objects.create(object_id=str(edited_in_admin.pk), **admin_edit)
    LogEntry.objects.create(object_id=str(imported_since.pk), **admin_edit)
    LogEntry.objects.filter(object_id=str(edited_in_admin.pk)).update(
        action_time=timezone.now() + dt.timedelta(minutes=1)
    )
    # An import wrote item 2 after the clerk's edit.
    AgendaItem.objects.filter(pk=imported_since.pk).update(
        updated_at=timezone.now() + dt.timedelta(minutes=2)
    )
    document = SourceDocument.objects.create(
        original_name="referat.txt",
        sha256="0" * 64,
        size=1,
        meeting=meeting,
        status=SourceDocument.Status.IMPORTED,
    )
    as_corrected = [stored_as_parsed(item) for item in (corrected_in_preview, rewritten_since)]
    as_read = [
        dataclasses.replace(as_corrected[0], title="Titlen som læst"),
        dataclasses.replace(as_corrected[1], title="Som den gamle fil"),
    ]
    ImportDraft.objects.create(
        source_document=document,
        parsed=as_json(ParsedMeeting(layout="punkt_text", items=tuple(as_read))),
        data=as_json(
            ParsedMeeting(
                layout="punkt_text",
                items=(as_corrected[0], dataclasses.replace(as_corrected[1], title="Rettet")),
            )
        ),
    )
    original = SourceDocument.objects.create(
        original_name="referat.pdf",
        sha256="1" * 64,
        size=1,
        meeting=meeting,
        status=SourceDocument.Status.FAILED,
        error_message="Dokumentets opbygning blev ikke genkendt.",
    )
    SourceDocument.objects.create(
        original_name="referat-rettet.txt",
        sha256="2" * 64,
        size=1,
        meeting=meeting,
        edited_from=original,
        status=SourceDocument.Status.UPDATED,
    )
    unrelated_failure = SourceDocument.objects.create(
        original_name="tom.txt", sha256="3" * 64, size=1, status=SourceDocument.Status.FAILED
    )
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        assert not Group.objects.filter(name="Referent").exists()
        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        assert flags() == {1: True, 2: False, 3: True, 4: False}
        original.refresh_from_db()
        unrelated_failure.refresh_from_db()
        assert original.status == SourceDocument.Status.READ_AS_EDITED
        assert unrelated_failure.status == SourceDocument.Status.FAILED
        group = Group.objects.get(name="Referent")
        assert group.permissions.filter(codename="upload_minutes").exists()
        assert group.permissions.count() == 20
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
