import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from minutes.models import Committee, Municipality, SourceDocument, source_document_path

from .factories import (
    make_attachment,
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_municipality,
)

pytestmark = pytest.mark.django_db


def test_duplicate_item_number_in_one_meeting_is_refused():
    meeting = make_meeting()
    make_item(meeting=meeting, number=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_item(meeting=meeting, number=5)


def test_same_item_number_in_two_meetings_is_allowed():
    first = make_item(meeting=make_meeting(date=dt.date(2026, 1, 13)), number=5)
    second = make_item(meeting=make_meeting(date=dt.date(2026, 2, 10)), number=5)
    assert first.pk != second.pk
    assert first.get_absolute_url() != second.get_absolute_url()


def test_second_meeting_same_day_needs_its_own_sequence():
    committee = make_committee()
    make_meeting(committee=committee)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_meeting(committee=committee)
    second = make_meeting(committee=committee, sequence=2)
    assert second.get_absolute_url().endswith("/2026-01-13-2/")


def test_meeting_sequence_must_be_positive():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_meeting(sequence=0)


def test_committee_slug_is_unique_within_a_municipality_only():
    make_committee(name="Økonomiudvalget", slug="oekonomiudvalget")
    other = make_municipality(name="Lemvig Kommune", slug="lemvig-kommune")
    make_committee(municipality=other, name="Økonomiudvalget", slug="oekonomiudvalget")
    with pytest.raises(IntegrityError), transaction.atomic():
        Committee.objects.create(
            municipality=other, name="Økonomiudvalget 2", slug="oekonomiudvalget"
        )


def test_only_one_current_decision_per_item():
    item = make_item()
    make_decision(agenda_item=item, position=0, is_current=True)
    make_decision(agenda_item=item, position=1, is_current=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_decision(agenda_item=item, position=2, is_current=True)


def test_attachment_positions_are_unique_per_item():
    item = make_item()
    make_attachment(agenda_item=item, position=0)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_attachment(agenda_item=item, position=0, title="Andet bilag")


def test_slugs_keep_danish_letters_readable():
    # Not one of the 98 kommuner, which the migrations load with their slugs.
    municipality = Municipality.objects.create(name="Ærøskøbing Købstad")
    committee = Committee.objects.create(municipality=municipality, name="Økonomiudvalget")
    assert municipality.slug == "aeroeskoebing-koebstad"
    assert committee.slug == "oekonomiudvalget"


def test_urls_are_readable_and_danish():
    item = make_item(number=5)
    assert item.get_absolute_url() == (
        "/kommuner/herning-kommune/beskaeftigelsesudvalget/2026-01-13/punkt-5/"
    )
    assert item.get_case_url() == "/kommuner/herning-kommune/sager/00.22.02-G01-1-26/"


def test_public_items_leave_out_unpublished_and_withdrawn():
    meeting = make_meeting()
    visible = make_item(meeting=meeting, number=1)
    make_item(meeting=meeting, number=2, is_published=False)
    make_item(meeting=meeting, number=3, is_withdrawn=True)
    hidden_meeting = make_meeting(date=dt.date(2026, 2, 1), is_published=False)
    make_item(meeting=hidden_meeting, number=1)
    from minutes.models import AgendaItem

    assert list(AgendaItem.objects.public()) == [visible]


def test_source_document_path_never_trusts_the_uploaded_name():
    document = SourceDocument(sha256="ab" * 32)
    path = source_document_path(document, "../../etc/passwd")
    assert ".." not in path
    assert path.startswith("sources/") and path.endswith("_passwd")
    windows = source_document_path(document, "C:\\Users\\x\\referat maj.pdf")
    assert windows.endswith("_referat_maj.pdf")
