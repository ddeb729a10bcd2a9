"""The clerks' upload in the admin: form, preview, confirm, bad input, permission."""

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from minutes.importing.demo import SEEDS_DIR as SEEDS
from minutes.models import AgendaItem, Committee, Meeting, Municipality, SourceDocument
from minutes.parsing import layouts, parse_document
from tests.factories import make_committee
from tests.importing.test_importing import HERNING, assert_rows_match, corrected_herning
from tests.pdf_builder import text_to_pdf

from .conftest import PASSWORD

pytestmark = pytest.mark.django_db

UPLOAD_URL = "/admin/minutes/meeting/upload/"
CONFIRM_URL = "/admin/minutes/meeting/upload/gem/"

# What a clerk types for each seed (DOMAIN.md, "Metadata for the demo data").
SEED_METADATA = {
    "000_59f6b2a94828c4c1.txt": {"municipality": "Vesthimmerlands Kommune"},
    "001_a766cabc7b462376.txt": {
        "municipality": "Vesthimmerlands Kommune",
        "committee": "Beskæftigelsesudvalget",
        "date": "2022-05-31",
    },
    "002_4d730365fae17496.txt": {"municipality": "Herning Kommune"},
    "003_4412e2a01fa469b0.txt": {
        "municipality": "Lemvig Kommune",
        "committee": "Kommunalbestyrelsen",
        "date": "2025-12-16",
    },
    "004_c8e1017e568f6687.txt": {
        "municipality": "Holstebro Kommune",
        "committee": "Arbejdsmarkedsudvalget",
        "date": "2025-06-10",
    },
}


@pytest.fixture
def clerk_client(client, clerk):
    # django-axes needs the request a login comes with; the test client passes none of its own.
    assert client.login(request=HttpRequest(), username="clerk", password=PASSWORD)
    return client


def upload(client: Client, data: bytes, name: str, **fields: str):
    form = {"municipality": "", "committee": "", "date": ""} | fields
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, data), **form})


def confirm(client: Client, document: SourceDocument):
    return client.post(CONFIRM_URL, {"source_document": document.pk})


@pytest.mark.parametrize("name", sorted(SEED_METADATA))
def test_clerk_uploads_checks_and_saves_each_seed(clerk_client, name):
    data = (SEEDS / name).read_bytes()
    metadata = SEED_METADATA[name]

    form_page = clerk_client.get(UPLOAD_URL)
    assert form_page.status_code == 200
    assert b'enctype="multipart/form-data"' in form_page.content

    preview = upload(clerk_client, data, name, **metadata)
    assert preview.status_code == 200
    assert preview.templates[0].name == "admin/minutes/upload_preview.html"
    parsed = parse_document(
        data,
        name,
        municipality=metadata["municipality"],
        committee=metadata.get("committee"),
        date=parsed_date(metadata.get("date")),
    )
    for item in parsed.items:
        assert escape(item.title) in preview.content.decode()
        if item.case_number:
            assert escape(item.case_number) in preview.content.decode()
    assert not Meeting.objects.exists()
    document = SourceDocument.objects.get()
    assert document.status == SourceDocument.Status.RECEIVED
    assert document.file.read() == data

    saved = confirm(clerk_client, document)
    meeting = Meeting.objects.get()
    assert saved.status_code == 302
    assert saved["Location"] == reverse("admin:minutes_meeting_change", args=[meeting.pk])
    assert_rows_match(meeting, parsed)
    document.refresh_from_db()
    assert (document.status, document.meeting) == (SourceDocument.Status.IMPORTED, meeting)

    landing = clerk_client.get(saved["Location"])
    assert landing.status_code == 200
    assert (
        f'<a href="{meeting.get_absolute_url()}">Se den offentlige side</a>'
        in landing.content.decode()
    )


def parsed_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def test_meeting_list_has_the_upload_button_for_clerks(clerk_client):
    response = clerk_client.get(reverse("admin:minutes_meeting_changelist"))
    assert f'href="{UPLOAD_URL}"' in response.content.decode()
    assert "Upload referat" in response.content.decode()


def test_preview_shows_metadata_decisions_absent_members_and_attachments(clerk_client):
    name = "003_4412e2a01fa469b0.txt"
    response = upload(clerk_client, (SEEDS / name).read_bytes(), name, **SEED_METADATA[name])
    page = response.content.decode()
    parsed = response.context["parsed"]
    item = parsed.items[0]
    assert "Lemvig Kommune" in page and "Kommunalbestyrelsen" in page
    assert 'value="2025-12-16"' in page
    for decision in item.decisions:
        assert escape(decision.text.split("\n")[0]) in page
        for name in decision.absent:
            assert escape(name) in page
    for attachment in item.attachments:
        assert escape(attachment.title) in page
    assert "Nyt møde" in page
    # The layout in the clerk's words, not the parser's identifier.
    assert f"(læst som {escape(layouts.described(parsed.layout))})" in page
    assert f"({parsed.layout})" not in page and f": {parsed.layout})" not in page


def test_preview_shows_the_parsers_warnings(clerk_client):
    # The clerk's date differs from the document's: the parser warns, the clerk's wins.
    response = upload(
        clerk_client,
        HERNING.read_bytes(),
        "r.txt",
        municipality="Herning Kommune",
        date="2026-01-14",
    )
    assert (
        "Mødedatoen i dokumentet (13. januar 2026) afviger fra den indtastede"
        in response.content.decode()
    )


def test_going_back_from_the_preview_keeps_the_metadata(clerk_client):
    response = clerk_client.get(
        UPLOAD_URL, {"municipality": "Herning Kommune", "date": "2026-01-13"}
    )
    assert 'value="Herning Kommune"' in response.content.decode()
    assert 'value="2026-01-13"' in response.content.decode()


def test_corrected_upload_shows_the_changes_and_keeps_item_urls(clerk_client):
    upload(clerk_client, HERNING.read_bytes(), "referat.txt", municipality="Herning Kommune")
    confirm(clerk_client, SourceDocument.objects.get())
    urls_before = {item.pk: item.get_absolute_url() for item in AgendaItem.objects.all()}

    preview = upload(
        clerk_client, corrected_herning(), "referat-rettet.txt", municipality="Herning Kommune"
    )
    page = preview.content.decode()
    assert "Rettet udgave af et møde, der findes" in page
    assert "Ændrede punkter: 8" in page
    assert "Punkter, der udgår" in page and "9 (Generel orientering fra administrationen)" in page
    confirm(clerk_client, SourceDocument.objects.get(original_name="referat-rettet.txt"))

    assert {item.pk: item.get_absolute_url() for item in AgendaItem.objects.all()} == urls_before
    withdrawn = AgendaItem.objects.get(number=9)
    assert withdrawn.is_withdrawn
    meeting = Meeting.objects.get()
    assert meeting.corrected_at is not None
    assert meeting.source_documents.count() == 2
    # The public pages: the withdrawn item's link answers 410, the others still work.
    assert clerk_client.get(withdrawn.get_absolute_url()).status_code == 410
    assert clerk_client.get(AgendaItem.objects.get(number=8).get_absolute_url()).status_code == 200


def test_same_file_twice_is_recognised_and_creates_nothing(clerk_client):
    upload(clerk_client, HERNING.read_bytes(), "referat.txt", municipality="Herning Kommune")
    confirm(clerk_client, SourceDocument.objects.get())
    response = upload(
        clerk_client, HERNING.read_bytes(), "igen.txt", municipality="Herning Kommune"
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:minutes_meeting_change", args=[meeting.pk])
    assert SourceDocument.objects.count() == 1
    assert meeting.corrected_at is None
    landing = clerk_client.get(response["Location"])
    assert "er allerede importeret" in landing.content.decode()


def test_confirming_twice_saves_once(clerk_client):
    upload(clerk_client, HERNING.read_bytes(), "referat.txt", municipality="Herning Kommune")
    document = SourceDocument.objects.get()
    confirm(clerk_client, document)
    response = confirm(clerk_client, document)
    assert response.status_code == 302
    assert Meeting.objects.count() == 1
    assert Meeting.objects.get().corrected_at is None


def test_confirm_reads_the_stored_file_not_the_form(clerk_client):
    upload(clerk_client, HERNING.read_bytes(), "referat.txt", municipality="Herning Kommune")
    document = SourceDocument.objects.get()
    # Anything but the id is ignored: the content comes from the stored file.
    clerk_client.post(CONFIRM_URL, {"source_document": document.pk, "title": "Forfalsket"})
    assert not AgendaItem.objects.filter(title="Forfalsket").exists()
    assert AgendaItem.objects.count() == 9


def test_confirm_of_an_unknown_document_is_404(clerk_client):
    assert clerk_client.post(CONFIRM_URL, {"source_document": 99999}).status_code == 404


def test_confirm_without_a_document_id_goes_back_to_the_form(clerk_client):
    response = clerk_client.post(CONFIRM_URL, {"source_document": "abc"})
    assert response.status_code == 302
    assert response["Location"] == UPLOAD_URL


def test_confirm_needs_post(clerk_client):
    assert clerk_client.get(CONFIRM_URL).status_code == 405


BAD_INPUTS = {
    "empty": (b"", "tom.txt", {}, "Filen er tom."),
    "not minutes": (
        "Indkøbsliste\n\nMælk\nBrød\nOst\n".encode(),
        "liste.txt",
        {},
        "Dokumentets opbygning blev ikke genkendt. Parseren kender referater med "
        'dagsordenspunkter som "Punkt 5: Titel" eller "5. Titel" og JSON-poster fra '
        'publiceringssystemer. Fandt 0 linjer som "Punkt 5: Titel" og 0 som "5. Titel" uden '
        'sagsnummer eller overskrift lige under sig, og 0 overskrifter som "Beslutning" '
        "(i alt 4 linjer tekst).",
    ),
    "unsupported type": (
        b"PK\x03\x04\x14\x00\x06\x00word/document.xml",
        "referat.docx",
        {},
        "Filtypen understøttes ikke (Word-, Excel-, OpenDocument- eller ZIP-fil). "
        "Upload referatet som PDF, HTML, tekst eller JSON.",
    ),
    "broken pdf": (
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage",
        "referat.pdf",
        {},
        "PDF-filen kunne ikke læses; den er måske beskadiget eller ufuldstændig.",
    ),
    "unreadable encoding": (
        b"\x01\x02\x03\x04\x05\x06\x07\x08" * 100,
        "referat.txt",
        {},
        "Filen kunne ikke læses som tekst. Gem den som PDF, HTML eller tekst (UTF-8) og prøv igen.",
    ),
    "no date": (
        (SEEDS / "001_a766cabc7b462376.txt").read_bytes(),
        "001.txt",
        {"committee": "Beskæftigelsesudvalget"},
        "Dokumentet angiver ikke mødedatoen; skriv den i feltet Dato.",
    ),
}


# Files whose text cannot be read at all: the editor is offered empty, to paste the text into.
UNREADABLE = {"empty", "unsupported type", "broken pdf", "unreadable encoding"}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_shows_the_message_and_keeps_the_failed_file(clerk_client, case):
    data, name, fields, message = BAD_INPUTS[case]
    response = upload(clerk_client, data, name, municipality="Herning Kommune", **fields)
    assert response.status_code == 200
    page = response.content.decode()
    if case == "no date":
        # What the form asks for is typed into the form.
        assert response.templates[0].name == "admin/minutes/upload.html"
    else:
        # Never a dead end: the document's text (or an empty editor) to correct.
        assert response.templates[0].name == "admin/minutes/upload_text.html"
        assert ('id="unreadable"' in page) == (case in UNREADABLE)
        assert ('id="parser-help"' in page) == (case not in UNREADABLE)
    assert escape(message) in page
    assert not Meeting.objects.exists()
    assert not AgendaItem.objects.exists()
    document = SourceDocument.objects.get()
    assert (document.status, document.error_message) == (SourceDocument.Status.FAILED, message)
    assert document.file.read() == data


def test_encrypted_pdf_shows_the_message_and_keeps_the_file(clerk_client):
    pdf = text_to_pdf(HERNING.read_text(encoding="utf-8")[:2000], encrypt_with="hemmelig")
    response = upload(clerk_client, pdf, "referat.pdf", municipality="Herning Kommune")
    message = (
        "PDF-filen er krypteret (beskyttet med adgangskode), så teksten kan ikke læses. "
        "Upload en udgave uden adgangskode."
    )
    assert escape(message) in response.content.decode()
    assert not Meeting.objects.exists()
    assert SourceDocument.objects.get().status == SourceDocument.Status.FAILED


def test_pdf_upload_is_read_like_its_text(clerk_client):
    pdf = text_to_pdf(HERNING.read_text(encoding="utf-8"))
    upload(clerk_client, pdf, "referat.pdf", municipality="Herning Kommune")
    confirm(clerk_client, SourceDocument.objects.get())
    assert Meeting.objects.get().items.count() == 9


def test_file_over_the_limit_is_refused_and_not_stored(clerk_client, settings):
    settings.MINUTES_UPLOAD_MAX_BYTES = 1024 * 1024
    data = HERNING.read_bytes() * (1536 * 1024 // len(HERNING.read_bytes()) + 1)
    data = data[: 1536 * 1024]
    response = upload(clerk_client, data, "referat.txt", municipality="Herning Kommune")
    message = (
        "Filen er for stor (1,5 MB); den største fil, der kan uploades, er 1,0 MB. "
        "Filen er ikke gemt."
    )
    assert escape(message) in response.content.decode()
    assert not SourceDocument.objects.exists()
    assert not Meeting.objects.exists()


def test_missing_file_and_municipality_are_asked_for(clerk_client):
    response = clerk_client.post(UPLOAD_URL, {"municipality": "", "committee": "", "date": ""})
    page = response.content.decode()
    assert "Vælg den fil, der skal uploades." in page
    assert "Skriv eller vælg kommunen." in page
    assert not SourceDocument.objects.exists()


def test_invalid_date_is_refused_in_danish(clerk_client):
    response = upload(
        clerk_client,
        HERNING.read_bytes(),
        "r.txt",
        municipality="Herning Kommune",
        date="13-01-2026x",
    )
    assert "Skriv datoen som ÅÅÅÅ-MM-DD, fx 2026-01-13." in response.content.decode()
    assert not SourceDocument.objects.exists()


def test_form_offers_all_98_kommuner_and_the_existing_committees(clerk_client):
    upload(clerk_client, HERNING.read_bytes(), "referat.txt", municipality="Herning Kommune")
    confirm(clerk_client, SourceDocument.objects.get())
    page = clerk_client.get(UPLOAD_URL).content.decode()
    names = page.split('<datalist id="municipality-names">')[1].split("</datalist>")[0]
    assert names.count("<option ") == 98
    assert '<option value="Herning Kommune">' in names
    assert '<option value="Bornholms Regionskommune">' in names
    assert '<option value="Beskæftigelsesudvalget" data-municipality="Herning Kommune">' in page
    assert 'src="/static/js/admin-upload.js"' in page


def test_a_short_kommune_name_saves_under_the_official_one(clerk_client):
    upload(clerk_client, HERNING.read_bytes(), "referat.txt", municipality="herning")
    document = SourceDocument.objects.get()
    assert document.entered_municipality == "Herning Kommune"
    confirm(clerk_client, document)
    assert Meeting.objects.get().municipality.kommunekode == "0657"
    assert Municipality.objects.filter(name__icontains="herning").count() == 1


def test_a_kommune_outside_the_98_is_refused_in_danish(clerk_client):
    response = upload(clerk_client, HERNING.read_bytes(), "referat.txt", municipality="Atlantis")
    assert response.status_code == 200
    assert (
        escape(
            "„Atlantis“ er ikke en dansk kommune. Vælg kommunen på listen over de 98 kommuner, "
            "fx „Herning Kommune“."
        )
        in response.content.decode()
    )
    assert not SourceDocument.objects.exists()
    assert not Municipality.objects.filter(name="Atlantis").exists()


def test_a_new_committee_beside_existing_ones_must_be_asked_for(clerk_client):
    make_committee(name="Beskæftigelsesudvalget", slug="beskaeftigelsesudvalget")
    fields = {"municipality": "Herning Kommune", "committee": "Beskæftigelsesudvalg"}
    response = upload(clerk_client, HERNING.read_bytes(), "referat.txt", **fields)
    assert (
        escape(
            "Herning Kommune har intet udvalg, der hedder „Beskæftigelsesudvalg“. Vælg et af "
            "kommunens udvalg, eller sæt kryds ved „Opret nyt udvalg“. "
            "Mente du „Beskæftigelsesudvalget“?"
        )
        in response.content.decode()
    )
    assert not SourceDocument.objects.exists()

    response = upload(
        clerk_client, HERNING.read_bytes(), "referat.txt", new_committee="on", **fields
    )
    assert response.templates[0].name == "admin/minutes/upload_preview.html"
    assert (
        escape(
            "Udvalget „Beskæftigelsesudvalg“ oprettes som nyt, men ligner "
            "„Beskæftigelsesudvalget“ i Herning Kommune. "
            "Kontrollér, at det ikke er det samme udvalg."
        )
        in response.content.decode()
    )


def test_an_existing_committee_is_found_whatever_the_case(clerk_client):
    make_committee(name="Beskæftigelsesudvalget", slug="beskaeftigelsesudvalget")
    response = upload(
        clerk_client,
        HERNING.read_bytes(),
        "referat.txt",
        municipality="Herning",
        committee="beskæftigelsesudvalget",
    )
    assert response.templates[0].name == "admin/minutes/upload_preview.html"
    confirm(clerk_client, SourceDocument.objects.get())
    assert Committee.objects.count() == 1


def test_staff_without_the_permission_is_refused(client, django_user_model):
    user = django_user_model.objects.create_user("staff", "s@example.dk", PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    client.login(request=HttpRequest(), username="staff", password=PASSWORD)
    assert client.get(UPLOAD_URL).status_code == 403
    response = upload(client, HERNING.read_bytes(), "referat.txt", municipality="Herning Kommune")
    assert response.status_code == 403
    assert client.post(CONFIRM_URL, {"source_document": 1}).status_code == 403
    assert not SourceDocument.objects.exists()
    changelist = client.get(reverse("admin:minutes_meeting_changelist")).content.decode()
    assert "Upload referat" not in changelist


def test_anonymous_visitor_is_sent_to_the_login(client):
    response = client.get(UPLOAD_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_upload_without_csrf_token_is_refused(clerk):
    client = Client(enforce_csrf_checks=True)
    client.login(request=HttpRequest(), username="clerk", password=PASSWORD)
    response = upload(client, HERNING.read_bytes(), "referat.txt", municipality="Herning Kommune")
    assert response.status_code == 403
    assert not SourceDocument.objects.exists()


# The parser's review warnings (parsing/review.py): the meeting's above the items, an
# item's by that item.
REVIEWED_REFERAT = """REFERAT Teknisk Udvalg d. 01-10-2025

Punkt 1: Havnens Perle

Sagsfremstilling

Forslaget forelægges udvalget.

Beslutning

Fremsendes til Teknisk Udvalg til behandling.
BESLUTNINGSFORSLAG FRA DD
Baggrund:
Havnens Perle har været en fast del af Aarhus Havns identitet siden 1962.

Punkt 2: Eventuelt

Sagsfremstilling

Intet.
"""


def test_the_preview_shows_an_items_review_warning_by_that_item(clerk_client):
    response = upload(
        clerk_client, REVIEWED_REFERAT.encode(), "referat.txt", municipality="Aarhus Kommune"
    )
    page = response.content.decode()
    warning = escape(
        'Punkt 1: beslutningen indeholder linjen "BESLUTNINGSFORSLAG FRA DD", der ligner en '
        "overskrift; måske er beslutningen løbet ind i det næste afsnit."
    )
    first_item = page.index('id="item-0"')
    assert first_item < page.index(warning) < page.index('id="item-1"')


def test_the_preview_shows_a_referat_without_decisions_as_the_meetings_warning(clerk_client):
    text = REVIEWED_REFERAT.replace("Beslutning\n\nFremsendes", "Bemærkninger\n\nFremsendes")
    response = upload(clerk_client, text.encode(), "referat.txt", municipality="Aarhus Kommune")
    page = response.content.decode()
    warnings_box = page.index('id="parser-warnings"')
    assert (
        warnings_box
        < page.index(escape("Ingen af punkterne har en beslutning, men dokumentet er et referat"))
        < page.index('id="item-0"')
    )
