"""layouts/agenda_record.py: seed 003 as a rendered tree and as hand-written JSON."""

import datetime as dt
import json
from pathlib import Path

import pytest

from minutes.importing.demo import SEEDS_DIR
from minutes.parsing import ParseError, parse_document
from minutes.parsing.layouts import agenda_record, find_layout

FIXTURES = Path(__file__).parent.parent / "fixtures"
TREE = SEEDS_DIR / "003_4412e2a01fa469b0.txt"
RECORD = FIXTURES / "records" / "003_lemvig_record.json"
TITLE = "Forslag til fremtidens beskæftigelsesindsats samt udmøntning af besparelser"
NOISE = ("Prompt resultater", "Relevans", "Er du enig eller uenig", "First-agenda")


def parse(path: Path):
    return parse_document(
        path.read_bytes(),
        path.name,
        municipality="Lemvig Kommune",
        committee="Kommunalbestyrelsen",
        date=dt.date(2025, 12, 16),
    )


@pytest.fixture(scope="module", params=[TREE, RECORD], ids=["tree", "json"])
def item(request):
    meeting = parse(request.param)
    assert meeting.layout == "agenda_record"
    assert len(meeting.items) == 1
    return meeting.items[0]


def test_both_forms_are_recognised_as_agenda_records():
    assert find_layout(TREE.read_text(encoding="utf-8")) is agenda_record
    assert find_layout(RECORD.read_text(encoding="utf-8")) is agenda_record


def test_both_forms_give_the_same_result():
    assert parse(TREE) == parse(RECORD)


def test_item_number_title_and_case_number(item):
    assert item.number == 15
    assert item.title == TITLE
    assert item.case_number == "15.00.00-A21-1-25"
    assert item.case_officer is None


def test_is_open_false_does_not_close_the_item(item):
    assert item.is_closed is False
    assert item.sections


def test_current_decision_is_this_meeting_with_its_absent_members(item):
    current = item.decisions[0]
    assert current.current is True
    assert (current.body, current.date, current.item_number) == (
        "Kommunalbestyrelsen",
        dt.date(2025, 12, 16),
        15,
    )
    assert current.text.startswith("Indstillingen godkendt.")
    assert current.absent == ("Bent. B. Graversen", "Søren V. Jensen", "Steen Madsen")


def test_four_earlier_decisions_by_two_committees(item):
    earlier = [(d.body, d.date, d.item_number, d.text) for d in item.decisions[1:]]
    assert earlier == [
        ("Arbejdsmarkeds- og Integrationsudvalget", dt.date(2025, 10, 29), 2, "Anbefales."),
        ("Økonomi- og Erhvervsudvalget", dt.date(2025, 11, 3), 10, "Indstillingen anbefalet."),
        ("Arbejdsmarkeds- og Integrationsudvalget", dt.date(2025, 12, 3), 1, "Anbefales"),
        ("Økonomi- og Erhvervsudvalget", dt.date(2025, 12, 8), 17, "Indstillingen anbefalet."),
    ]
    assert not any(d.current for d in item.decisions[1:])


def test_absent_member_only_the_html_has_is_kept(item):
    # The page text printed "Fraværende:" with nothing after it.
    assert item.decisions[1].absent == ("Albert Vinther Krogh",)
    assert [d.absent for d in item.decisions[2:]] == [(), (), ()]


def test_attachments_have_titles_and_no_made_up_links(item):
    assert [(a.title, a.url) for a in item.attachments] == [
        ("Høringssvar fra MEDII Arbejdsmarked og Integration", None),
        ("Forslag til fremtidens beskæftigelsesindsats", None),
        ("Udmøntning af rammebesparelsen.", None),
        ("Idékatalog - fremtidens beskæftigelsesindsats", None),
    ]


def test_sections_in_order_without_recommendation_or_decisions(item):
    assert [s.heading for s in item.sections] == [
        "Resumé",
        "Sagen afgøres endeligt af",
        "Supplerende sagsfremstilling",
        "Sagsfremstilling",
        "Økonomiske konsekvenser",
        "Lovgrundlag",
        "Politikker og strategier",
        "Tidligere politisk behandling",
    ]
    assert item.recommendation.startswith("- At forslag til fremtidens beskæftigelsesindsats")
    assert "  - 1,9 mio. kr. på Økonomi- og Erhvervsudvalgets område i 2026." in (
        item.recommendation
    )


def test_tables_stay_tables(item):
    text = next(s.text for s in item.sections if s.heading == "Sagsfremstilling")
    assert "| Serviceudgifter, konto 6 | 1,90 | 2,57 | 2,57 | 2,57 |" in text.split("\n")


def test_no_noise_tags_or_field_names_leak(item):
    everything = json.dumps(
        [item.title, item.recommendation, [(s.heading, s.text) for s in item.sections]]
        + [d.text for d in item.decisions],
        ensure_ascii=False,
    )
    for noise in NOISE:
        assert noise not in everything
    for leak in ("<", "Html", "SagsNummer", "Punktnummer", "IsOpen", "items", "null"):
        assert leak not in everything


def test_absent_members_from_page_text_and_html_are_merged():
    # A page text naming someone the HTML lacks: both names are kept.
    tree = TREE.read_text(encoding="utf-8").replace(
        "Anbefales.\nFraværende:\n", "Anbefales.\nFraværende: Jens Hansen\n", 1
    )
    meeting = parse_document(tree.encode(), "punkt.txt")
    assert meeting.items[0].decisions[1].absent == ("Albert Vinther Krogh", "Jens Hansen")


def test_record_list_gives_one_item_per_record():
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    second = dict(record, Punktnummer="16", Number="16", Navn="Lukket: Personalesag", Caption="")
    meeting = parse_document(json.dumps({"Punkter": [second, record]}).encode(), "dagsorden.json")
    assert [(i.number, i.title, i.is_closed) for i in meeting.items] == [
        (15, TITLE, False),
        (16, "Personalesag", True),
    ]
    assert meeting.items[1].decisions == () and meeting.items[1].sections == ()


def test_json_without_agenda_items_is_refused_in_danish():
    with pytest.raises(ParseError, match="ingen dagsordenspunkter"):
        parse_document(b'{"Navn": "x", "Felter": []}', "x.json")


def test_record_with_a_text_field_instead_of_html():
    record = {
        "Punktnummer": "3",
        "Navn": "Godkendelse af dagsorden",
        "Felter": [
            {
                "Navn": "",
                "Html": None,
                "Tekst": "Indstilling\nAt dagsordenen godkendes.\n"
                "Beslutning\nGodkendt.\nFraværende: Ingen",
            }
        ],
    }
    item = parse_document(json.dumps(record).encode(), "p.json").items[0]
    assert item.recommendation == "At dagsordenen godkendes."
    assert [(d.current, d.text, d.absent) for d in item.decisions] == [(True, "Godkendt.", ())]
