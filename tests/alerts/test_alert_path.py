"""The alert path end to end: subscribe, confirm, import, digest, unsubscribe.

Everything real: the pages through the test client (with CSRF checks on), the
seeds through the import path and the search index, the command as cron runs it,
Django's in-memory mail backend.
"""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from minutes.models import AgendaItem, AlertSubscription

from .conftest import (
    ADDRESS,
    VESTHIMMERLAND_2026,
    confirm_link,
    import_herning,
    import_vesthimmerland_2022,
    links_in,
)

pytestmark = pytest.mark.django_db

SITE = "https://referater.example.dk"
OTHER = "redaktion@example.dk"


def send_alerts() -> str:
    out = StringIO()
    call_command("send_alerts", stdout=out)
    return out.getvalue()


def post_with_csrf(client: Client, path: str, data: dict | None = None):
    page = client.get(path)
    assert page.status_code == 200
    token = page.context["csrf_token"]
    return client.post(path, {**(data or {}), "csrfmiddlewaretoken": str(token)})


def test_subscribe_confirm_import_mail_unsubscribe_no_more_mail(import_seed):
    client = Client(enforce_csrf_checks=True)
    # A journalist follows every Beskæftigelsesudvalget, from the list page's link.
    import_seed(VESTHIMMERLAND_2026, municipality="Vesthimmerlands Kommune")
    list_page = client.get("/punkter/?udvalg=beskaeftigelsesudvalget")
    assert 'href="/besked/punkter/?udvalg=beskaeftigelsesudvalget"' in list_page.text

    answer = post_with_csrf(
        client, "/besked/punkter/?udvalg=beskaeftigelsesudvalget&side=2", {"email": ADDRESS}
    )
    assert answer.status_code == 302 and answer["Location"] == "/besked/sendt/"
    assert "Vi har sendt en mail til den adresse, du skrev" in client.get("/besked/sendt/").text
    [confirmation] = mail.outbox
    assert confirmation.to == [ADDRESS]
    assert "Udvalg: Beskæftigelsesudvalget" in confirmation.body

    # Not confirmed yet: the command sends nothing.
    import_herning(import_seed)
    send_alerts()
    assert len(mail.outbox) == 1

    # Confirmed by the link: a page with a button, the button's POST.
    link = confirm_link()
    assert "Bekræft" in client.get(link).text
    assert AlertSubscription.objects.get().confirmed_at is None
    assert post_with_csrf(client, link).status_code == 302
    assert "Beskeden er bekræftet" in client.get(link).text
    # What was there before the confirmation is not news.
    assert "0 mails sendt" in send_alerts()
    assert len(mail.outbox) == 1

    # A matching meeting arrives through the import path.
    meeting = import_vesthimmerland_2022(import_seed)
    new_items = list(AgendaItem.objects.filter(meeting=meeting).public().order_by("number"))
    assert "1 mail sendt" in send_alerts()
    assert len(mail.outbox) == 2
    digest = mail.outbox[1]
    assert digest.to == [ADDRESS]
    links = links_in(digest)
    for item in new_items:
        assert f"{SITE}{item.get_absolute_url()}" in links
    # Only the new meeting's items: neither Herning's (before the confirmation) nor the first.
    item_links = [link for link in links if "/punkt-" in link]
    assert len(item_links) == len(new_items)
    [unsubscribe] = [link for link in links if "/besked/afmeld/" in link and "/alle/" not in link]
    assert digest.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert digest.extra_headers["List-Unsubscribe"].startswith(f"<{SITE}/besked/afmeld/")

    # Run twice: nothing new, no mail.
    assert "0 mails sendt" in send_alerts()
    assert len(mail.outbox) == 2

    # Unsubscribe in one click from the mail: the page's button (no form token needed).
    path = unsubscribe.removeprefix(SITE)
    assert "Afmeld" in client.get(path).text
    assert "Du er afmeldt" in client.post(path).text
    assert not AlertSubscription.objects.exists()

    # Another matching meeting (the same file for a later date, a new meeting): a
    # second reader who follows the same list gets it, the one who left does not.
    other = Client()
    post_with_csrf(other, "/besked/punkter/?udvalg=beskaeftigelsesudvalget", {"email": OTHER})
    post_with_csrf(other, confirm_link())
    import_seed(
        VESTHIMMERLAND_2026, municipality="Vesthimmerlands Kommune", date=dt.date(2026, 6, 2)
    )
    assert "1 mail sendt" in send_alerts()
    assert [message.to for message in mail.outbox[2:]] == [[OTHER], [OTHER]]
