"""An agenda (dagsorden) before the meeting, then its referat: one meeting, not a correction."""

import datetime as dt

import pytest

from minutes.importing.preview import AGENDA_AFTER_MINUTES, meeting_kind, preview_import
from minutes.models import AgendaItem, Decision, Meeting, SourceDocument
from minutes.parsing import ParseError, parse_document
from tests.coming import coming_date, import_document, meeting_document

pytestmark = pytest.mark.django_db


def item_urls() -> dict[int, tuple[int, str]]:
    return {item.number: (item.pk, item.get_absolute_url()) for item in AgendaItem.objects.all()}


def test_agenda_titled_dagsorden_is_saved_as_an_agenda_without_decisions():
    outcome = import_document(meeting_document(date=coming_date()), "dagsorden.txt")
    assert outcome.status == SourceDocument.Status.IMPORTED
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.is_agenda, meeting.corrected_at) == ("dagsorden", True, None)
    assert not Decision.objects.exists()


def test_referat_after_its_agenda_updates_the_same_meeting_and_is_no_correction():
    day = coming_date()
    import_document(meeting_document(date=day), "dagsorden.txt")
    meeting_id, urls = Meeting.objects.get().pk, item_urls()

    outcome = import_document(
        meeting_document(date=day, title="REFERAT", decision="Godkendt."), "referat.txt"
    )

    assert outcome.status == SourceDocument.Status.UPDATED
    assert outcome.meeting.pk == meeting_id
    assert item_urls() == urls
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.corrected_at) == ("referat", None)
    assert list(
        Decision.objects.filter(is_current=True).values_list("agenda_item__number", "text")
    ) == [(1, "Godkendt."), (2, "Godkendt.")]


def test_corrected_referat_after_the_agenda_and_referat_is_marked_corrected():
    day = coming_date()
    import_document(meeting_document(date=day), "dagsorden.txt")
    import_document(meeting_document(date=day, title="REFERAT", decision="Godkendt."), "r.txt")
    assert Meeting.objects.get().corrected_at is None

    outcome = import_document(
        meeting_document(date=day, title="REFERAT", decision="Godkendt med ændringer."),
        "referat-rettet.txt",
    )

    assert outcome.status == SourceDocument.Status.UPDATED
    meeting = Meeting.objects.get()
    assert meeting.kind == "referat"
    assert meeting.corrected_at is not None


def test_revised_agenda_is_still_an_agenda_and_no_correction():
    day = coming_date()
    import_document(meeting_document(date=day), "dagsorden.txt")
    outcome = import_document(
        meeting_document(date=day, extra=" Bilag er tilføjet."), "dagsorden-2.txt"
    )
    assert outcome.status == SourceDocument.Status.UPDATED
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.corrected_at) == ("dagsorden", None)


def test_agenda_after_the_referat_is_refused_and_changes_nothing():
    day = coming_date()
    import_document(meeting_document(date=day, title="REFERAT", decision="Godkendt."), "r.txt")
    with pytest.raises(ParseError) as raised:
        import_document(meeting_document(date=day), "dagsorden.txt")
    assert raised.value.user_message == AGENDA_AFTER_MINUTES
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.corrected_at) == ("referat", None)
    assert Decision.objects.filter(is_current=True).count() == 2
    failed = SourceDocument.objects.get(original_name="dagsorden.txt")
    assert (failed.status, failed.error_message) == (
        SourceDocument.Status.FAILED,
        AGENDA_AFTER_MINUTES,
    )


@pytest.mark.parametrize("days", [0, 30])
def test_document_without_a_title_is_an_agenda_when_ahead_and_undecided(days):
    day = coming_date(days)
    untitled = meeting_document(date=day, title=None)
    import_document(untitled, "punkter.txt", committee="Beskæftigelsesudvalget", date=day)
    assert Meeting.objects.get().kind == "dagsorden"


@pytest.mark.parametrize(
    ("date", "decision"),
    [
        (dt.date(2025, 6, 10), ""),  # held: a referat whose items lack decisions
        (coming_date(-1), ""),  # yesterday's
        (coming_date(), "Godkendt."),  # decisions: a referat, whatever the date says
    ],
)
def test_document_without_a_title_is_a_referat_when_held_or_decided(date, decision):
    untitled = meeting_document(date=date, title=None, decision=decision)
    parsed = parse_document(
        untitled, "punkter.txt", municipality="Herning Kommune", committee="Udvalg", date=date
    )
    assert parsed.kind is None
    assert meeting_kind(parsed) == Meeting.Kind.MINUTES


def test_the_documents_title_wins_over_the_date():
    # A referat uploaded on the meeting's day, or an agenda of a meeting held.
    referat = parse_document(meeting_document(date=coming_date(), title="Referat"), "r.txt")
    assert meeting_kind(referat) == Meeting.Kind.MINUTES
    agenda = parse_document(meeting_document(date=dt.date(2025, 6, 10)), "d.txt")
    assert meeting_kind(agenda) == Meeting.Kind.AGENDA


def test_preview_names_the_kind_and_the_refusal_before_the_save():
    day = coming_date()
    agenda = parse_document(meeting_document(date=day), "d.txt", municipality="Herning Kommune")
    assert (preview_import(agenda).kind, preview_import(agenda).refusal) == ("dagsorden", "")
    import_document(meeting_document(date=day, title="REFERAT", decision="Godkendt."), "r.txt")
    preview = preview_import(agenda)
    assert preview.is_update
    assert preview.refusal == AGENDA_AFTER_MINUTES
