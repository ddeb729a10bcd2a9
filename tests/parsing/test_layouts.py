"""Layout families: detection, items, titles, metadata, decisions, on real and synthetic text.

Snippets are real (from the seeds) where a seed shows the shape, and synthetic for the
shapes other kommuner print ("N. Title" numbering, headings in another order, labels
without a colon, unknown headings). The whole seeds are covered by test_golden.py.
"""

import datetime as dt

import pytest

from minutes.importing.demo import SEEDS_DIR as SEEDS
from minutes.parsing import ParseError
from minutes.parsing.layouts import LAYOUTS, find_layout, numbered_text, punkt_text
from minutes.parsing.textmeeting import NO_ITEMS


def _seed(prefix: str) -> str:
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def test_registry_is_an_ordered_tuple_of_layout_modules():
    assert isinstance(LAYOUTS, tuple)
    for layout in LAYOUTS:
        assert isinstance(layout.NAME, str)
        assert callable(layout.matches)
        assert callable(layout.parse)
    assert LAYOUTS.index(punkt_text) < LAYOUTS.index(numbered_text)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "004"])
def test_text_seeds_are_punkt_text(prefix):
    assert find_layout(_seed(prefix)) is punkt_text


def test_unknown_text_is_refused_in_danish():
    with pytest.raises(ParseError) as error:
        find_layout("Dette er et brev uden dagsordenspunkter.\n\nMed venlig hilsen")
    assert error.value.user_message.startswith("Dokumentets opbygning blev ikke genkendt.")


def test_no_items_after_a_toc_only_is_a_parse_error():
    with pytest.raises(ParseError) as error:
        punkt_text.parse("Indholdsfortegnelse\n\nPunkt 1: Godkendelse.....\t3\n")
    assert error.value.user_message.startswith(NO_ITEMS)
    # What it looked for, and what it found instead.
    assert error.value.user_message.endswith(
        'Fandt 0 linjer som "Punkt 5: Titel", 0 som "5. Titel" uden sagsnummer eller overskrift '
        'lige under sig og 1 i en indholdsfortegnelse, og 0 overskrifter som "Beslutning" '
        "(i alt 2 linjer tekst)."
    )


def test_a_refused_document_is_told_what_was_found_in_it():
    text = (
        "Referat\n\n5. Budget 2026\nBudgettet blev drøftet.\nUdvalget var enige.\n"
        "Det blev vedtaget.\nMødet sluttede.\n\nBeslutning\nGodkendt.\n\n"
        "6. Anlæg\nPlanen blev drøftet.\nDer var ingen bemærkninger.\nPunktet blev udsat.\n"
        "Mødet sluttede.\n\nBeslutning\nUdsat.\n"
    )
    with pytest.raises(ParseError) as error:
        find_layout(text)
    assert error.value.user_message.endswith(
        'Fandt 0 linjer som "Punkt 5: Titel" og 2 som "5. Titel" uden sagsnummer eller '
        'overskrift lige under sig, og 2 overskrifter som "Beslutning" (i alt 15 linjer tekst).'
    )


def test_seed_000_header_and_toc():
    meeting = punkt_text.parse(_seed("000"))
    assert meeting.committee == "Beskæftigelsesudvalget"
    assert meeting.date == dt.date(2026, 5, 5)
    assert meeting.start_time == dt.time(12, 0)
    assert meeting.location == "Treco Group, Elmegaardsvej 3, 9620 Aalestrup"
    assert meeting.participants[0] == "Jimmy Støttrup"
    assert meeting.participants[-1] == "Jens Chr. Pedersen"
    # The table of contents lists 13 titles; they are not items.
    assert [item.number for item in meeting.items] == list(range(65, 78))


def test_seed_000_item_has_sections_recommendation_and_decision_apart():
    item = punkt_text.parse(_seed("000")).items[0]
    assert item.case_number == "00.22.02-G01-1-26"
    assert item.case_officer == "Morten Lund"
    assert [section.heading for section in item.sections][:2] == ["Resume", "Baggrund"]
    assert all(section.heading not in {"Indstilling", "Beslutning"} for section in item.sections)
    assert item.recommendation == "- at dagsorden godkendes."
    [decision] = item.decisions
    assert (decision.current, decision.text, decision.absent) == (True, "Godkendt.", ())
    assert (decision.body, decision.date, decision.item_number) == (
        "Beskæftigelsesudvalget",
        dt.date(2026, 5, 5),
        65,
    )


def test_seed_001_wrapped_titles_are_joined_and_earlier_decision_is_kept():
    meeting = punkt_text.parse(_seed("001"))
    items = {item.number: item for item in meeting.items}
    assert items[56].title == (
        "Udvælgelse af visioner fra Byrådets strategi til udvalgets udviklingsplan"
    )
    assert items[62].case_number == "15.00.00-A00-5-22"  # "Sagsnr.:15.00.00-A00-5-22"
    current, earlier = items[56].decisions
    assert current.current and current.absent == ("Jakob Vium Dyrman",)
    assert (earlier.current, earlier.body, earlier.date, earlier.item_number) == (
        False,
        "Beskæftigelsesudvalget",
        dt.date(2022, 5, 3),
        45,
    )
    assert earlier.absent == ("Per Nyborg", "Jacob Dyrman")
    assert items[56].attachments[0].title.endswith("(høringsudkast godkendt af Byrådet 31-03-2022)")


def test_seed_002_dash_officer_is_none_and_recommendation_keeps_its_lead_in():
    item = punkt_text.parse(_seed("002")).items[0]
    assert item.case_officer is None
    assert item.recommendation == (
        "Borgmesteren indstiller\n\n- at Mette Guldborg (C) vælges som formand\n"
        "- at Jakob Kjærsgaard (Æ) vælges som næstformand."
    )


def test_seed_002_item_without_recommendation_is_valid():
    item = punkt_text.parse(_seed("002")).items[7]
    assert item.number == 8
    assert item.recommendation is None
    assert item.decisions[0].text.startswith("Samarbejde på tværs af fagudvalg")


def test_seed_004_closed_items_and_history():
    items = {item.number: item for item in punkt_text.parse(_seed("004")).items}
    closed = items[12]
    assert (closed.title, closed.is_closed, closed.case_number) == (
        "Meddelelser",
        True,
        "00.22.02-G01-8-24",
    )
    assert closed.sections == () and closed.decisions == () and closed.attachments == ()
    assert [(d.body, d.item_number) for d in items[6].decisions] == [
        (None, 6),
        ("Social- og Sundhedsudvalget", 9),
        ("Børne- og Familieudvalget", 13),
    ]
    assert items[6].decisions[2].absent == ("Bibi Mundbjerg",)
    assert "Målgruppen i Særlig Jobformidling" in items[1].sections[0].text  # sub-heading kept


NUMBERED = """\
Referat af mødet i Teknik- og Miljøudvalget den 2. marts 2025

1. Godkendelse af dagsorden
Sagsnr. 2025-00123
Beslutning: Godkendt.

2. Ny cykelsti langs
Vestvej
Sags nr.: SAG-2024-0456
Sagsansvarlig Anne Andersen

Sagens forløb
Der skal tages stilling til:
1. Linjeføring.
2. Økonomi.

Forvaltningen indstiller, at
udvalget godkender linjeføringen.

Beslutning
Fraværende: Ole Olsen og Bo Bech
Godkendt.

3. Eventuelt
Sagsnr. 2025-00124
Sagens forløb
Intet.
Beslutning: Intet.
"""


def test_numbered_items_of_another_kommune():
    assert find_layout(NUMBERED) is numbered_text
    meeting = numbered_text.parse(NUMBERED)
    assert meeting.committee == "Teknik- og Miljøudvalget"
    assert meeting.date == dt.date(2025, 3, 2)
    assert [item.number for item in meeting.items] == [1, 2, 3]  # "1. Linjeføring." is not an item
    first, second, _ = meeting.items
    assert first.case_number == "2025-00123"
    assert first.decisions[0].text == "Godkendt."
    assert second.title == "Ny cykelsti langs Vestvej"
    assert second.case_number == "SAG-2024-0456"
    assert second.case_officer == "Anne Andersen"
    # "Sagens forløb" is no heading we know, but it recurs: a section of its own.
    assert second.sections[0].heading == "Sagens forløb"
    assert "1. Linjeføring." in second.sections[0].text
    assert (
        second.recommendation
        == "Forvaltningen indstiller, at\n\n- udvalget godkender linjeføringen."
    )
    assert second.decisions[0].absent == ("Ole Olsen", "Bo Bech")


def test_headings_in_another_order_and_unknown_headings_lose_no_text():
    text = """\
Punkt 4: Skolestruktur

Beslutning

Udsat.

Sagsfremstilling

Skolerne skal lægges sammen.

Elevtal i tabel

Skolen 120 130
Andenskolen 80 90

Indstilling

at sagen drøftes.
"""
    [item] = punkt_text.parse(text).items
    assert item.decisions[0].text == "Udsat."
    assert [section.heading for section in item.sections] == ["Sagsfremstilling"]
    body = item.sections[0].text
    assert "Elevtal i tabel" in body  # a sub-heading stays in order
    assert "| Skolen | 120 | 130 |" in body
    assert item.recommendation == "- at sagen drøftes."


def test_an_impossible_date_becomes_a_warning_not_an_exception():
    text = """\
Punkt 58: Budget

Beslutning fra Beskæftigelsesudvalget, den 31-13-2022, punkt 4:

Godkendt.
"""
    meeting = punkt_text.parse(text)
    [earlier] = meeting.items[0].decisions
    assert earlier.date is None
    assert meeting.warnings == (
        "Punkt 58: datoen '31-13-2022' i "
        "'Beslutning fra Beskæftigelsesudvalget, den 31-13-2022, punkt 4:' findes ikke.",
    )


def test_every_layout_family_is_described_in_danish_for_the_clerk():
    from minutes.parsing.layouts import HTML_LAYOUTS, described

    for layout in (*HTML_LAYOUTS, *LAYOUTS):
        assert described(layout.NAME) == layout.DESCRIPTION
        assert layout.DESCRIPTION and layout.DESCRIPTION != layout.NAME
    assert described("ukendt") == "ukendt"
