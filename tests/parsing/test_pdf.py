"""PDF input: PDFs made from the seed texts read to the same items as the texts.

The PDFs are built here with reportlab (tests/pdf_builder.py): long lines are
wrapped at the page edge and every page has a "Side N" footer, as in the PDFs
clerks upload.
"""

import datetime as dt
import io

import pytest
from pypdf import PdfReader, PdfWriter

from minutes.importing.demo import SEEDS_DIR as SEEDS
from minutes.parsing import ParseError, parse_document
from tests.pdf_builder import text_to_pdf

# The clerk's metadata for the seeds that lack it (docs: DOMAIN.md, demo data).
METADATA = {
    "000": {"municipality": "Vesthimmerlands Kommune"},
    "001": {
        "municipality": "Vesthimmerlands Kommune",
        "committee": "Beskæftigelsesudvalget",
        "date": dt.date(2022, 5, 31),
    },
    "002": {"municipality": "Herning Kommune"},
    "003": {
        "municipality": "Lemvig Kommune",
        "committee": "Kommunalbestyrelsen",
        "date": dt.date(2025, 12, 16),
    },
    "004": {
        "municipality": "Holstebro Kommune",
        "committee": "Arbejdsmarkedsudvalget",
        "date": dt.date(2025, 6, 10),
    },
}
SEED_NAMES = sorted(path.name for path in SEEDS.glob("*.txt"))


def _words(text: str | None) -> str:
    # Where a PDF wraps a line is the PDF's business, not the minutes'.
    return " ".join((text or "").split())


def _summary(meeting):
    return [
        (
            item.number,
            _words(item.title),
            item.case_number,
            item.is_closed,
            [
                (d.current, d.body, d.date, d.item_number, _words(d.text), d.absent)
                for d in item.decisions
            ],
            [_words(a.title) for a in item.attachments],
        )
        for item in meeting.items
    ]


@pytest.fixture(scope="module")
def pdfs():
    return {name: text_to_pdf((SEEDS / name).read_text(encoding="utf-8")) for name in SEED_NAMES}


@pytest.mark.parametrize("name", SEED_NAMES)
def test_pdf_of_a_seed_gives_the_same_items_as_its_text(name, pdfs):
    metadata = METADATA[name[:3]]
    from_text = parse_document((SEEDS / name).read_bytes(), name, **metadata)
    from_pdf = parse_document(pdfs[name], name.replace(".txt", ".pdf"), **metadata)
    assert from_pdf.layout == from_text.layout
    assert _summary(from_pdf) == _summary(from_text)
    assert (from_pdf.committee, from_pdf.date) == (from_text.committee, from_text.date)


def test_pdf_is_recognised_by_content_whatever_its_name(pdfs):
    name = "003_4412e2a01fa469b0.txt"
    meeting = parse_document(pdfs[name], "referat.bin", **METADATA["003"])
    assert [item.number for item in meeting.items] == [15]


def test_page_footers_do_not_reach_the_text(pdfs):
    name = "000_59f6b2a94828c4c1.txt"
    meeting = parse_document(pdfs[name], "referat.pdf", **METADATA["000"])
    texts = [s.text for item in meeting.items for s in item.sections]
    assert not any("Side " in line for text in texts for line in text.split("\n"))


def test_danish_letters_survive_the_pdf(pdfs):
    name = "003_4412e2a01fa469b0.txt"
    meeting = parse_document(pdfs[name], "referat.pdf", **METADATA["003"])
    assert meeting.items[0].decisions[1].body == "Arbejdsmarkeds- og Integrationsudvalget"
    assert meeting.items[0].attachments[3].title == "Idékatalog - fremtidens beskæftigelsesindsats"


SIMPLE_MINUTES = (
    "Punkt 1: Godkendelse af dagsorden\n\nBeslutning\nGodkendt.\n\n"
    "Punkt 2: Budget 2027\n\nBeslutning\nTaget til efterretning.\n"
)
SIMPLE_METADATA = {
    "municipality": "Herning Kommune",
    "committee": "Økonomiudvalget",
    "date": dt.date(2026, 1, 13),
}


def test_encrypted_pdf_is_refused_in_danish():
    pdf = text_to_pdf("Punkt 1: Godkendelse af dagsorden\n", encrypt_with="hemmelig")
    with pytest.raises(ParseError) as raised:
        parse_document(pdf, "referat.pdf")
    assert raised.value.user_message.startswith("PDF-filen er krypteret")


@pytest.mark.parametrize("algorithm", ["AES-128", "AES-256"])
def test_aes_encrypted_pdf_with_an_empty_password_is_read(algorithm):
    # Encrypted against editing only: anyone may open it, as published minutes often are.
    writer = PdfWriter(clone_from=io.BytesIO(text_to_pdf(SIMPLE_MINUTES)))
    writer.encrypt(user_password="", owner_password="kun-ejeren", algorithm=algorithm)
    encrypted = io.BytesIO()
    writer.write(encrypted)
    assert PdfReader(io.BytesIO(encrypted.getvalue())).is_encrypted
    meeting = parse_document(encrypted.getvalue(), "referat.pdf", **SIMPLE_METADATA)
    assert [item.title for item in meeting.items] == ["Godkendelse af dagsorden", "Budget 2027"]


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.9])
def test_truncated_pdf_is_refused_in_danish(keep, pdfs):
    pdf = pdfs["002_4d730365fae17496.txt"]
    with pytest.raises(ParseError) as raised:
        parse_document(pdf[: int(len(pdf) * keep)], "referat.pdf")
    assert raised.value.user_message.startswith("PDF-filen")


def test_broken_pdf_is_refused_in_danish():
    with pytest.raises(ParseError) as raised:
        parse_document(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", "referat.pdf")
    assert raised.value.user_message.startswith("PDF-filen")


def test_pdf_without_text_layer_is_refused_as_scanned():
    pdf = text_to_pdf("", footer=False)
    with pytest.raises(ParseError) as raised:
        parse_document(pdf, "scanning.pdf")
    assert "scannet" in raised.value.user_message
