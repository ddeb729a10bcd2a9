"""save.py and drafts.py on the clerk's corrections: the original of a corrected text,
and each item's record of whether the clerk corrected it."""

import dataclasses

import pytest

from minutes.importing.drafts import (
    corrected_item_numbers,
    keeping_hand_corrections,
    start_draft,
)
from minutes.importing.save import save_meeting
from minutes.importing.sources import (
    parse_source_document,
    store_edited_text,
    store_source_document,
)
from minutes.models import AgendaItem, Meeting, SourceDocument
from minutes.parsing import ParseError, parse_document
from minutes.parsing.records import as_json
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


def test_the_referat_after_its_agenda_keeps_the_new_files_version_of_a_corrected_item():
    first = herning_document()
    save_meeting(parse_source_document(first), source_document=first)
    meeting = Meeting.objects.get()
    Meeting.objects.filter(pk=meeting.pk).update(kind=Meeting.Kind.AGENDA)
    meeting.refresh_from_db()
    meeting.items.filter(number=8).update(corrected_by_hand=True)
    parsed = parse_source_document(herning_document(corrected_herning(), "referat-ny.txt"))
    assert keeping_hand_corrections(parsed, meeting) == parsed
