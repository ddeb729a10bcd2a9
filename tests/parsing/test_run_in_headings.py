"""Headings run into the text before them, as a text layer that lost its line breaks prints
them (Næstved's FlippingBook pages): each is found and starts its own part of the item."""

import datetime as dt
import time

from minutes.parsing import parse_document
from minutes.parsing.itembody import split_run_in_headings

# One line per block of the page, the headings inside the lines (wrapped here to fit).
GLUED_ITEM = "\n".join(
    [
        "Byrådet 22-11-2016",
        "Punkt 14: Endelig vedtagelse af lokalplan 120",
        "01.02.05-P16-3-19 Resume Kompetenceudvalg: Byrådet",
        "Lokalplanen har været i offentlig høring i otte uger og forelægges nu til endelig "
        "vedtagelse. INDSTILLING Administrationen indstiller, at lokalplanen vedtages endeligt. "
        "Beslutning Teknisk Udvalg, 03.10.2016 Anbefales",
        "Økonomiudvalget, 31.10.2016 Per Hansen var fraværende. Anbefales.",
        "Byrådet, 22.11.2016 Godkendt. Sagsfremstilling",
        "Der er ikke kommet indsigelser i høringsperioden, og planen kan vedtages uden ændringer. "
        "TidligerePolitiskBehandling Teknisk Udvalg Økonomiudvalget Byrådet Bilag Lokalplan 120, "
        "endelig udgave",
        "Punkt 15: Eventuelt",
        "Beslutning",
        "Intet.",
    ]
)


def test_a_glued_item_gives_its_recommendation_decisions_sections_and_attachment():
    meeting = parse_document(
        GLUED_ITEM.encode(), "referat.txt", committee="Byrådet", date=dt.date(2016, 11, 22)
    )
    item = meeting.items[0]
    assert item.recommendation == "Administrationen indstiller, at lokalplanen vedtages endeligt."
    current, *earlier = item.decisions
    assert current.current and current.text == "Godkendt."
    assert [(d.body, d.date, d.text) for d in earlier] == [
        ("Teknisk Udvalg", dt.date(2016, 10, 3), "Anbefales"),
        ("Økonomiudvalget", dt.date(2016, 10, 31), "Per Hansen var fraværende. Anbefales."),
    ]
    assert earlier[1].absent == ("Per Hansen",)
    assert [s.heading for s in item.sections] == [
        "",
        "Sagsfremstilling",
        "Tidligere Politisk Behandling",
    ]
    assert item.sections[1].text.startswith("Der er ikke kommet indsigelser")
    assert [a.title for a in item.attachments] == ["Lokalplan 120, endelig udgave"]


def test_a_heading_word_inside_a_sentence_is_text():
    lines = [
        "Udvalget drøftede sagens baggrund og økonomi, og se jf. Bilag 2 for tidsplanen i detalje.",
        "Planen sendes i høring. Beslutning om anlægget træffes af Byrådet i december måned.",
        "Der er afsat midler i budgettet. Økonomi 2026 fremgår af oversigten i sagens bilag.",
    ]
    assert split_run_in_headings(lines) == lines


def test_a_run_in_heading_after_a_sentence_starts_a_line():
    line = "Forslaget er sendt i høring i fire uger. Sagsfremstilling Der er kommet to høringssvar."
    assert split_run_in_headings([line]) == [
        "Forslaget er sendt i høring i fire uger.",
        "Sagsfremstilling",
        "Der er kommet to høringssvar.",
    ]


def test_a_long_glued_line_is_split_in_one_pass():
    # Every sentence end is a place to look: the rest of the line must not be copied at
    # each (that was quadratic: minutes for a line of the longest length the parser takes).
    line = "Godkendt. Sagsfremstilling Han kom. " * 5_000
    start = time.perf_counter()
    pieces = split_run_in_headings([line])
    assert time.perf_counter() - start < 5
    assert pieces[:3] == ["Godkendt.", "Sagsfremstilling", "Han kom. Godkendt."]


# FirstAgenda prints the proposal and the administration's recommendation under the decision,
# each under a heading in capitals (Aarhus Byråd 2025-08-27, item 3).
PROPOSAL_AFTER_DECISION = """Punkt 3: Svar på forslag om at halvere prisen på parkering
EMN-2025-003928

Beslutninger
Tilbagesendes Magistratsafdelingen for Teknik og Miljø.
Radikale Venstres byrådsgruppe kunne ikke tiltræde indstillingen.
BESLUTNINGSFORSLAG FRA KF OG M
De senere år er kapaciteten i parkeringshuse i midtbyen øget markant.
INDSTILLING FRA MAGISTRATSAFDELINGEN FOR TEKNIK OG MILJØ
På baggrund af forslaget har Teknik og Miljø udarbejdet en indstilling.

Punkt 4: Eventuelt
"""


def test_a_heading_in_capitals_ends_the_decision():
    item = parse_document(PROPOSAL_AFTER_DECISION.encode(), "referat.txt").items[0]
    (decision,) = item.decisions
    assert decision.text == (
        "Tilbagesendes Magistratsafdelingen for Teknik og Miljø.\n"
        "Radikale Venstres byrådsgruppe kunne ikke tiltræde indstillingen."
    )
    assert [(s.heading, s.text) for s in item.sections] == [
        (
            "BESLUTNINGSFORSLAG FRA KF OG M",
            "De senere år er kapaciteten i parkeringshuse i midtbyen øget markant.",
        ),
        (
            "INDSTILLING FRA MAGISTRATSAFDELINGEN FOR TEKNIK OG MILJØ",
            "På baggrund af forslaget har Teknik og Miljø udarbejdet en indstilling.",
        ),
    ]


def test_routing_codes_and_a_last_line_in_capitals_stay_in_the_decision():
    text = PROPOSAL_AFTER_DECISION.replace(
        "BESLUTNINGSFORSLAG FRA KF OG M\nDe senere år er kapaciteten i parkeringshuse i "
        "midtbyen øget markant.\nINDSTILLING FRA MAGISTRATSAFDELINGEN FOR TEKNIK OG MILJØ\n"
        "På baggrund af forslaget har Teknik og Miljø udarbejdet en indstilling.\n",
        "DIR BFU SOS BSK\nTAGET TIL EFTERRETNING\n",
    )
    item = parse_document(text.encode(), "referat.txt").items[0]
    assert item.decisions[0].text.endswith("DIR BFU SOS BSK\nTAGET TIL EFTERRETNING")
    assert item.sections == ()
