"""layouts/firstagenda_page.py: the FirstAgenda publication web page, read by its structure.

The real page (tests/fixtures/samples/aarhus-teknisk-udvalg-2025-10-01.html, Aarhus Kommune,
Teknisk Udvalg, 1 October 2025) as saved from the browser: scripts, a JSON blob of UI
strings, item menus and dialogs around the minutes. Expected values are read off the page.
"""

import datetime as dt
import html
import json
from pathlib import Path

import pytest

from minutes.importing.demo import SEEDS_DIR
from minutes.parsing import INTERNAL_ERROR, ParseError, parse_document
from minutes.parsing.extract import extract
from minutes.parsing.layouts import HTML_LAYOUTS, firstagenda_page
from minutes.parsing.records import as_json

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGE = FIXTURES / "samples" / "aarhus-teknisk-udvalg-2025-10-01.html"
RECORD = FIXTURES / "records" / "003_lemvig_record.json"
# Text of the page that is not minutes: its scripts' UI strings, menus, dialogs, badges.
CHROME = (
    "Hent som PDF",
    "Kopier link",
    "Tip en ven",
    "Hent hele referatet",
    "Tilbage til forsiden",
    "localizationKeys",
    "Dokumentvisning",
    "Modtager e-mail",
    "Der opstod en fejl",
    "Menu til punktet",
)


def page_text() -> str:
    return PAGE.read_text(encoding="utf-8")


def parse_page(html: str | None = None, **typed):
    data = (html if html is not None else page_text()).encode("utf-8")
    return parse_document(data, PAGE.name, **typed)


@pytest.fixture(scope="module")
def meeting():
    return parse_page()


@pytest.fixture(scope="module")
def items(meeting):
    return {item.number: item for item in meeting.items}


def everything(meeting) -> str:
    return json.dumps(as_json(meeting), ensure_ascii=False)


def test_the_page_is_read_by_its_structure_not_as_text():
    extracted = extract(PAGE.read_bytes(), PAGE.name)
    assert extracted.kind == "html"
    assert firstagenda_page.matches(extracted.tree)
    assert HTML_LAYOUTS[0] is firstagenda_page


def test_items_titles_and_case_numbers(meeting):
    assert meeting.layout == "firstagenda_page"
    assert [(i.number, i.title, i.case_number) for i in meeting.items] == [
        (1, "Referat fra sidste udvalgsmøde", "EMN-2025-010561"),
        (2, "Udviklingsplan Aarhus Ø - endelig vedtagelse", "EMN-2025-009242"),
        (
            3,
            "Lokalplan 1221 (tillæg 2 til lokalplan 411) – Erhvervsområde ved Kattrup, "
            "Hasselager-Kolt, med tillæg 1 - Endelig",
            "EMN-2025-008468",
        ),
        (4, "Forvaltningen orienterer", "EMN-2025-010561"),
        (5, "Eventuelt", None),
        (6, "Måltal for busfremkommelighed, jf. budgetforlig 2023", "EMN-2024-035156"),
    ]


def test_meeting_header_from_the_label_table(meeting):
    # Nothing typed in: committee, date, time and place are the page's own.
    assert meeting.committee == "Teknisk Udvalg"
    assert meeting.date == dt.date(2025, 10, 1)
    assert meeting.start_time == dt.time(15, 45)
    assert meeting.location == "Udvalgsværelse 398"
    assert meeting.participants == ()  # the page fills "Mødedeltagere:" by script


def test_no_script_menu_or_dialog_text_in_the_result(meeting):
    text = everything(meeting)
    for chrome in CHROME:
        assert chrome not in text
    for title in (a.title for item in meeting.items for a in item.attachments):
        assert not title.startswith("PDF")


def test_cookie_banner_navigation_and_footer_are_not_minutes(meeting):
    # The same page with the chrome other kommuners' sites put around it.
    chrome = (
        '<div id="CybotCookiebotDialog"><h2>Denne hjemmeside bruger cookies</h2>'
        "<p>Vi bruger cookies til statistik.</p><button>Tillad alle</button>"
        "<table><tr><td>Udvalg:</td><td>Nødvendige cookies</td></tr></table>"
        "<h1>Referat 3. marts 2020</h1></div>"
        '<nav><ul><li><a href="/">Forside</a></li><li>Politik</li></ul></nav>'
    )
    footer = "<footer><p>Aarhus Kommune, Rådhuspladsen 2</p><p>Punkt 7: Kontakt</p></footer>"
    html = (
        page_text()
        .replace('<body class="">', '<body class="">' + chrome, 1)
        .replace("</body>", footer, 1)
    )
    assert html.count("Cookiebot") == 1 and "<footer>" in html
    assert parse_page(html) == meeting


def test_this_meetings_decision_stops_at_the_next_heading_even_an_unnamed_one(items):
    decision = items[2].decisions[0]
    assert decision.current
    assert decision.text.startswith(
        "Et flertal i udvalget kunne tiltræde indstillingen i overensstemmelse med "
        "Magistratens anbefaling."
    )
    assert decision.text.endswith(
        "Liv Gro Jensen var forhindret i at deltage i udvalgets behandling af sagen."
    )
    assert "fire ugers høring" not in decision.text
    assert items[2].sections[0].heading == ""
    assert items[2].sections[0].text.startswith("Udviklingsplan for Pier 3")


def test_was_prevented_makes_an_absent_member(items):
    assert items[2].decisions[0].absent == ("Liv Gro Jensen",)
    assert items[1].decisions[0].absent == ()


def test_earlier_decisions_from_the_case_history(items):
    earlier = [
        (d.body, d.date, d.item_number, d.absent) for d in items[2].decisions if not d.current
    ]
    assert earlier == [
        ("Magistraten", dt.date(2025, 9, 2), 12, ("Thure Hastrup",)),
        ("Aarhus Byråd", dt.date(2025, 9, 10), 11, ()),
        ("Teknisk Udvalg", dt.date(2025, 9, 22), 2, ()),
    ]
    last = items[2].decisions[-1].text
    assert last.startswith("Der var foretræde til sagen, og udviklerteamet var inviteret")
    texts = "\n".join(d.text for d in items[2].decisions)
    assert "Udvalg:" not in texts and "Punktnummer:" not in texts
    assert "Sagsforløb" not in [s.heading for s in items[2].sections]


def test_recommendation_sections_and_no_history_section(items):
    assert items[6].recommendation.startswith("Det indstilles:")
    assert "At 3) der foretages ændringer i fire af de tidligere godkendte" in (
        items[6].recommendation
    )
    assert [s.heading for s in items[3].sections] == [
        "",
        "Resume",
        "Borgmesterens Afdelings påtegning",
    ]


def test_attachments_are_the_link_titles(items):
    assert [len(items[n].attachments) for n in range(1, 7)] == [1, 30, 11, 0, 0, 27]
    assert [a.title for a in items[2].attachments[:3]] == [
        "Indstilling",
        "Bilag 1: Udviklingsplan for Pier 3 med omgivelser med bilag og strategier",
        "Bilag 2: Høringssvar",
    ]
    assert items[1].attachments[0].title == "Referat fra møde den 22. september 2025"
    # The saved page's links are relative to a site we do not know: no made-up links.
    assert all(a.url is None for item in items.values() for a in item.attachments)


def test_absolute_attachment_links_are_kept():
    html = page_text().replace(
        'href="/vis/pdf/bilag/', 'href="https://publication.firstagenda.com/vis/pdf/bilag/'
    )
    meeting = parse_page(html)
    url = meeting.items[0].attachments[0].url
    assert url.startswith("https://publication.firstagenda.com/vis/pdf/bilag/")


def test_absent_and_participants_in_the_header_table_apply_to_the_meeting():
    html = page_text().replace(
        '<td class="deltagere"></td>',
        '<td class="deltagere">Jesper Kjeldsen (A), Solveig Munk</td></tr>'
        "<tr><td>Afbud:</td><td>Gert Bjerregaard (C)</td>",
        1,
    )
    assert html != page_text()
    meeting = parse_page(html)
    assert meeting.participants == ("Jesper Kjeldsen", "Solveig Munk")
    current = [item.decisions[0] for item in meeting.items]
    assert all(d.current and "Gert Bjerregaard" in d.absent for d in current)
    assert current[1].absent == ("Liv Gro Jensen", "Gert Bjerregaard")


def test_what_the_clerk_typed_wins(meeting):
    typed = parse_page(committee="Teknisk Udvalg", municipality="Aarhus Kommune")
    assert typed.municipality == "Aarhus Kommune"
    assert not any("afviger" in warning for warning in typed.warnings)
    assert [d.body for d in typed.items[1].decisions] == [
        "Teknisk Udvalg",
        "Magistraten",
        "Aarhus Byråd",
        "Teknisk Udvalg",
    ]


def test_the_record_and_the_page_share_one_heading_vocabulary():
    # Seed 003's record, from the same system, with the page's headings: "Udvalgets
    # beslutning" is a decision and "Beslutningspunkter" the recommendation in both.
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    for field in record["Felter"]:
        field["Html"] = (
            field["Html"]
            .replace("<h3>Beslutning</h3>", "<h3>Udvalgets beslutning</h3>")
            .replace("<h3>Indstilling</h3>", "<h3>Beslutningspunkter</h3>")
        )
    item = parse_document(json.dumps(record).encode(), "punkt.json").items[0]
    assert item.decisions[0].current
    assert item.decisions[0].text.startswith("Indstillingen godkendt.")
    assert item.recommendation.startswith("- At forslag til fremtidens beskæftigelsesindsats")
    assert "Udvalgets beslutning" not in [s.heading for s in item.sections]


def test_a_page_no_layout_knows_is_read_as_text_without_its_chrome():
    # Seed 000 as a simple HTML export inside a kommune site's chrome: the text layouts
    # read it, and nothing of the banner, menus or footer reaches them.
    text = (SEEDS_DIR / "000_59f6b2a94828c4c1.txt").read_text(encoding="utf-8")
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n") if line.strip())
    chrome = (
        '<div class="cookie-banner"><p>Punkt 99: Vi bruger cookies</p></div>'
        '<nav><p>Punkt 98: Forside</p></nav><ul role="menu"><li>Hent som PDF</li></ul>'
    )
    plain = parse_document(f"<html><body>{body}</body></html>".encode(), "referat.html")
    dressed = parse_document(
        f"<html><body>{chrome}{body}<footer><p>Kontakt os</p></footer></body></html>".encode(),
        "referat.html",
    )
    assert plain.layout == "punkt_text"
    assert dressed == plain


@pytest.mark.parametrize("share", [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95])
def test_a_truncated_page_is_read_or_refused_in_danish(share):
    # A page saved before it finished loading: cut anywhere, even inside a tag.
    data = PAGE.read_bytes()
    try:
        meeting = parse_document(data[: int(len(data) * share)], PAGE.name)
    except ParseError as error:
        assert error.user_message != INTERNAL_ERROR
    else:
        assert [item.number for item in meeting.items] == list(range(1, len(meeting.items) + 1))
