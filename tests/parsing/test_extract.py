"""extract.py and html_text.py: files recognised by content, HTML kept as structure."""

import html
import json

import pytest

from minutes.importing.demo import SEEDS_DIR
from minutes.parsing import parse_document
from minutes.parsing.errors import ParseError
from minutes.parsing.extract import extract
from minutes.parsing.html_text import html_to_text

HTML_PAGE = """<!DOCTYPE html>
<html lang="da"><head><title>Referat</title>
<style>p { color: red }</style>
<script>var secret = "<p>ikke referat</p>";</script></head>
<body>
<h1>Punkt 5: Budgetopfølgning</h1>
<p>Sagsnr.: 15.00.00-A00-4-25</p>
<h2>Indstilling</h2>
<ul><li>at budgettet <b>godkendes</b>,</li><li>at sagen sendes videre:
  <ul><li>til Økonomiudvalget</li></ul></li></ul>
<table><tr><th>Konto</th><th>Beløb</th></tr>
<tr><td>Service</td><td>1,90</td></tr><tr><td>Løn | tillæg</td><td>2,57</td></tr></table>
<p>Første linje<br>anden linje &amp; mere</p>
<noscript>Slå JavaScript til</noscript>
</body></html>"""


def test_html_keeps_headings_paragraphs_lists_and_tables():
    assert html_to_text(HTML_PAGE) == (
        "Punkt 5: Budgetopfølgning\n\n"
        "Sagsnr.: 15.00.00-A00-4-25\n\n"
        "Indstilling\n\n"
        "- at budgettet godkendes,\n"
        "- at sagen sendes videre:\n"
        "  - til Økonomiudvalget\n\n"
        "| Konto | Beløb |\n"
        "| Service | 1,90 |\n"
        "| Løn / tillæg | 2,57 |\n\n"
        "Første linje\nanden linje & mere"
    )


def test_html_drops_scripts_styles_and_head():
    text = html_to_text(HTML_PAGE)
    assert "secret" not in text and "color" not in text and "Referat" not in text
    assert "JavaScript" not in text
    assert "<" not in text


def test_html_file_is_recognised_by_content_whatever_its_name():
    result = extract(HTML_PAGE.encode(), "referat.txt")
    assert result.kind == "html"
    assert result.text.startswith("Punkt 5: Budgetopfølgning")


def test_html_in_windows_1252_is_decoded():
    result = extract(HTML_PAGE.encode("cp1252"), "referat.htm")
    assert "Budgetopfølgning" in result.text


def test_json_is_kept_for_the_record_layout():
    data = json.dumps({"Punktnummer": "1", "Navn": "Godkendelse"}).encode()
    result = extract(data, "punkt.json")
    assert result.kind == "json"
    assert json.loads(result.text)["Navn"] == "Godkendelse"


def test_plain_text_is_text():
    result = extract("Punkt 1: Godkendelse af dagsorden\n".encode("utf-16"), "a.txt")
    assert result == type(result)("Punkt 1: Godkendelse af dagsorden\n", "text")


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "referat.docx"),
        (b"PK\x03\x04\x14\x00\x06\x00" + b"\x00" * 40, "referat.txt"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "scan.png"),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "scan.jpg"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "referat.doc"),
        (b"Punkt 1: tekst", "referat.docx"),
        (b"PK\x05\x06" + b"\x00" * 18, "bilag.zip"),
    ],
)
def test_unsupported_types_are_refused_in_danish(data, filename):
    with pytest.raises(ParseError) as raised:
        extract(data, filename)
    assert raised.value.user_message.startswith("Filtypen understøttes ikke")


@pytest.mark.parametrize("data", [b"", b"   \n\r\n", b"\xef\xbb\xbf", b"\xff\xfe"])
def test_empty_file_is_refused(data):
    with pytest.raises(ParseError) as raised:
        extract(data, "tom.txt")
    assert raised.value.user_message == "Filen er tom."


def test_pdf_name_without_pdf_content_is_refused():
    with pytest.raises(ParseError, match="ikke en PDF-fil"):
        extract(b"Punkt 1: Godkendelse", "referat.pdf")


def test_html_export_of_a_seed_reads_like_its_text():
    text = (SEEDS_DIR / "002_4d730365fae17496.txt").read_text(encoding="utf-8")
    page = "<!DOCTYPE html><html><head><script>if (a < b) {}</script></head><body>"
    page += "".join(f"<p>{html.escape(line)}</p>\n" for line in text.split("\n") if line.strip())
    page += "</body></html>"
    from_text = parse_document(text.encode(), "referat.txt", municipality="Herning Kommune")
    from_html = parse_document(
        page.encode("cp1252"), "referat.html", municipality="Herning Kommune"
    )
    assert [(i.number, i.title, i.case_number, i.decisions) for i in from_html.items] == [
        (i.number, i.title, i.case_number, i.decisions) for i in from_text.items
    ]
