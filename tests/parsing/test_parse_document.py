"""parse_document: what the clerk typed wins over the document; conflicts become warnings."""

import datetime as dt

import pytest

from minutes.importing.demo import SEEDS_DIR as SEEDS
from minutes.parsing import ParseError, parse_document

SEED_000 = (SEEDS / "000_59f6b2a94828c4c1.txt").read_bytes()  # committee and date in its header
SEED_003 = (SEEDS / "003_4412e2a01fa469b0.txt").read_bytes()  # no meeting header at all


def test_document_metadata_is_used_when_the_clerk_typed_nothing():
    meeting = parse_document(SEED_000, "referat.txt", municipality="Vesthimmerlands Kommune")
    assert meeting.municipality == "Vesthimmerlands Kommune"
    assert meeting.committee == "Beskæftigelsesudvalget"
    assert meeting.date == dt.date(2026, 5, 5)
    assert meeting.warnings == ()


def test_typed_committee_wins_and_the_conflict_is_a_warning():
    meeting = parse_document(
        SEED_000,
        "referat.txt",
        municipality="Vesthimmerlands Kommune",
        committee="Økonomiudvalget",
    )
    assert meeting.committee == "Økonomiudvalget"
    assert meeting.warnings == (
        "Udvalget i dokumentet (Beskæftigelsesudvalget) afviger fra det indtastede "
        "(Økonomiudvalget); det indtastede bruges.",
    )


def test_typed_date_wins_and_the_conflict_is_a_warning():
    meeting = parse_document(
        SEED_000,
        "referat.txt",
        municipality="Vesthimmerlands Kommune",
        date=dt.date(2026, 5, 6),
    )
    assert meeting.date == dt.date(2026, 5, 6)
    assert meeting.warnings == (
        "Mødedatoen i dokumentet (5. maj 2026) afviger fra den indtastede (6. maj 2026); "
        "den indtastede bruges.",
    )


def test_same_committee_typed_differently_is_no_conflict():
    meeting = parse_document(
        SEED_000,
        "referat.txt",
        municipality="Vesthimmerlands Kommune",
        committee="  beskæftigelsesudvalget ",
    )
    assert meeting.committee == "beskæftigelsesudvalget"
    assert meeting.warnings == ()


def test_what_neither_gives_stays_empty_with_warnings():
    meeting = parse_document(SEED_003, "punkt.txt")
    assert (meeting.municipality, meeting.committee, meeting.date) == (None, None, None)
    assert meeting.warnings == (
        "Kommunen fremgår ikke af dokumentet og er ikke indtastet.",
        "Udvalget fremgår ikke af dokumentet og er ikke indtastet.",
        "Mødedatoen fremgår ikke af dokumentet og er ikke indtastet.",
    )
    current = meeting.items[0].decisions[0]
    assert (current.current, current.body, current.date, current.item_number) == (
        True,
        None,
        None,
        15,
    )


def test_current_decisions_take_the_meetings_committee_date_and_item_number():
    meeting = parse_document(
        SEED_003,
        "punkt.txt",
        municipality="Lemvig Kommune",
        committee="Kommunalbestyrelsen",
        date=dt.date(2025, 12, 16),
    )
    current = [d for d in meeting.items[0].decisions if d.current]
    assert [(d.body, d.date, d.item_number) for d in current] == [
        ("Kommunalbestyrelsen", dt.date(2025, 12, 16), 15)
    ]
    earlier = [d.body for d in meeting.items[0].decisions if not d.current]
    assert "Kommunalbestyrelsen" not in earlier


def test_every_current_decision_of_a_text_seed_is_this_meetings():
    meeting = parse_document(SEED_000, "referat.txt", municipality="Vesthimmerlands Kommune")
    for item in meeting.items:
        for decision in item.decisions:
            if decision.current:
                assert decision.body == "Beskæftigelsesudvalget"
                assert decision.date == dt.date(2026, 5, 5)
                assert decision.item_number == item.number


@pytest.mark.parametrize(
    "data",
    [b"Et brev om noget helt andet.\nMed venlig hilsen", b"{}", b"[1, 2, 3]", b"<p>Hej</p>"],
)
def test_a_readable_file_without_agenda_items_is_refused(data):
    with pytest.raises(ParseError) as raised:
        parse_document(data, "brev.txt")
    assert raised.value.user_message


def test_empty_file_is_refused():
    with pytest.raises(ParseError) as raised:
        parse_document(b"", "tom.txt")
    assert raised.value.user_message == "Filen er tom."
