"""Nothing of the minutes is lost: the share of each seed's words found in the parse result.

Words are lower-cased ``\\w+`` tokens, counted as a multiset: a word printed five times in
the seed must appear five times in the result. The source is first repaired with
``ftfy.fix_text`` (seed 001's item 58 is mojibake; the result holds the repaired Danish
text, so the source is counted in its repaired form too), then the noise the parser drops
on purpose is cut out. That noise is listed below, rule by rule with its reason, and in
docs/PARSER.md under "Noise we drop"; keep the two in step. Labels that the parser turns
into structure ("Sagsnr.:", "Beslutning", "Fraværende:") are noise here because their
content is checked field by field in test_golden.py.

The result's words are taken from every text field: titles, case numbers, case officers,
sections (headings and text), recommendations, decisions (text, committee, absent
members), attachment titles, and the meeting's municipality, committee, place and
participants.
"""

import datetime as dt
import functools
import re
from collections import Counter
from typing import NamedTuple

import ftfy
import lxml.html
import pytest

from minutes.parsing import parse_document
from minutes.parsing.decoding import decode
from minutes.parsing.factcheck import load_expected
from minutes.parsing.records import as_json

from .seed_results import FIXTURES, GOLDEN_IDS, load_golden, parsed_seed, seed_bytes

MIN_COVERAGE = 0.99


class Noise(NamedTuple):
    """A regular expression (multi-line mode) for text cut out of the source, and why."""

    pattern: str
    reason: str


NOISE_IN_EVERY_SEED = (
    Noise(r"^\s*Punkt \d+:(\s*Lukket:)?", "item heading prefix: number and closed flag are fields"),
    Noise(r"^Punktoplysning(er)?\s*$", "label of the case-details block, which holds only labels"),
    Noise(
        r"^(Sagsnummer|Sagsnr\.):.*$",
        "labelled case number, a repeat of the number printed under the title (seeds 000, 001)",
    ),
    Noise(r"^(Sagsbehandler|Sagsbeh\.):", "case officer label: the name is the case_officer field"),
    Noise(r"^Øvrige sagsbehandlere:\s*-\s*$", "'other case officers: none' (seed 002)"),
    Noise(
        r"^(Indstilling|Beslutning|Bilag|Historisk)\s*$",
        "headings of the parts with their own fields: recommendation, decisions, attachments",
    ),
    Noise(
        r"^Fraværende:(\s*Ingen\.?\s*$)?",
        "absent-members label; 'Ingen' is the empty absent list; names are the absent field",
    ),
    Noise(
        r"^Beslutning fra .*:\s*$",
        "earlier decision's heading: its committee, date and item number are fields",
    ),
)
MEETING_HEADER = (
    Noise(r"^REFERAT .*$", "title line: committee and date are meeting fields"),
    Noise(r"^Mødedato .*$", "meeting date and start time are meeting fields"),
    Noise(r"^Mødested ", "place label: the place is the location field"),
    Noise(r"^Mødedeltagere ", "participants label: the names are the participants field"),
    Noise(r"^Indholdsfortegnelse\s*$", "table of contents heading"),
    Noise(r"^.*\.{5}\t\d+\s*$", "table of contents line: 'Title.....<tab>page'"),
)
NOISE_BY_SEED = {
    "000": MEETING_HEADER,
    "001": (),  # text from a PDF, but without page headers, footers or page numbers
    "002": MEETING_HEADER,  # its "Kommunikation" routing codes are kept as a section: not noise
    "003": (
        Noise(r"^(Prompt resultater|Relevans v1|Relevans|Nej)\s*$", "publishing-system noise"),
        Noise(r"^First-agenda Sagsfremstilling\s*$", "name of the record's text field"),
        Noise(
            r"^Er du enig eller uenig\?\s*$(?s:.*)",
            "noise line, then the record's fields: the Html duplicate of the text (the plain"
            " text above it is what we measure), ids, flags, links, and SagsNummer, Punktnummer,"
            " Navn and Bilag, whose values test_golden.py checks",
        ),
    ),
    "004": (),  # PDF text without page noise; routing lines ("SEK/SL/BF - AMU") are kept
}

HTML_TAG = re.compile(
    r"</?(p|div|span|h[1-6]|ul|ol|li|strong|em|b|i|u|br|hr|table|thead|tbody|tr|td|th|a|img|font)"
    r"\b[^<>]*>",
    re.IGNORECASE,
)
HTML_ENTITY = re.compile(r"&(nbsp|amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);", re.IGNORECASE)
RECORD_FIELD_NAME = re.compile(
    r"\b(SagsNummer|Punktnummer|IsOpen|Html|DocumentId|HarPdfVersion|CaseNumber|Caption"
    r"|AgendaUid|CorporationUid|IntegrationUid|CasePresentationUid|SourceId|ItemDecision"
    r"|Presentations|Lydfiler|ExternalAgendaItemAttendees)\b"
)
RECORD_TREE_MARKER = re.compile(r"\b\d+ items\b")
SEED_003_NOISE_LINE = re.compile(r"Prompt resultater|Relevans v1|Er du enig eller uenig")


def words(text: str) -> Counter:
    return Counter(word.lower() for word in re.findall(r"\w+", text))


def measured_source(golden_id: str) -> str:
    golden = load_golden(golden_id)
    text = ftfy.fix_text(seed_bytes(golden).decode("utf-8"))
    for noise in (*NOISE_IN_EVERY_SEED, *NOISE_BY_SEED[golden_id]):
        text = re.sub(noise.pattern, "", text, flags=re.MULTILINE)
    return text


def result_texts(result: dict) -> list[tuple[str, str]]:
    """Every text field of an ``as_json`` result, as (where, text) pairs."""
    texts = [
        (f"meeting.{field}", result[field]) for field in ("municipality", "committee", "location")
    ]
    texts += [("meeting.participants", name) for name in result["participants"]]
    for item in result["items"]:
        where = f"punkt {item['number']}"
        texts += [(f"{where}.{field}", item[field]) for field in ("title", "case_number")]
        texts += [(f"{where}.case_officer", item["case_officer"])]
        texts += [(f"{where}.recommendation", item["recommendation"])]
        for index, section in enumerate(item["sections"]):
            texts += [(f"{where}.sections[{index}].heading", section["heading"])]
            texts += [(f"{where}.sections[{index}].text", section["text"])]
        for index, decision in enumerate(item["decisions"]):
            texts += [(f"{where}.decisions[{index}].text", decision["text"])]
            texts += [(f"{where}.decisions[{index}].body", decision["body"])]
            texts += [(f"{where}.decisions[{index}].absent", name) for name in decision["absent"]]
        for index, attachment in enumerate(item["attachments"]):
            texts += [(f"{where}.attachments[{index}].title", attachment["title"])]
    return [(where, text) for where, text in texts if text]


def test_every_seed_has_its_noise_listed():
    assert sorted(NOISE_BY_SEED) == GOLDEN_IDS


@pytest.mark.parametrize("golden_id", GOLDEN_IDS)
def test_result_holds_at_least_99_percent_of_the_source_words(golden_id):
    source = words(measured_source(golden_id))
    result = Counter()
    for _, text in result_texts(parsed_seed(golden_id)):
        result += words(text)
    missing = source - result
    coverage = 1 - sum(missing.values()) / sum(source.values())
    assert coverage >= MIN_COVERAGE, (
        f"seed {golden_id}: {coverage:.2%} of {sum(source.values())} source words found"
        f" (need {MIN_COVERAGE:.0%}); missing, most often first: {missing.most_common(40)}"
    )


@pytest.mark.parametrize("golden_id", GOLDEN_IDS)
def test_no_markup_or_record_noise_leaks_into_the_text(golden_id):
    leaks = []
    for where, text in result_texts(parsed_seed(golden_id)):
        for name, pattern in (
            ("HTML tag", HTML_TAG),
            ("HTML entity", HTML_ENTITY),
            ("JSON field name", RECORD_FIELD_NAME),
            ("record tree marker", RECORD_TREE_MARKER),
            ("seed 003 noise line", SEED_003_NOISE_LINE),
        ):
            if found := pattern.search(text):
                leaks.append(f"{where}: {name} {found.group()!r}")
        if "**" in text:
            leaks.append(f"{where}: bold markup '**'")
    assert not leaks, f"seed {golden_id}:\n" + "\n".join(leaks)


# -- The whole sample documents of other kommuner (tests/fixtures/samples/) -----------------
# The same measure on the samples that are whole documents, not excerpts: the Aarhus Byråd
# referat as text, and the Teknisk Udvalg referat as the FirstAgenda web page. A web page's
# words are its visible text (all but head, scripts and styles); the page's chrome is cut
# out element by element (``PageNoise``, an XPath), the rest line by line (``Noise``).


class PageNoise(NamedTuple):
    """An XPath of elements whose text is cut out of a web page, and why."""

    xpath: str
    reason: str


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


FIRSTAGENDA_PAGE_NOISE = (
    PageNoise("//head | //script | //style", "not visible text"),
    PageNoise(f"//*[{_has_class('modal')}]", "dialogs: 'Kopier link', 'Tip en ven', errors"),
    PageNoise("//*[@role='menu']", "each item's menu: 'Hent som PDF', 'Kopier link'"),
    PageNoise("//button[not(.//h1 | .//h2 | .//h3)] | //input", "buttons (not those with a title)"),
    PageNoise(f"//*[{_has_class('tilbage-wrapper')}]", "'Tilbage til forsiden' link"),
    PageNoise("//thead", "the agenda table's column heads 'Punkt', 'Titel'"),
    PageNoise(f"//*[{_has_class('pdf-label')}]", "the 'PDF' badge before each attachment"),
    PageNoise(f"//*[{_has_class('fil-ikon')}]", "each item's attachment count"),
    PageNoise(f"//td/*[{_has_class('label')}]", "item number badges: the number field"),
    PageNoise("//h1", "'Referat <date> kl. <time>': the date and start time fields"),
    PageNoise(
        f"//*[{_has_class('title')}]//h2",
        "the title's committee and place, repeated in the header table",
    ),
)
FIRSTAGENDA_TEXT_NOISE = (
    Noise(
        r"^(Beslutninger|Beslutningspunkter|Bilag|Sagsforløb)\s*$",
        "headings of the parts with their own fields: decisions, recommendation, attachments",
    ),
    Noise(r"^(Udvalg|Dato|Punktnummer):.*$", "label lines of an earlier decision: its fields"),
    Noise(r"^(Mødedato|Information|Mødedeltagere):?$", "header labels"),
    Noise(r"^Mødested:$", "place label: the place is the location field"),
    Noise(r"^.* kl\. \d\d\.\d\d$", "the labelled date and time: meeting fields"),
)
AARHUS_TEXT_NOISE = (
    *MEETING_HEADER,
    Noise(r"^\s*Punkt \d+:(\s*Lukket:)?", "item heading prefix: number and closed flag"),
    Noise(r"^\w.*\.{5,}\s*$", "table of contents line: 'Title.....'"),
    Noise(r"^\d+\s*$", "table of contents page numbers"),
    Noise(r"^(Beslutninger|Bilag)\s*$", "headings of the parts with their own fields"),
    Noise(r"^(Mødedato|Mødested)\s*$", "header labels"),
    Noise(r"^Onsdag d\. 27\. august 2025 kl\. 16:00$", "meeting date and start time fields"),
    Noise(r"^(Udvalg|Dato|Punktnummer):.*$", "label lines of an earlier decision: its fields"),
)
SAMPLE_DIR = FIXTURES / "samples"
WHOLE_SAMPLES = {
    "aarhus-byraad-2025-08-27.txt": ((), AARHUS_TEXT_NOISE),
    "aarhus-teknisk-udvalg-2025-10-01.html": (FIRSTAGENDA_PAGE_NOISE, FIRSTAGENDA_TEXT_NOISE),
}


def measured_sample(name: str) -> str:
    page_noise, text_noise = WHOLE_SAMPLES[name]
    text = decode((SAMPLE_DIR / name).read_bytes())
    if page_noise:
        root = lxml.html.document_fromstring(
            text.encode(), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
        for noise in page_noise:
            for element in root.xpath(noise.xpath):
                element.drop_tree()
        text = "\n".join(" ".join(part.split()) for part in root.itertext() if part.strip())
    for noise in text_noise:
        text = re.sub(noise.pattern, "", text, flags=re.MULTILINE)
    return text


@functools.cache
def parsed_sample(name: str) -> dict:
    facts = load_expected(SAMPLE_DIR)[name]
    options = dict(zip(facts["args"][::2], facts["args"][1::2], strict=True))
    meeting = parse_document(
        (SAMPLE_DIR / name).read_bytes(),
        name,
        municipality=options["--municipality"],
        committee=options["--committee"],
        date=dt.date.fromisoformat(options["--date"]),
    )
    return as_json(meeting)


@pytest.mark.parametrize("name", sorted(WHOLE_SAMPLES))
def test_whole_samples_keep_at_least_99_percent_of_their_words(name):
    source = words(measured_sample(name))
    result = Counter()
    for _, text in result_texts(parsed_sample(name)):
        result += words(text)
    missing = source - result
    coverage = 1 - sum(missing.values()) / sum(source.values())
    assert coverage >= MIN_COVERAGE, (
        f"{name}: {coverage:.2%} of {sum(source.values())} source words found"
        f" (need {MIN_COVERAGE:.0%}); missing, most often first: {missing.most_common(40)}"
    )
