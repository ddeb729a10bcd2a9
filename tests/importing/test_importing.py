"""minutes/importing/: storing uploads, saving parsed meetings, corrected re-uploads."""

import dataclasses
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from minutes.importing.batch import import_file
from minutes.importing.preview import preview_import
from minutes.importing.save import save_meeting
from minutes.importing.sources import NO_DATE, parse_source_document, store_source_document
from minutes.models import AgendaItem, Committee, Decision, Meeting, Municipality, SourceDocument
from minutes.parsing import (
    ParsedAttachment,
    ParsedDecision,
    ParsedItem,
    ParsedMeeting,
    ParseError,
    parse_document,
)
from tests.factories import make_committee, make_municipality
from tests.helpers import HERNING, SEEDS, corrected_herning

pytestmark = pytest.mark.django_db


def assert_rows_match(meeting: Meeting, parsed: ParsedMeeting) -> None:
    """Every saved row says what the parser read, field by field."""
    assert meeting.municipality.name == parsed.municipality
    assert meeting.committee.name == parsed.committee
    assert meeting.date == parsed.date
    assert meeting.start_time == parsed.start_time
    assert meeting.location == (parsed.location or "")
    assert meeting.participants == list(parsed.participants)
    items = list(meeting.items.order_by("number").prefetch_related("decisions", "attachments"))
    assert [item.number for item in items] == [p.number for p in parsed.items]
    for item, expected in zip(items, parsed.items, strict=True):
        assert item.title == expected.title
        assert item.case_number == (expected.case_number or "")
        assert item.case_officer == (expected.case_officer or "")
        assert item.is_closed == expected.is_closed
        assert item.sections == [{"heading": s.heading, "text": s.text} for s in expected.sections]
        assert item.recommendation == (expected.recommendation or "")
        assert (item.municipality_id, item.committee_id, item.meeting_date) == (
            meeting.municipality_id,
            meeting.committee_id,
            meeting.date,
        )
        assert not item.is_withdrawn
        assert [
            (d.position, d.is_current, d.committee_name, d.date, d.item_number, d.text, d.absent)
            for d in item.decisions.all()
        ] == [
            (n, d.current, d.body or "", d.date, d.item_number, d.text, list(d.absent))
            for n, d in enumerate(expected.decisions)
        ]
        assert [(a.position, a.title, a.url) for a in item.attachments.all()] == [
            (n, a.title, a.url or "") for n, a in enumerate(expected.attachments)
        ]


def import_herning(data: bytes | None = None, name: str = "referat.txt"):
    return import_file(
        HERNING.read_bytes() if data is None else data,
        filename=name,
        municipality="Herning Kommune",
    )


def test_upload_is_kept_as_it_came_with_its_hash():
    data = HERNING.read_bytes()
    document = store_source_document(
        data, filename="referat.txt", content_type="text/plain", entered_municipality="Herning"
    )
    document.refresh_from_db()
    assert document.status == SourceDocument.Status.RECEIVED
    assert document.file.read() == data
    assert document.sha256 == SourceDocument.hash_bytes(data)
    assert document.size == len(data)
    assert (document.original_name, document.content_type) == ("referat.txt", "text/plain")


def test_stored_file_name_is_sanitised_and_never_a_path_the_uploader_chose():
    document = store_source_document(b"Punkt 1: Test\n", filename="../../etc/pass wd;rm.txt")
    assert document.file.name.startswith("sources/")
    assert ".." not in document.file.name
    assert " " not in document.file.name and ";" not in document.file.name
    assert document.original_name == "../../etc/pass wd;rm.txt"


def test_save_writes_every_item_decision_and_attachment_of_the_parse():
    outcome = import_herning()
    parsed = parse_document(HERNING.read_bytes(), "referat.txt", municipality="Herning Kommune")
    assert outcome.status == SourceDocument.Status.IMPORTED
    assert_rows_match(outcome.meeting, parsed)
    assert outcome.meeting.corrected_at is None
    document = SourceDocument.objects.get()
    assert (document.status, document.meeting, document.layout) == (
        SourceDocument.Status.IMPORTED,
        outcome.meeting,
        parsed.layout,
    )


def test_same_file_twice_creates_nothing_new():
    first = import_herning()
    counts = [model.objects.count() for model in (SourceDocument, Meeting, AgendaItem, Decision)]
    second = import_herning()
    assert second.status == SourceDocument.Status.UNCHANGED
    assert second.meeting == first.meeting
    assert second.document == first.document
    assert [
        model.objects.count() for model in (SourceDocument, Meeting, AgendaItem, Decision)
    ] == counts


def test_corrected_upload_updates_in_place_keeping_ids_and_urls():
    first = import_herning()
    items_before = {
        item.number: (item.pk, item.get_absolute_url()) for item in first.meeting.items.all()
    }
    second = import_herning(corrected_herning(), "referat-rettet.txt")
    assert second.status == SourceDocument.Status.UPDATED
    assert second.meeting.pk == first.meeting.pk
    assert (second.added, second.changed, second.removed) == ([], [8], [9])
    items_after = {
        item.number: (item.pk, item.get_absolute_url()) for item in AgendaItem.objects.all()
    }
    assert items_after == items_before
    withdrawn = AgendaItem.objects.get(number=9)
    assert withdrawn.is_withdrawn
    assert AgendaItem.objects.filter(is_withdrawn=True).count() == 1
    decision = Decision.objects.get(agenda_item__number=8, is_current=True)
    assert decision.text.startswith("Samarbejde på tværs af fagudvalg blev drøftet")
    meeting = Meeting.objects.get()
    assert meeting.corrected_at is not None
    # Both versions stay on record beside each other.
    assert sorted(meeting.source_documents.values_list("status", flat=True)) == [
        SourceDocument.Status.IMPORTED,
        SourceDocument.Status.UPDATED,
    ]


def test_withdrawn_item_returns_when_a_later_version_has_it_again():
    import_herning()
    import_herning(corrected_herning(), "rettet.txt")
    outcome = import_herning(HERNING.read_bytes() + b"\n", "rettet-igen.txt")
    assert outcome.changed == [8, 9]
    assert not AgendaItem.objects.get(number=9).is_withdrawn


def test_other_file_with_the_same_content_is_kept_but_changes_nothing():
    first = import_herning()
    item_updated = AgendaItem.objects.get(number=1).updated_at
    # A trailing blank line: another file (another hash), the same minutes.
    outcome = import_herning(HERNING.read_bytes() + b"\n\n", "kopi.txt")
    assert outcome.status == SourceDocument.Status.UNCHANGED
    assert outcome.document != first.document
    assert SourceDocument.objects.count() == 2
    meeting = Meeting.objects.get()
    assert meeting.corrected_at is None
    assert AgendaItem.objects.get(number=1).updated_at == item_updated


def test_corrected_upload_keeps_an_unpublished_meeting_and_item_unpublished():
    first = import_herning()
    Meeting.objects.update(is_published=False, unpublished_reason="Personnummer i bilag")
    AgendaItem.objects.filter(number=8).update(is_published=False)
    import_herning(corrected_herning(), "rettet.txt")
    meeting = Meeting.objects.get(pk=first.meeting.pk)
    assert not meeting.is_published
    assert meeting.unpublished_reason == "Personnummer i bilag"
    assert not AgendaItem.objects.get(number=8).is_published


def test_existing_municipality_and_committee_are_reused_whatever_the_case():
    municipality = make_municipality(name="Herning Kommune", slug="herning-kommune")
    committee = make_committee(
        municipality=municipality, name="Beskæftigelsesudvalget", slug="beskaeftigelsesudvalget"
    )
    outcome = import_file(
        HERNING.read_bytes(),
        filename="referat.txt",
        municipality="herning kommune",
        committee="BESKÆFTIGELSESUDVALGET",
    )
    assert outcome.meeting.municipality == municipality
    assert outcome.meeting.committee == committee
    assert Municipality.objects.filter(name__icontains="herning").count() == 1
    assert Committee.objects.count() == 1


def test_new_municipality_and_committee_get_danish_slugs():
    outcome = import_file(
        HERNING.read_bytes(),
        filename="referat.txt",
        municipality="Ærø Kommune",
        committee="Økonomiudvalget",
    )
    assert outcome.meeting.municipality.slug == "aeroe-kommune"
    assert outcome.meeting.committee.slug == "oekonomiudvalget"


def test_document_without_a_date_fails_and_is_kept_with_the_message():
    data = (SEEDS / "001_a766cabc7b462376.txt").read_bytes()
    with pytest.raises(ParseError) as raised:
        import_file(
            data,
            filename="001.txt",
            municipality="Vesthimmerlands Kommune",
            committee="Beskæftigelsesudvalget",
        )
    assert raised.value.user_message == NO_DATE
    assert not Meeting.objects.exists()
    document = SourceDocument.objects.get()
    assert (document.status, document.error_message) == (SourceDocument.Status.FAILED, NO_DATE)
    assert document.file.read() == data


def test_failed_file_can_be_imported_when_the_clerk_gives_what_was_missing():
    data = (SEEDS / "001_a766cabc7b462376.txt").read_bytes()
    metadata = {"municipality": "Vesthimmerlands Kommune", "committee": "Beskæftigelsesudvalget"}
    with pytest.raises(ParseError):
        import_file(data, filename="001.txt", **metadata)
    outcome = import_file(data, filename="001.txt", date=dt.date(2022, 5, 31), **metadata)
    assert outcome.status == SourceDocument.Status.IMPORTED
    failed, imported = SourceDocument.objects.order_by("id")
    assert failed.status == SourceDocument.Status.FAILED
    assert imported.status == SourceDocument.Status.IMPORTED
    # The second attempt shares the stored bytes of the first.
    assert imported.file.name == failed.file.name


def test_file_over_the_size_limit_is_refused_and_not_stored(settings):
    settings.MINUTES_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ParseError) as raised:
        import_herning()
    assert raised.value.user_message.startswith("Filen er for stor (")
    assert not SourceDocument.objects.exists()


def test_preview_of_a_new_meeting_lists_every_item_as_new():
    document = store_source_document(
        HERNING.read_bytes(), filename="r.txt", entered_municipality="Herning Kommune"
    )
    preview = preview_import(parse_source_document(document))
    assert not preview.is_update
    assert preview.added == list(range(1, 10))
    assert [state for _, state in preview.rows] == ["ny"] * 9
    assert not Meeting.objects.exists()


def test_preview_of_a_corrected_version_names_the_changes_and_writes_nothing():
    import_herning()
    document = store_source_document(
        corrected_herning(), filename="r.txt", entered_municipality="Herning Kommune"
    )
    preview = preview_import(parse_source_document(document))
    assert preview.is_update
    assert (preview.added, preview.changed, preview.removed) == ([], [8], [9])
    assert dict((item.number, state) for item, state in preview.rows)[8] == "ændret"
    assert not AgendaItem.objects.filter(is_withdrawn=True).exists()


def test_save_links_the_source_document_and_records_its_layout():
    document = store_source_document(
        HERNING.read_bytes(), filename="r.txt", entered_municipality="Herning Kommune"
    )
    outcome = save_meeting(parse_source_document(document), source_document=document)
    document.refresh_from_db()
    assert document.meeting == outcome.meeting
    assert document.layout == "punkt_text"


def numbered_meeting(count: int, *, decided: str = "Godkendt.") -> ParsedMeeting:
    """A parsed meeting of ``count`` items, each with two decisions and an attachment."""
    return ParsedMeeting(
        layout="punkt_text",
        municipality="Herning Kommune",
        committee="Økonomiudvalget",
        date=dt.date(2026, 3, 2),
        items=tuple(
            ParsedItem(
                number=number,
                title=f"Sag nummer {number}",
                case_number=f"00.01.00-A00-{number}-26",
                decisions=(
                    ParsedDecision(text=decided, current=True),
                    ParsedDecision(
                        text="Oversendt.",
                        current=False,
                        body="Byrådet",
                        date=dt.date(2026, 2, 1),
                        item_number=number,
                    ),
                ),
                attachments=(ParsedAttachment(title=f"Bilag {number}"),),
            )
            for number in range(1, count + 1)
        ),
    )


def queries_to_save(parsed: ParsedMeeting) -> int:
    # A new file each time: a document once saved is not saved again.
    document = store_source_document(
        f"referat {SourceDocument.objects.count()}".encode(), filename="referat.txt"
    )
    with CaptureQueriesContext(connection) as captured:
        save_meeting(parsed, source_document=document)
    return len(captured)


def test_queries_to_save_a_new_meeting_do_not_grow_with_its_items():
    # Both saves find the municipality and committee; creating them costs two queries.
    make_committee(name="Økonomiudvalget", slug="oekonomiudvalget")
    small = queries_to_save(numbered_meeting(2))
    Meeting.objects.all().delete()
    large = queries_to_save(numbered_meeting(20))
    assert large == small
    assert (AgendaItem.objects.count(), Decision.objects.count()) == (20, 40)


def corrected(parsed: ParsedMeeting) -> ParsedMeeting:
    """Every decision reworded, the first item dropped and a new last item added."""
    reworded = numbered_meeting(len(parsed.items) + 1, decided="Godkendt med ændringer.")
    return dataclasses.replace(reworded, items=reworded.items[1:])


def test_queries_to_save_a_corrected_meeting_do_not_grow_with_its_items():
    counts = []
    for size in (2, 20):
        Meeting.objects.all().delete()
        original = numbered_meeting(size)
        queries_to_save(original)
        counts.append(queries_to_save(corrected(original)))
        assert AgendaItem.objects.filter(is_withdrawn=True).count() == 1
        assert Decision.objects.filter(text="Godkendt med ændringer.").count() == size
    assert counts[0] == counts[1]


def test_corrected_upload_rewrites_only_the_changed_items():
    queries_to_save(numbered_meeting(3))
    before = {
        item.number: (item.pk, item.updated_at, sorted(item.decisions.values_list("pk", flat=True)))
        for item in AgendaItem.objects.all()
    }
    changed = numbered_meeting(3)
    item_2 = dataclasses.replace(changed.items[1], title="Sag nummer 2, rettet")
    queries_to_save(
        dataclasses.replace(changed, items=(changed.items[0], item_2, changed.items[2]))
    )
    after = {
        item.number: (item.pk, item.updated_at, sorted(item.decisions.values_list("pk", flat=True)))
        for item in AgendaItem.objects.all()
    }
    assert after[1] == before[1] and after[3] == before[3]
    assert after[2][0] == before[2][0]
    assert after[2][1] > before[2][1]
    assert set(after[2][2]).isdisjoint(before[2][2])
    assert AgendaItem.objects.get(number=2).title == "Sag nummer 2, rettet"
    assert Meeting.objects.get().corrected_at is not None
