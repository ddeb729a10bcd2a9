"""Earlier decisions under "Sagsforløb" in a text or PDF referat (Aarhus Byråd, FirstAgenda):
one earlier decision per "Udvalg: / Dato: / Punktnummer:" block, as the web page gives them."""

import datetime as dt
from pathlib import Path

import pytest

from minutes.parsing import parse_document

SAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "samples"


@pytest.mark.parametrize("name", ["aarhus-byraad-2025-08-27.txt", "aarhus-byraad-2025-08-27.pdf"])
def test_the_history_blocks_are_earlier_decisions(name):
    meeting = parse_document((SAMPLES / name).read_bytes(), name)
    item = next(item for item in meeting.items if item.number == 2)
    earlier = [(d.body, d.date, d.item_number) for d in item.decisions if not d.current]
    assert earlier == [
        ("Aarhus Byråd", dt.date(2025, 3, 26), 21),
        ("Aarhus Byråd", dt.date(2025, 4, 9), 3),
        ("Magistraten", dt.date(2025, 8, 19), 4),
    ]
    assert item.decisions[1].text.startswith("Sagens behandling blev udsat")
    # The blocks are read, not kept a second time as a section of text.
    assert "Sagsforløb" not in [section.heading for section in item.sections]


def test_a_history_heading_without_label_blocks_stays_a_section():
    text = (
        "Referat fra Økonomiudvalget den 5. maj 2026\n\n"
        "Punkt 1: Budget\n\nSagsforløb\nSagen har været drøftet i flere omgange.\n\n"
        "Beslutning\nGodkendt.\n"
    )
    item = parse_document(text.encode(), "referat.txt").items[0]
    assert [section.heading for section in item.sections] == ["Sagsforløb"]
    assert [d.current for d in item.decisions] == [True]
