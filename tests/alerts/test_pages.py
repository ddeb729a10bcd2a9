"""The pages under /besked/: subscribing, confirming, unsubscribing, and what they refuse."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from minutes.alerts.subscriptions import CONFIRMATIONS_PER_HOUR
from minutes.models import AlertSubscription

from .conftest import (
    ADDRESS,
    LEMVIG_CASE,
    confirm_link,
    import_herning,
    import_lemvig,
    links_in,
    subscribe,
    subscribe_and_confirm,
)

pytestmark = pytest.mark.django_db


def test_the_subscribe_page_names_the_filters_and_asks_for_an_address(client, import_seed):
    import_herning(import_seed)
    page = client.get("/besked/punkter/?kommune=herning-kommune&q=jobcamp")
    assert page.status_code == 200
    assert "Herning Kommune" in page.text and "“jobcamp”" in page.text
    assert 'type="email"' in page.text and "csrfmiddlewaretoken" in page.text


def test_the_same_filters_in_another_order_are_one_subscription(client):
    subscribe(client, "/besked/punkter/?q=jobcamp&sagsnummer=15.00&orden=nyeste&side=3")
    subscribe(client, "/besked/punkter/?sagsnummer=15.00&q=%20jobcamp%20&q=jobcamp")
    subscription = AlertSubscription.objects.get()
    assert subscription.query == "sagsnummer=15.00&q=jobcamp"
    # The second came within ten minutes of the first mail: no second mail.
    assert len(mail.outbox) == 1


def test_subscribing_again_later_resends_the_same_link_and_a_confirmed_one_gets_none(client):
    subscribe(client, "/besked/punkter/?q=jobcamp")
    first_link = confirm_link()
    AlertSubscription.objects.update(confirmation_sent_at=timezone.now() - dt.timedelta(minutes=11))
    subscribe(client, "/besked/punkter/?q=jobcamp")
    assert len(mail.outbox) == 2 and confirm_link() == first_link

    client.post(first_link)
    answer = subscribe(client, "/besked/punkter/?q=jobcamp")
    assert answer.status_code == 302  # the same answer as always, and no mail
    assert len(mail.outbox) == 2
    assert AlertSubscription.objects.count() == 1


def test_the_address_is_normalised_so_the_same_reader_is_one_subscriber(client):
    subscribe(client, "/besked/punkter/?q=jobcamp", "  Journalist@Example.DK ")
    subscribe(client, "/besked/punkter/?q=jobcamp", ADDRESS)
    assert list(AlertSubscription.objects.values_list("email", flat=True)) == [ADDRESS]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Vælg mindst ét filter eller søg efter noget"),
        ("?side=2&orden=nyeste", "Vælg mindst ét filter eller søg efter noget"),
        ("?fra=2026-13-01", "Skriv datoen som åååå-mm-dd, fx 2026-01-13."),
        ("?kommune=atlantis", "Ukendt kommune: atlantis."),
        ("?udvalg=ingen-saadan", "Ukendt udvalg: ingen-saadan."),
        ("?fra=2026-02-01&til=2026-01-01", "Til-datoen ligger før fra-datoen."),
        ("?q=" + "x" * 201, "Søgningen er for lang (højst 200 tegn)."),
    ],
)
def test_filters_the_list_would_refuse_are_refused_with_the_lists_message(client, query, message):
    for answer in (
        client.get(f"/besked/punkter/{query}"),
        subscribe(client, f"/besked/punkter/{query}"),
    ):
        assert answer.status_code == 400
        assert message in answer.text
    assert not AlertSubscription.objects.exists()
    assert mail.outbox == []


def test_a_bad_address_is_refused_in_danish(client):
    answer = subscribe(client, "/besked/punkter/?q=jobcamp", "ikke en adresse")
    assert answer.status_code == 400
    assert "Det ligner ikke en e-mailadresse. Skriv den som navn@eksempel.dk." in answer.text
    assert "ikke en adresse" not in answer.text
    assert not AlertSubscription.objects.exists()


def test_the_number_of_subscriptions_per_address_is_limited(client, settings):
    settings.ALERTS_MAX_PER_ADDRESS = 2
    subscribe(client, "/besked/punkter/?q=jobcamp")
    subscribe(client, "/besked/punkter/?q=budget")
    answer = subscribe(client, "/besked/punkter/?q=rygestop")
    assert answer.status_code == 400
    assert "Denne adresse har allerede 2 beskeder, det højeste antal." in answer.text
    assert ADDRESS not in answer.text
    assert AlertSubscription.objects.count() == 2
    assert len(mail.outbox) == 2
    # The same one again is not a new one: still allowed.
    assert subscribe(client, "/besked/punkter/?q=budget").status_code == 302


def test_confirmation_mails_to_one_address_are_limited_per_hour(client, settings):
    for number in range(CONFIRMATIONS_PER_HOUR):
        assert subscribe(client, f"/besked/punkter/?q=ord{number}").status_code == 302
    answer = subscribe(client, "/besked/punkter/?q=endnu")
    assert answer.status_code == 429
    assert "Der er sendt mange bekræftelsesmails til denne adresse den seneste time." in answer.text
    assert len(mail.outbox) == CONFIRMATIONS_PER_HOUR
    assert AlertSubscription.objects.count() == CONFIRMATIONS_PER_HOUR


def test_a_mail_server_that_does_not_answer_keeps_nothing(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    answer = subscribe(client, "/besked/punkter/?q=jobcamp")
    assert answer.status_code == 503
    assert "Mailen kunne ikke sendes lige nu. Prøv igen om lidt." in answer.text
    assert not AlertSubscription.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/besked/bekraeft/{token}/",
        "/besked/afmeld/{token}/",
        "/besked/afmeld/{token}/alle/",
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_bad_token_is_a_danish_404(client, path, method):
    subscribe(client, "/besked/punkter/?q=jobcamp")
    answer = getattr(client, method)(path.format(token="forkert-token"))
    assert answer.status_code == 404
    assert "Linket virker ikke" in answer.text
    assert AlertSubscription.objects.get().confirmed_at is None


def test_a_confirmation_link_expires_after_a_week_and_the_digest_deletes_it(client):
    subscribe(client, "/besked/punkter/?q=jobcamp")
    AlertSubscription.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    assert client.get(confirm_link()).status_code == 404
    assert client.post(confirm_link()).status_code == 404
    from django.core.management import call_command

    call_command("send_alerts", verbosity=0)
    assert not AlertSubscription.objects.exists()


def test_the_unsubscribe_link_for_every_alert_removes_every_alert_of_the_address(client):
    subscribe_and_confirm(client, "/besked/punkter/?q=jobcamp")
    subscribe_and_confirm(client, "/besked/punkter/?q=budget")
    subscribe(client, "/besked/punkter/?q=budget", "en.anden@example.dk")
    token = AlertSubscription.objects.filter(email=ADDRESS).first().unsubscribe_token
    page = client.get(f"/besked/afmeld/{token}/alle/")
    assert "afmelde alle 2 beskeder" in page.text
    answer = client.post(f"/besked/afmeld/{token}/alle/")
    assert "2 beskeder er afmeldt" in answer.text
    assert list(AlertSubscription.objects.values_list("email", flat=True)) == [
        "en.anden@example.dk"
    ]


def test_a_case_is_followed_from_its_page(client, import_seed):
    import_lemvig(import_seed)
    case_page = client.get(f"/kommuner/lemvig-kommune/sager/{LEMVIG_CASE}/")
    link = f"/besked/kommuner/lemvig-kommune/sager/{LEMVIG_CASE}/"
    assert f'href="{link}"' in case_page.text
    page = client.get(link)
    assert page.status_code == 200 and LEMVIG_CASE in page.text and "Lemvig Kommune" in page.text
    subscribe_and_confirm(client, link)
    subscription = AlertSubscription.objects.get()
    assert (subscription.municipality.slug, subscription.case_number) == (
        "lemvig-kommune",
        LEMVIG_CASE,
    )
    assert subscription.confirmed_at is not None


def test_an_unknown_case_cannot_be_followed(client, import_seed):
    import_lemvig(import_seed)
    answer = client.get("/besked/kommuner/lemvig-kommune/sager/99.99.99-A00-1-25/")
    assert answer.status_code == 404
    assert "Lemvig Kommune har ingen offentlige punkter med dette sagsnummer." in answer.text
    assert subscribe(client, "/besked/kommuner/lemvig-kommune/sager/99/").status_code == 404
    assert client.get("/besked/kommuner/atlantis/sager/1/").status_code == 404
    assert not AlertSubscription.objects.exists()


def test_no_page_shows_the_address(import_seed):
    client = Client()
    import_lemvig(import_seed)
    case = f"/besked/kommuner/lemvig-kommune/sager/{LEMVIG_CASE}/"
    pages = [subscribe(client, "/besked/punkter/?q=jobcamp")]
    pages.append(client.get("/besked/sendt/"))
    link = confirm_link()
    pages += [client.get(link), client.post(link, follow=True)]
    subscribe_and_confirm(client, case)
    unsubscribe = AlertSubscription.objects.first().unsubscribe_token
    pages += [
        client.get("/punkter/?q=jobcamp"),
        client.get(f"/kommuner/lemvig-kommune/sager/{LEMVIG_CASE}/"),
        client.get(case),
        subscribe(client, "/besked/punkter/?q=jobcamp"),  # already confirmed: same answer
        client.post("/besked/punkter/?q=jobcamp", {"email": ADDRESS + "x"}),  # refused
        client.get(f"/besked/afmeld/{unsubscribe}/"),
        client.get(f"/besked/afmeld/{unsubscribe}/alle/"),
        client.post(f"/besked/afmeld/{unsubscribe}/"),
    ]
    assert len(pages) == 12
    for page in pages:
        text = page.content.decode() + "".join(f"{k}: {v}" for k, v in page.items())
        assert "journalist" not in text.lower(), page.wsgi_request.path
        assert "example.dk" not in text, page.wsgi_request.path


def test_subscribing_and_confirming_need_the_forms_csrf_token():
    client = Client(enforce_csrf_checks=True)
    answer = client.post("/besked/punkter/?q=jobcamp", {"email": ADDRESS})
    assert answer.status_code == 403
    assert not AlertSubscription.objects.exists()

    Client().post("/besked/punkter/?q=jobcamp", {"email": ADDRESS})
    assert client.post(confirm_link()).status_code == 403
    assert AlertSubscription.objects.get().confirmed_at is None


def test_unsubscribing_is_one_click_as_rfc_8058_posts_it():
    Client().post("/besked/punkter/?q=jobcamp", {"email": ADDRESS})
    token = AlertSubscription.objects.get().unsubscribe_token
    # A mail client's one-click: a POST with this body, no cookie, no form token.
    answer = Client(enforce_csrf_checks=True).post(
        f"/besked/afmeld/{token}/alle/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert answer.status_code == 200
    assert not AlertSubscription.objects.exists()


def test_the_confirmation_mail_has_the_link_and_says_what_is_followed(client):
    subscribe(client, "/besked/punkter/?q=jobcamp&fra=2026-01-01")
    [message] = mail.outbox
    assert message.subject == "Bekræft din e-mailbesked fra Referater"
    assert "Søg: “jobcamp”" in message.body and "Fra dato: 2026-01-01" in message.body
    [link] = links_in(message)
    assert re.fullmatch(r"https://referater\.example\.dk/besked/bekraeft/[\w-]{43}/", link)
